"""This thesis's notes in reading order, built (its 21 notes): moved from
tests/test_note_order.py, which keeps the filter's round trip on its own text."""

from __future__ import annotations

import pytest
from pages import footnote_numbers, have_poppler


@pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")
def test_pdf_footnote_numbers_increase_page_after_page(built_thesis):
    from scripts.check.verify import docx_footnotes, docx_parts

    pages = footnote_numbers(built_thesis / "build" / "thesis.pdf")
    markers = [n for m, _ in pages for n in m]
    _body, notes = docx_parts(built_thesis / "build" / "thesis.docx")
    assert markers == list(range(1, docx_footnotes(notes) + 1)), [(i + 1, m) for i, (m, _) in enumerate(pages) if m]
    for i, (m, e) in enumerate(pages):
        assert m == e, f"page {i + 1}: markers {m}, notes at its foot {e}"


def test_docx_notes_in_the_order_of_the_text(built_thesis):
    """Word and LibreOffice number notes by where their references stand;
    the DOCX holds them in the cited text's order, none in a figure's
    caption or source line (which do not float in the DOCX, but are the
    same text as the PDF's)."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    z = zipfile.ZipFile(built_thesis / "build" / "thesis.docx")
    doc = etree.fromstring(z.read("word/document.xml"))
    refs = [int(r.get(f"{w}id")) for r in doc.iter(f"{w}footnoteReference")]
    assert refs == sorted(refs) and len(set(refs)) == len(refs) == 21
    for p in doc.iter(f"{w}p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        if style is not None and style.get(f"{w}val") in ("FigureSource", "ImageCaption", "TableCaption"):
            assert p.find(f".//{w}footnoteReference") is None
