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


def build(config: dict) -> bytes:
    import warnings

    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    lay = config["layout"]
    font = lay["fonts"][0]
    size = Pt(lay.get("font_size_pt", 12))
    spacing = float(lay.get("line_spacing", 1.5))
    d = docx.Document(io.BytesIO(pandoc_reference()))
    # pandoc names some styles by id ("BodyText"); python-docx warns but finds them.
    warnings.filterwarnings("ignore", message="style lookup by style_id", category=UserWarning)

    sec = d.sections[0]
    if lay.get("paper", "a4") == "a4":
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    else:
        sec.page_width, sec.page_height = Cm(21.59), Cm(27.94)
    m = lay["margins_cm"]
    sec.top_margin, sec.left_margin = Cm(m["top"]), Cm(m["left"])
    sec.bottom_margin, sec.right_margin = Cm(m["bottom"]), Cm(m["right"])
    sec.start_type = WD_SECTION.NEW_PAGE
    # Body pages restart at 1 in arabic numerals.
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:start"), "1")
    sec._sectPr.append(pg)
    footer = sec.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_page_field(p)

    styles = d.styles

    def para_style(name, base=None):
        try:
            return styles[name]
        except KeyError:
            s = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            if base:
                s.base_style = styles[base]
            return s

    def char_style(name):
        try:
            return styles[name]
        except KeyError:
            return styles.add_style(name, WD_STYLE_TYPE.CHARACTER)

    black = RGBColor(0, 0, 0)
    for name in ("Normal", "Body Text", "First Paragraph", "Compact", "Block Text"):
        s = para_style(name)
        s.font.name = font
        s.font.size = size
        pf = s.paragraph_format
        if name in ("Body Text", "First Paragraph"):
            pf.line_spacing = spacing
            pf.first_line_indent = Cm(lay.get("first_line_indent_cm", 1.25))
            pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf.space_before, pf.space_after = Pt(0), Pt(0)
    styles["Normal"].element.rPr.get_or_add_rFonts().set(qn("w:eastAsia"), font)

    for level in range(1, 7):
        try:
            s = styles[f"Heading {level}"]
        except KeyError:
            continue
        s.font.name = font
        s.font.bold = True
        s.font.italic = False
        s.font.color.rgb = black
        s.font.size = Pt(14) if level == 1 else size
        pf = s.paragraph_format
        pf.space_before, pf.space_after = Pt(12), Pt(12 if level == 1 else 6)
        pf.keep_with_next = True
        if level == 1:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.page_break_before = True
            pf.space_after = Pt(24)

    for name in ("Title", "Subtitle", "Author", "Date", "Abstract"):
        try:
            styles[name].font.color.rgb = black
            styles[name].font.name = font
        except KeyError:
            pass

    fn = para_style("Footnote Text")
    fn.font.size = Pt(lay.get("footnote_size_pt", 10))
    fn.font.name = font
    fn.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fn.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    for name in ("Caption", "Image Caption", "Table Caption"):
        s = para_style(name, "Normal")
        s.font.size = Pt(11)
        s.font.italic = False
        s.font.name = font
        s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        s.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE

    src = para_style("Figure Source", "Normal")
    src.font.size = Pt(10)
    src.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    src.paragraph_format.space_after = Pt(12)

    tp = para_style("Title Page", "Normal")
    tp.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tp.paragraph_format.first_line_indent = Cm(0)
    tp.paragraph_format.space_after = Pt(12)

    bib = para_style("Bibliography", "Normal")
    bib.paragraph_format.left_indent = Cm(1.25)
    bib.paragraph_format.first_line_indent = Cm(-1.25)
    bib.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    bib.paragraph_format.space_after = Pt(12)

    dm = para_style("Draft Marker", "Normal")
    dm.font.size = Pt(11)
    shade(dm)
    dmc = char_style("Draft Marker Char")
    rpr = dmc.element.get_or_add_rPr()
    hl = OxmlElement("w:highlight")
    hl.set(qn("w:val"), "lightGray")
    rpr.append(hl)

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
