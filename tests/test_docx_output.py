"""The DOCX as Word, LibreOffice and python-docx read it: the title page
first, one font in every heading, tables of their own, filled contents
lists, a borderless signature table, black links, real keywords."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")


@pytest.fixture(scope="module")
def thesis_docx(built_tiny):
    import docx

    return docx.Document(built_tiny / "build/thesis.docx")


def body_paragraphs(d):
    return [c for c in d.element.body.iterchildren(f"{W}p")]


def style_id(p):
    s = p.find(f"{W}pPr/{W}pStyle")
    return s.get(f"{W}val") if s is not None else None


def test_docx_opens_with_the_title_page_unnumbered(thesis_docx):
    paras = body_paragraphs(thesis_docx)
    assert style_id(paras[0]) == "TitlePage", style_id(paras[0])
    assert not [p for p in paras if style_id(p) in ("Title", "Author", "Subtitle", "Date")]
    # the front-matter section: roman numbers, a first page of its own
    # (titlePg) and no first-page footer, so the title page shows none
    sect = next(p for p in paras if p.find(f"{W}pPr/{W}sectPr") is not None).find(f"{W}pPr/{W}sectPr")
    assert sect.find(f"{W}titlePg") is not None
    assert sect.find(f"{W}pgNumType").get(f"{W}fmt") == "lowerRoman"
    assert not [f for f in sect.iter(f"{W}footerReference") if f.get(f"{W}type") == "first"]


@pytest.mark.parametrize("name", ["Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading"])
def test_heading_styles_name_the_thesis_font_and_no_theme_font(thesis_docx, name):
    style = thesis_docx.styles[name]
    rfonts = style.element.find(f"{W}rPr/{W}rFonts")
    assert rfonts is not None
    assert not [a for a in THEME_ATTRS if rfonts.get(f"{W}{a}")], rfonts.attrib
    assert style.font.name == "Times New Roman"
    color = style.element.find(f"{W}rPr/{W}color")
    assert color is None or (color.get(f"{W}val") == "000000" and color.get(f"{W}themeColor") is None)


def test_no_theme_font_anywhere_in_the_styles(built_tiny):
    styles = zipfile.ZipFile(built_tiny / "build/thesis.docx").read("word/styles.xml").decode()
    assert not re.search(r'w:(ascii|hAnsi)Theme="', styles)


def test_table_cells_are_single_spaced_unindented_with_a_repeated_header(thesis_docx):
    from docx.enum.text import WD_LINE_SPACING

    tables = [t for t in thesis_docx.tables if t._tbl.tblPr.find(f"{W}tblStyle").get(f"{W}val") == "Table"]
    assert tables, "the tiny thesis has Tabel 1.1"
    cells = [p for t in tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert {p.style.name for p in cells} == {"Table Text"}
    style = thesis_docx.styles["Table Text"].paragraph_format
    assert style.first_line_indent == 0 and style.line_spacing_rule == WD_LINE_SPACING.SINGLE
    first_row = tables[0].rows[0]._tr
    assert first_row.find(f"{W}trPr/{W}tblHeader") is not None


def test_approval_page_has_a_borderless_signature_table(thesis_docx):
    sig = [t for t in thesis_docx.tables if t._tbl.tblPr.find(f"{W}tblStyle").get(f"{W}val") == "SignatureTable"]
    assert len(sig) == 1
    rows = [[c.text for c in r.cells] for r in sig[0].rows]
    assert rows[0] == ["Jabatan", "Nama", "Tanda Tangan", "Tanggal"]
    assert rows[1][:2] == ["Pembimbing", "Pembimbing Uji"] and set(rows[1][2]) == {"_"}
    borders = thesis_docx.styles["Signature Table"].element.find(f"{W}tblPr/{W}tblBorders")
    assert {b.get(f"{W}val") for b in borders} == {"nil"}
    text = "\n".join(p.text for p in thesis_docx.paragraphs)
    assert "Mengetahui," in text and "Kota Uji, 31 Januari 2026" in text


def contents_entries(d, heading):
    """The cached result of the contents field under the list's heading."""
    paras = body_paragraphs(d)
    # a tab (after a list entry's label) reads as a space
    texts = [
        "".join(t.text or "" if t.tag == f"{W}t" else " " for t in p.iter(f"{W}t", f"{W}tab")).strip() for p in paras
    ]
    start = (
        next(
            i for i, (p, t) in enumerate(zip(paras, texts, strict=False)) if style_id(p) == "Heading1" and t == heading
        )
        + 1
    )
    out = []
    for p, text in zip(paras[start:], texts[start:], strict=False):
        if not (style_id(p) or "").startswith(("TOC", "TableofFigures")):
            break
        out.append(text)
    return out


def test_contents_fields_hold_their_entries(thesis_docx):
    toc = contents_entries(thesis_docx, "DAFTAR ISI")
    assert "BAB I PENDAHULUAN" in toc and "A. Latar Belakang" in toc and "DAFTAR PUSTAKA" in toc
    assert "DAFTAR ISI" in toc and "DAFTAR GAMBAR" in toc
    lof = contents_entries(thesis_docx, "DAFTAR GAMBAR")
    assert len(lof) == 1 and lof[0].startswith("Gambar 1.1 Pola hubungan uji")
    lot = contents_entries(thesis_docx, "DAFTAR TABEL")
    assert lot == ["Tabel 1.1 Ringkasan uji"]


def test_links_are_black_and_keywords_are_real(built_tiny, thesis_docx):
    from docx.shared import RGBColor

    assert thesis_docx.styles["Hyperlink"].font.color.rgb == RGBColor(0, 0, 0)
    assert thesis_docx.core_properties.keywords == "uji"


def test_libreoffice_shows_title_page_first_and_filled_contents(built_tiny, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice or not shutil.which("pdftotext") or not shutil.which("pdffonts"):
        pytest.skip("LibreOffice and poppler-utils are needed (Debian: libreoffice-writer, poppler-utils)")
    from libreoffice import to_pdf

    pdf = to_pdf(built_tiny / "build/thesis.docx", tmp_path)

    def page(n):
        out = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True)
        return out.stdout.decode("utf-8")

    first = page(1)
    assert "TESIS CONTOH UNTUK UJI PIPELINE" in first
    assert not re.search(r"^\s*i\s*$", first, re.M), "the title page shows a page number"
    pages = [page(n) for n in range(2, 9)]
    toc = next(p for p in pages if "DAFTAR ISI" in p and "Klik kanan" not in p)
    assert re.search(r"BAB I PENDAHULUAN\s*\.{5,}", toc), toc
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, encoding="utf-8").stdout
    assert not re.search(r"Sans|Aptos|Carlito|Calibri", fonts), fonts
