"""End-to-end: build the tiny fixture thesis and look at what a reader gets."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import snakemake


def pdf_text(path: Path) -> str:
    import pypdf

    text = "".join(p.extract_text() or "" for p in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def test_pdf_is_a4_with_roman_then_arabic_page_labels(built_tiny):
    import pypdf

    r = pypdf.PdfReader(built_tiny / "build/thesis.pdf")
    box = r.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    labels = r.page_labels
    first_arabic = next(i for i, lab in enumerate(labels) if lab.isdigit())
    assert labels[:3] == ["i", "ii", "iii"]
    assert all(re.fullmatch(r"[ivxlcdm]+", lab) for lab in labels[:first_arabic])
    assert labels[first_arabic] == "1"
    assert labels[first_arabic:] == [str(i + 1) for i in range(len(labels) - first_arabic)]


def test_pdf_text_has_thesis_parts_and_generated_notes(built_tiny):
    text = pdf_text(built_tiny / "build/thesis.pdf")
    for needle in [
        "BAB I",
        "PENDAHULUAN",
        "BAB II",
        "DAFTAR ISI",
        "DAFTAR GAMBAR",
        "DAFTAR TABEL",
        "DAFTAR PUSTAKA",
        "Ibid.",
        "Gambar 1.1",
        "Tabel 1.1",
        "A. Latar Belakang",
        "hlm. 232",
        "Sumber:",
        "Penulis Uji",
    ]:
        assert needle in text, needle
    assert "[@" not in text and "??" not in text
    assert "Mas’oed, Mohtar" in text or "Mas'oed, Mohtar" in text  # bibliography sorted by family name


def test_pdf_metadata_from_config(built_tiny):
    import pypdf

    info = pypdf.PdfReader(built_tiny / "build/thesis.pdf").metadata
    assert info.title == "Tesis Contoh untuk Uji Pipeline"
    assert info.author == "Penulis Uji"


def test_docx_is_a4_with_real_footnotes_and_thesis_styles(built_tiny):
    z = zipfile.ZipFile(built_tiny / "build/thesis.docx")
    doc = z.read("word/document.xml").decode()
    notes = z.read("word/footnotes.xml").decode()
    styles = z.read("word/styles.xml").decode()
    assert 'w:w="11906"' in doc and 'w:h="16838"' in doc  # A4 in twips
    real_notes = re.findall(r"<w:footnote (?![^>]*w:type=)[^>]*>", notes)
    # the text's four citations; the figure's is written out in its source line
    assert len(real_notes) == 4
    assert "Ibid." in notes
    for style in ("Title Page", "Draft Marker", "Figure Source", "Footnote Text"):
        assert f'w:name w:val="{style}"' in styles, style
    assert "Gambar 1.1" in doc and "Tabel 1.1" in doc
    assert 'w:fmt="lowerRoman"' in doc and "footerReference" in doc
    # alt text of the figure: generated from what it draws, then the spec's sentence
    assert 'descr="Diagram hubungan antaraktor. Negara A: G1, S1; Negara B: G2.' in doc
    assert "Diagram uji: dua pemerintah dan masyarakatnya." in doc
    # Word offers to update fields on opening, so the contents lists fill in
    settings = z.read("word/settings.xml").decode()
    tags = re.findall(r"<w:(\w+)", settings)
    assert 'w:updateFields w:val="true"' in settings
    later = [t for t in ("footnotePr", "compat", "rsids", "themeFontLang") if t in tags]
    assert all(tags.index("updateFields") < tags.index(t) for t in later), tags


def test_second_run_has_nothing_to_do(built_tiny):
    proc = snakemake(built_tiny, "-n")
    assert proc.returncode == 0
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_libreoffice_opens_the_docx(built_tiny, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer)")
    from libreoffice import to_pdf

    out = to_pdf(built_tiny / "build/thesis.docx", tmp_path)
    assert "PENDAHULUAN" in pdf_text(out)


def test_citing_never_waits_for_drawing(tmp_path):
    """The PDF's path must not wait for matplotlib: a dry run for the cited
    AST from an empty build/ plans the metadata step, never the drawing."""
    from conftest import make_project

    project = make_project(tmp_path / "p")
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "-n", "--cores", "2", "build/thesis.cited.json"],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    planned = set(re.findall(r"^rule (\w+):", proc.stdout, re.M))
    assert {"chapters", "figure_data", "cite"} <= planned, planned
    assert "figures" not in planned
