"""The DOCX's contents lists as a supervisor sees them in LibreOffice: page
numbers in DAFTAR ISI that are the pages LibreOffice sets the headings on,
wrapped DAFTAR GAMBAR entries aligned under their caption, tables inside
the margins. Measured on LibreOffice's own PDF of the real thesis."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CM = 72 / 2.54


@pytest.fixture(scope="module")
def lo_pdf(built_thesis, tmp_path_factory):
    if not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice and poppler-utils are needed (Debian: libreoffice-writer, poppler-utils)")
    from libreoffice import to_pdf

    return to_pdf(built_thesis / "build/thesis.docx", tmp_path_factory.mktemp("lo"))


def pages(pdf) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=60, check=True)
    return out.stdout.decode("utf-8").split("\f")


def folio(page: str) -> str:
    """The number printed at the foot of a page."""
    lines = [x.strip() for x in page.splitlines() if x.strip()]
    return lines[-1] if lines else ""


def test_docx_contents_are_entries_with_page_references(built_thesis):
    """No TOC field around the entries (LibreOffice would show its empty
    cached text), a PAGEREF to a bookmark in every entry."""
    xml = zipfile.ZipFile(built_thesis / "build/thesis.docx").read("word/document.xml").decode("utf-8")
    assert not re.search(r"<w:instrText[^>]*> TOC ", xml)
    refs = re.findall(r"PAGEREF (_Toc\d+) \\h", xml)
    assert len(refs) > 30
    marks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="(_Toc\d+)"', xml))
    assert set(refs) <= marks


def test_libreoffice_shows_the_pages_it_sets_the_headings_on(lo_pdf):
    text = pages(lo_pdf)
    toc = next(i for i, p in enumerate(text) if re.search(r"^\s*DAFTAR ISI\s*$", p, re.M))
    entries = {}
    for p in text[toc : toc + 3]:
        for m in re.finditer(
            r"^\s*(BAB [IVX]+ [A-Z][^.\n]*?|[A-H]\. [^.\n]+?|DAFTAR PUSTAKA)\.{3,}\s*(\d+)\s*$", p, re.M
        ):
            entries[m.group(1).strip()] = m.group(2)
    assert len(entries) >= 15, entries
    assert entries["BAB I PENDAHULUAN"] == "1"
    by_folio = {folio(p): p for p in text}
    for title, number in entries.items():
        page = by_folio.get(number)
        assert page is not None, f"no page {number} for {title!r}"
        words = title.split()[:4]
        assert re.search(r"\s+".join(map(re.escape, words)), page), (title, number)


def chars_by_line(pdf, page_no):
    """Lines of a page as (top, [(x0, char)...]), from pdfminer."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextLine

    page = next(iter(extract_pages(str(pdf), page_numbers=[page_no], laparams=LAParams())))
    lines = []

    def walk(obj):
        if isinstance(obj, LTTextLine):
            chars = [(c.x0, c.get_text()) for c in obj if isinstance(c, LTChar)]
            if chars:
                lines.append((round(obj.y1), chars))
        elif hasattr(obj, "__iter__"):
            for o in obj:
                walk(o)

    walk(page)
    return sorted(lines, key=lambda t: -t[0]), page


def test_wrapped_figure_entries_align_under_the_caption(lo_pdf):
    text = pages(lo_pdf)
    lof = next(i for i, p in enumerate(text) if re.search(r"^\s*DAFTAR GAMBAR\s*$", p, re.M) and "Gambar 1.1" in p)
    lines, _ = chars_by_line(lo_pdf, lof)
    caption_x, continuation_x = set(), set()
    for _, chars in lines:
        s = "".join(c for _, c in chars)
        m = re.match(r"Gambar \d+\.\d+\s*", s)
        if m and m.end() < len(s):
            caption_x.add(round(chars[m.end()][0]))  # label and caption on one text line
        elif m:
            continue  # the label alone: its caption is a text line of its own
        elif not re.fullmatch(r"\s*(DAFTAR GAMBAR|[ivxl]+)\s*", s):
            continuation_x.add(round(chars[0][0]))
    assert continuation_x, "no wrapped entry in DAFTAR GAMBAR"
    assert len(caption_x | continuation_x) == 1, (caption_x, continuation_x)


def test_tables_stand_inside_the_margins(lo_pdf):
    from pdfminer.layout import LTCurve

    text = pages(lo_pdf)
    at = next(i for i, p in enumerate(text) if re.search(r"^\s*Hipotesis\s+Bukti", p, re.M))
    _, page = chars_by_line(lo_pdf, at)
    edges = [o for o in page if isinstance(o, LTCurve)]
    assert edges, "no table rules on the page of Tabel 3.1"
    left, right = min(o.x0 for o in edges), max(o.x1 for o in edges)
    # A4, margins 4 cm left and 3 cm right (config.yaml)
    assert left >= 4 * CM - 1, (left, 4 * CM)
    assert right <= (21 - 3) * CM + 1, (right, 18 * CM)


def test_libreoffice_numbers_the_notes_page_after_page(lo_pdf):
    """The DOCX as LibreOffice sets it: footnote numbers increase from page
    to page, each page's notes at its own foot (figures carry no notes)."""
    from pages import footnote_numbers

    pages = footnote_numbers(lo_pdf)
    markers = [n for m, _ in pages for n in m]
    assert markers == list(range(1, 22)), [(i + 1, m) for i, (m, _) in enumerate(pages) if m]
    for i, (m, e) in enumerate(pages):
        assert m == e, f"page {i + 1}: markers {m}, notes at its foot {e}"
