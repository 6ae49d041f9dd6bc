"""Make the reference DOCX pandoc styles the Word output with, from config.

Starts from pandoc's own reference document (so every style pandoc uses
exists) and sets page size, margins, fonts, spacing and the thesis styles:
chapter headings centred on a new page, footnotes 10 pt single-spaced,
captions, the title page, draft markers, and a centred page-number footer.
"""

from __future__ import annotations

import io
import sys
import zipfile

from scripts.common import main_guard, pandoc_path, run_tool, write_atomic

FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def pandoc_reference() -> bytes:
    argv = [pandoc_path(), "--print-default-data-file", "reference.docx"]
    return run_tool(argv, what="pandoc (reference.docx)").stdout


def add_page_field(paragraph):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind):
        r = OxmlElement("w:r")
        f = OxmlElement("w:fldChar")
        f.set(qn("w:fldCharType"), kind)
        r.append(f)
        return r

    paragraph._p.append(fld("begin"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = " PAGE "
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(fld("separate"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(fld("end"))


def shade(style, fill="EBEBEB"):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr() if hasattr(style.element, "get_or_add_pPr") else None
    if ppr is None:
        return
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    ppr.append(shd)


def page_setup(d, lay) -> None:
    """A4 (or letter), the configured margins, arabic numbers from 1 in the
    last section (BAB I on), a centred page number in its footer."""
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    sec = d.sections[0]
    if lay.get("paper", "a4") == "a4":
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    else:
        sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    m = lay["margins_cm"]
    sec.top_margin, sec.left_margin = Cm(m["top"]), Cm(m["left"])
    sec.bottom_margin, sec.right_margin = Cm(m["bottom"]), Cm(m["right"])
    sec.start_type = WD_SECTION.NEW_PAGE
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    sec._sectPr.append(pg)
    footer = sec.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(p)


def text_width_cm(lay) -> float:
    width = 21.0 if lay.get("paper", "a4") == "a4" else 21.59
    return width - lay["margins_cm"]["left"] - lay["margins_cm"]["right"]


def para_style(styles, name, base=None):
    from docx.enum.style import WD_STYLE_TYPE

    try:
        return styles[name]
    except KeyError:
        s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            s.base_style = styles[base]
        return s


def drop_theme_fonts_and_colours(styles_element) -> None:
    """pandoc's reference styles name theme fonts (Aptos Display in current
    Word) and theme colours, which win over w:ascii/w:hAnsi and w:val: Word
    and LibreOffice then show Title and Heading 1-2 in a sans font. The
    thesis has one font, so every theme attribute goes."""
    from docx.oxml.ns import qn

    theme = [
        qn(f"w:{a}")
        for a in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme", "themeColor", "themeShade", "themeTint")
    ]
    for el in styles_element.iter(qn("w:rFonts"), qn("w:color")):
        for a in theme:
            el.attrib.pop(a, None)


def set_fonts(rpr, font) -> None:
    from docx.oxml.ns import qn

    rf = rpr.get_or_add_rFonts()
    for a in ("ascii", "hAnsi", "eastAsia", "cs"):
        rf.set(qn(f"w:{a}"), font)


def body_styles(styles, lay, font, size) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    spacing = float(lay.get("line_spacing", 1.5))
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        s = para_style(styles, name)
        s.font.name = font
        s.font.size = size
        if name in ("Body Text", "First Paragraph"):
            pf = s.paragraph_format
            pf.line_spacing = spacing
            pf.first_line_indent = Cm(lay.get("first_line_indent_cm", 1.25))
            pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf.space_before, pf.space_after = Pt(0), Pt(0)
    set_fonts(styles["Normal"].element.get_or_add_rPr(), font)
    # the document defaults too: a style that names no font falls back to them
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        for rpr in defaults.iter(qn("w:rPr")):
            set_fonts(rpr, font)


def heading_styles(styles, font, size) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    for level in range(1, 10):
        try:
            s = styles[f"Heading {level}"]
        except KeyError:
            continue
        set_fonts(s.element.get_or_add_rPr(), font)
        s.font.bold = True
        s.font.italic = False
        s.font.color.rgb = RGBColor(0, 0, 0)
        s.font.size = Pt(14) if level == 1 else size
        pf = s.paragraph_format
        pf.space_before, pf.space_after = Pt(12), Pt(12 if level == 1 else 6)
        pf.keep_with_next = True
        pf.first_line_indent = Pt(0)
        if level == 1:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.page_break_before = True
            pf.space_after = Pt(24)
    for name in ("Title", "Subtitle", "Author", "Date", "Abstract", "TOC Heading"):
        try:
            s = styles[name]
        except KeyError:
            continue
        s.font.color.rgb = RGBColor(0, 0, 0)
        set_fonts(s.element.get_or_add_rPr(), font)


def note_and_caption_styles(styles, lay, font) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    fn = para_style(styles, "Footnote Text")
    fn.font.size = Pt(lay.get("footnote_size_pt", 10))
    fn.font.name = font
    fn.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fn.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name in ("Caption", "Image Caption", "Table Caption"):
        s = para_style(styles, name, "Normal")
        s.font.size = Pt(11)
        s.font.italic = False
        s.font.name = font
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    src = para_style(styles, "Figure Source", "Normal")
    src.font.size = Pt(10)
    src.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    src.paragraph_format.space_after = Pt(12)
    bib = para_style(styles, "Bibliography", "Normal")
    bib.paragraph_format.left_indent = Cm(1.25)
    bib.paragraph_format.first_line_indent = Cm(-1.25)
    bib.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    bib.paragraph_format.space_after = Pt(12)
    # a heading no contents list shows (the groups of a grouped DAFTAR
    # PUSTAKA): set like Heading 2, but on Normal, so it has no outline
    # level for Word's TOC field (\o, \u) to list on an update
    grp = para_style(styles, "Unlisted Heading", "Normal")
    grp.font.bold = True
    grp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    grp.paragraph_format.first_line_indent = Cm(0)
    grp.paragraph_format.space_before, grp.paragraph_format.space_after = Pt(12), Pt(6)
    grp.paragraph_format.keep_with_next = True


def front_page_styles(styles, lay) -> None:
    """The title page; the approval page's signature table (no borders)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Cm, Pt

    tp = para_style(styles, "Title Page", "Normal")
    tp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tp.paragraph_format.first_line_indent = Cm(0)
    tp.paragraph_format.space_after = Pt(12)
    # the approval statement: ragged right, so the title is not stretched
    appr = para_style(styles, "Approval Text", "Body Text")
    appr.paragraph_format.first_line_indent = Cm(0)
    appr.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    appr.paragraph_format.space_after = Pt(6)
    # cells of the signature table: room above each line to sign on
    sig = para_style(styles, "Signature", "Normal")
    sig.paragraph_format.space_before, sig.paragraph_format.space_after = Pt(18), Pt(4)
    # "Mengetahui" block, centred; the author's signature block, at the right
    end = para_style(styles, "Endorsement", "Normal")
    end.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    end.paragraph_format.space_before = Pt(30)
    blk = para_style(styles, "Signature Block", "Normal")
    blk.paragraph_format.left_indent = Cm(text_width_cm(lay) * 0.55)
    blk.paragraph_format.space_before = Pt(24)
    for s in (sig, end, blk):
        pf = s.paragraph_format
        pf.first_line_indent = Cm(0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if s is not end:
            pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_style(styles, "Signature Table", borders=False)


def table_styles(styles, font) -> None:
    """Tables of their own: cells single-spaced, no first-line indent, left
    aligned, 10 pt (pandoc puts "Compact", a Body Text child, in every cell;
    scripts/docx_finish.py moves cell paragraphs to "Table Text"); a ruled
    grid with the header row in bold, repeated on every page by pandoc."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Cm, Pt

    tt = para_style(styles, "Table Text", "Normal")
    tt.font.size = Pt(10)
    tt.font.name = font
    pf = tt.paragraph_format
    pf.first_line_indent = Cm(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before, pf.space_after = Pt(2), Pt(2)
    table_style(styles, "Table", borders=True)


# a table cell's left and right margins (0.15 cm); scripts/docx_finish.py
# indents every table by as much, so its border stands on the page margin
CELL_MARGIN_TWIPS = 85


def table_style(styles, name, borders: bool) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    try:
        s = styles[name]
    except KeyError:
        s = styles.add_style(name, WD_STYLE_TYPE.TABLE)
    el = s.element
    for old in el.findall(qn("w:tblPr")) + el.findall(qn("w:tblStylePr")):
        el.remove(old)
    tblpr = OxmlElement("w:tblPr")
    ind = OxmlElement("w:tblInd")
    ind.set(qn("w:w"), "0")
    ind.set(qn("w:type"), "dxa")
    tblpr.append(ind)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        b = OxmlElement(f"w:{edge}")
        b.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            b.set(qn("w:sz"), "4")
            b.set(qn("w:space"), "0")
            b.set(qn("w:color"), "000000")
        edges.append(b)
    tblpr.append(edges)
    mar = OxmlElement("w:tblCellMar")
    for side, w in (("left", str(CELL_MARGIN_TWIPS)), ("right", str(CELL_MARGIN_TWIPS))):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), w)
        m.set(qn("w:type"), "dxa")
        mar.append(m)
    tblpr.append(mar)
    el.append(tblpr)
    if borders:
        first = OxmlElement("w:tblStylePr")
        first.set(qn("w:type"), "firstRow")
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        first.append(rpr)
        el.append(first)


def contents_styles(styles, lay, font) -> None:
    """DAFTAR ISI / GAMBAR / TABEL entries as the guides set them: a wrapped
    entry indented under its text, dot leaders to the page number on the
    last line, the text kept clear of the number column."""
    from docx.enum.text import WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    right = Cm(text_width_cm(lay))
    for name, indent, hang in (
        ("TOC 1", 0.0, 1.5),
        ("TOC 2", 0.75, 0.75),
        ("TOC 3", 1.5, 0.75),
        # "Gambar 1.10" and its tab fit in the hanging indent (docx_finish)
        ("Table of Figures", 0.0, 2.5),
    ):
        s = para_style(styles, name, "Normal")
        # Word's built-in names, so an update of the field keeps these styles
        s.element.name_val = name.lower()
        s.element.attrib.pop(qn("w:customStyle"), None)
        s.font.name = font
        pf = s.paragraph_format
        pf.left_indent = Cm(indent + hang)
        pf.first_line_indent = Cm(-hang)
        pf.right_indent = Cm(1.0)
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pf.space_before, pf.space_after = Pt(0), Pt(6)
        pf.tab_stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def link_style(styles) -> None:
    """Cross-references and URLs in black, as in print (no blue, no underline)."""
    from docx.shared import RGBColor

    try:
        s = styles["Hyperlink"]
    except KeyError:
        return
    s.font.color.rgb = RGBColor(0, 0, 0)
    s.font.underline = False


def draft_marker_styles(styles) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    dm = para_style(styles, "Draft Marker", "Normal")
    dm.font.size = Pt(11)
    shade(dm)
    try:
        dmc = styles["Draft Marker Char"]
    except KeyError:
        dmc = styles.add_style("Draft Marker Char", WD_STYLE_TYPE.CHARACTER)
    hl = OxmlElement("w:highlight")
    hl.set(qn("w:val"), "lightGray")
    dmc.element.get_or_add_rPr().append(hl)


def build(config: dict) -> bytes:
    import warnings

    import docx
    from docx.shared import Pt

    lay = config["layout"]
    font = lay["fonts"][0]
    size = Pt(lay.get("font_size_pt", 12))
    d = docx.Document(io.BytesIO(pandoc_reference()))
    # pandoc names some styles by id ("BodyText"); python-docx warns but finds them.
    warnings.filterwarnings("ignore", message="style lookup by style_id", category=UserWarning)
    page_setup(d, lay)
    styles = d.styles
    drop_theme_fonts_and_colours(styles.element)
    body_styles(styles, lay, font, size)
    heading_styles(styles, font, size)
    note_and_caption_styles(styles, lay, font)
    front_page_styles(styles, lay)
    table_styles(styles, font)
    contents_styles(styles, lay, font)
    link_style(styles)
    draft_marker_styles(styles)
    ask_word_to_update_fields(d.settings.element)
    buf = io.BytesIO()
    d.save(buf)
    return normalise_zip(buf.getvalue())


# CT_Settings is a sequence: updateFields stands before these (ECMA-376 §17.15.1.78).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr attachedSchema themeFontLang "
    "clrSchemeMapping doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions "
    "readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split()


def ask_word_to_update_fields(settings) -> None:
    """<w:updateFields w:val="true"/>: Word offers to update the fields when
    the DOCX is opened, so DAFTAR ISI / GAMBAR / TABEL are filled in for a
    supervisor without F9. pandoc keeps the reference document's settings."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if settings.find(qn("w:updateFields")) is not None:
        return
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    later = {qn(f"w:{t}") for t in _AFTER_UPDATE_FIELDS}
    for i, child in enumerate(settings):
        if child.tag in later:
            settings.insert(i, el)
            return
    settings.append(el)


def normalise_zip(data: bytes) -> bytes:
    """Same content, same bytes: fixed entry dates and order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = ["[Content_Types].xml"] if "[Content_Types].xml" in names else []
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, FIXED_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


@main_guard
def run(argv=None) -> int:
    import argparse

    from scripts.config import load_config

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", default="config.yaml")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    write_atomic(args.output, build(load_config(args.config)))
    return 0


if __name__ == "__main__":
    sys.exit(run())
