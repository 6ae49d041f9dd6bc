"""Reproducible and archivable: the same commit gives the same bytes in any
folder; the PDF declares PDF/A-2b and PDF/UA-1 and passes qpdf --check."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess

import pytest

from conftest import make_project, snakemake

OUTPUTS = ["build/thesis.pdf", "build/thesis.docx", "build/figures/pola.svg", "build/figures/pola.png"]


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_two_builds_in_two_folders_are_byte_identical(built_tiny, tmp_path):
    other = make_project(tmp_path / "elsewhere" / "deeper" / "copy")
    proc = snakemake(other)
    assert proc.returncode == 0, proc.stderr
    for rel in OUTPUTS:
        assert digest(built_tiny / rel) == digest(other / rel), rel


def test_no_absolute_paths_or_clock_in_outputs(built_tiny):
    pdf = (built_tiny / "build/thesis.pdf").read_bytes()
    assert str(built_tiny).encode() not in pdf
    assert b"/tmp/" not in pdf
    import zipfile

    z = zipfile.ZipFile(built_tiny / "build/thesis.docx")
    for name in z.namelist():
        assert str(built_tiny).encode() not in z.read(name), name
    assert {i.date_time for i in z.infolist()} == {z.infolist()[0].date_time}


def test_pdf_declares_pdfa_2b_and_pdfua_1(built_tiny):
    import pypdf

    r = pypdf.PdfReader(built_tiny / "build/thesis.pdf")
    root = r.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part(>|=\")2", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)
    assert str(root["/Lang"]).startswith("id")
    assert root["/MarkInfo"]["/Marked"]


def test_qpdf_check_passes(built_tiny):
    qpdf = shutil.which("qpdf")
    if not qpdf:
        pytest.skip("qpdf is not installed (Debian: qpdf)")
    proc = subprocess.run(
        [qpdf, "--check", str(built_tiny / "build/thesis.pdf")], capture_output=True, text=True, encoding="utf-8"
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors" in proc.stdout


def test_image_without_alt_text_fails_under_pdf_ua(tiny):
    ch = tiny / "chapters" / "02-penutup.md"
    (tiny / "gambar").mkdir()
    shutil.copy(tiny / "data" / "diagrams" / "_legend.yaml", tiny / "gambar" / "x.png")  # existence is enough
    ch.write_text(
        ch.read_text(encoding="utf-8") + "\nLihat @fig:foto.\n\n![Foto lapangan](gambar/x.png){#fig:foto}\n",
        encoding="utf-8",
    )
    proc = snakemake(tiny)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert re.search(r"chapters/02-penutup\.md:\d+:\d+: error: image 'gambar/x\.png' has no alt text", out), out[-2000:]
