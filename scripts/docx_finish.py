"""Finish the DOCX pandoc wrote: what its writer cannot be told to do.

- pandoc puts a title block (Title, Author styles) from the metadata before
  the body; the thesis opens with its own title page, so the block goes
  (the metadata stays in the document properties).
- Table cells get "Compact", a Body Text child with its first-line indent and
  line spacing; cells of the thesis's tables get "Table Text" (the figure
  and signature tables keep their own).
- A contents field (DAFTAR ISI / GAMBAR / TABEL) becomes its entries, each a
  link to a bookmark on its heading or caption with a PAGEREF field for its
  page. The entries stand outside a TOC field on purpose: inside one,
  LibreOffice shows the field's cached text (no page numbers: the build
  cannot know the pages a word processor will lay out), outside it, it
  makes each PAGEREF a page reference it computes from its own layout. Word
  computes them when it updates the fields, which it offers on opening
  (settings.xml, reference_docx.py). No word processor runs at build time,
  so the DOCX stays the same bytes with or without LibreOffice installed.
- A list-of-figures entry has a tab after its label ("Gambar 1.1"), so the
  caption and its wrapped lines start at the same hanging indent.
- A table stands inside the margins: Word and LibreOffice measure a
  table's indent to the text of its first cell, so it is indented by the
  cells' left margin.

Works on the package with zipfile and lxml: the other parts keep their bytes
and the entries' dates (SOURCE_DATE_EPOCH), so the DOCX stays reproducible.
"""

from __future__ import annotations

import io
import re
import zipfile
from copy import deepcopy

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"w": W_NS}
TITLE_BLOCK = {"Title", "Subtitle", "Author", "Date", "AbstractTitle", "Abstract"}
# styles the cached entries get, by TOC switch: \o levels, \t caption styles
TOC_LEVEL_STYLE = {1: "TOC1", 2: "TOC2", 3: "TOC3"}
LIST_STYLE = "TableofFigures"
SKIPPED_RUNS = ("footnoteReference", "fldChar", "instrText")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def el(tag: str, attrs: dict | None = None, text: str | None = None):
    e = etree.Element(w(tag))
    for k, v in (attrs or {}).items():
        e.set(w(k), v)
    if text is not None:
        e.text = text
        if text != text.strip():
            e.set(f"{{{XML_NS}}}space", "preserve")
    return e


def p_style(p) -> str | None:
    s = p.find("w:pPr/w:pStyle", NS)
    return s.get(w("val")) if s is not None else None


def drop_title_block(body) -> int:
    """Remove the leading paragraphs pandoc made from title/author/date."""
    removed = 0
    for p in list(body):
        if p.tag != w("p") or p_style(p) not in TITLE_BLOCK:
            break
        body.remove(p)
        removed += 1
    return removed


# paragraph style of the cells, by table style (the figures' tables keep Compact)
CELL_STYLE = {"Table": "TableText", "SignatureTable": "Signature"}


def indent_by_cell_margin(tblpr) -> None:
    """A table's border on the margin, not a cell margin left of it (Word
    and LibreOffice measure w:tblInd to the first cell's text)."""
    from scripts.reference_docx import CELL_MARGIN_TWIPS

    for old in tblpr.findall("w:tblInd", NS):
        tblpr.remove(old)
    ind = el("tblInd", {"w": str(CELL_MARGIN_TWIPS), "type": "dxa"})
    # w:tblInd comes after style, floating position, overlap, bidi, width, jc, spacing
    after = [
        w(t)
        for t in (
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
        )
    ]
    at = max((i + 1 for i, c in enumerate(tblpr) if c.tag in after), default=0)
    tblpr.insert(at, ind)


def table_text(body) -> None:
    """Cells of the thesis's tables in "Table Text", of the approval page's
    signature table in "Signature"; every table inside the margins."""
    for tbl in body.iter(w("tbl")):
        style = tbl.find("w:tblPr/w:tblStyle", NS)
        if style is None:
            continue
        # pandoc writes a table's custom-style by name; Word wants the id
        sid = style.get(w("val")).replace(" ", "")
        style.set(w("val"), sid)
        cell_style = CELL_STYLE.get(sid)
        if cell_style is None:
            continue
        indent_by_cell_margin(style.getparent())
        for s in tbl.iterfind(".//w:p/w:pPr/w:pStyle", NS):
            if s.get(w("val")) == "Compact":
                s.set(w("val"), cell_style)


def paragraph_text(p) -> str:
    """What a contents entry shows: the text runs, a line break as a space,
    no footnote references."""
    out = []
    for node in p.iter(w("t"), w("br"), w("tab")):
        if node.tag == w("t"):
            out.append(node.text or "")
        else:
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def toc_fields(body):
    """(paragraph, instruction) of every contents field the layout filter wrote."""
    for p in body.iterfind("w:p", NS):
        instr = "".join(p.xpath("w:r/w:instrText/text()", namespaces=NS)).strip()
        if instr.startswith("TOC "):
            yield p, instr


class Para:
    """A paragraph with what the entry predicates ask of it, computed once
    (at 17x the text a per-field, per-paragraph lookup cost seconds)."""

    __slots__ = ("p", "style", "instr")

    def __init__(self, p, instr: str = ""):
        self.p, self.style, self.instr = p, p_style(p), instr


def paragraphs_of(body) -> list[Para]:
    instr: dict = {}
    for node in body.iter(w("instrText")):
        p = next(node.iterancestors(w("p")), None)
        if p is not None:
            instr[p] = instr.get(p, "") + (node.text or "")
    return [Para(p, instr.get(p, "")) for p in body.iter(w("p"))]


def tc_entry(para: Para, ident: str) -> bool:
    """Whether a paragraph holds a TC field of list ``ident`` (TC "…" \\f L)."""
    return bool(para.instr) and bool(re.search(rf'\bTC\s+".*"\s+\\f\s+{ident}\b', para.instr))


def entry_source(instr: str):
    """A predicate giving a paragraph's entry level (None: no entry) for a
    TOC instruction, and the style of its entries: \\o "1-3" takes Heading
    1-3, \\t "Image Caption,1" the caption style, \\f L the paragraphs
    marked by TC fields of list L."""
    m = re.search(r'\\o\s+"(\d)-(\d)"', instr)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        levels = {f"Heading{n}": n for n in range(lo, hi + 1)}
        return (lambda para: levels.get(para.style)), lambda n: TOC_LEVEL_STYLE.get(n, "TOC3")
    m = re.search(r"\\f\s+(\w)", instr)
    if m:
        ident = m.group(1)
        return (lambda para: 1 if tc_entry(para, ident) else None), lambda n: TOC_LEVEL_STYLE[1]
    m = re.search(r'\\t\s+"([^",]+),\d"', instr)
    if m:
        sid = m.group(1).replace(" ", "")
        return (lambda para: 1 if para.style == sid else None), lambda n: LIST_STYLE
    return None, None


class Bookmarks:
    """Bookmarks _TocN on the entries' paragraphs, ids after pandoc's."""

    def __init__(self, body):
        ids = [int(i) for i in body.xpath(".//w:bookmarkStart/@w:id", namespaces=NS) if i.isdigit()]
        self.next_id = max(ids, default=0) + 1
        self.names: dict[int, str] = {}

    def on(self, p) -> str:
        key = id(p)
        if key in self.names:
            return self.names[key]
        name = f"_Toc{self.next_id:08d}"
        start = el("bookmarkStart", {"id": str(self.next_id), "name": name})
        end = el("bookmarkEnd", {"id": str(self.next_id)})
        ppr = p.find("w:pPr", NS)
        p.insert(0 if ppr is None else list(p).index(ppr) + 1, start)
        p.append(end)
        self.next_id += 1
        self.names[key] = name
        return name


def run(child):
    r = el("r")
    r.append(child)
    return r


def field_runs(kind: str):
    return run(el("fldChar", {"fldCharType": kind}))


def entry_runs(source):
    """The runs of a heading or caption as a contents entry shows them:
    copies with their formatting and revisions (w:ins/w:del, so accepting or
    rejecting the changes of a draft's changes.docx changes the entry too),
    a line break as a space, without footnote references."""
    out = []
    for child in source:
        if child.tag == w("hyperlink"):
            kids = list(child)
        elif child.tag in (w("r"), w("ins"), w("del")):
            kids = [child]
        else:
            continue
        for kid in kids:
            c = deepcopy(kid)
            # no footnote references; no field runs (a TC field copied
            # into an entry would be listed again on Word's update)
            dropped = [r for r in c.iter(w("r")) if any(r.find(w(t)) is not None for t in SKIPPED_RUNS)]
            if c in dropped:
                continue
            for r in dropped:
                r.getparent().remove(r)
            for br in list(c.iter(w("br"))):
                br.getparent().replace(br, el("t", text=" "))
            out.append(c)
    return out


def _entry_template(style: str):
    """An entry paragraph without its text: a link holding a tab and a PAGEREF
    field (the page is Word's and LibreOffice's to compute; nothing is
    guessed). Copied per entry: building each from scratch cost a second
    at 17x the text."""
    p = el("p")
    ppr = el("pPr")
    ppr.append(el("pStyle", {"val": style}))
    p.append(ppr)
    link = el("hyperlink", {"history": "1"})
    link.append(run(el("tab")))
    link.append(field_runs("begin"))
    link.append(run(el("instrText", text=" PAGEREF ")))
    link.append(field_runs("separate"))
    link.append(run(el("t", text="")))
    link.append(field_runs("end"))
    p.append(link)
    return p


_TEMPLATES: dict = {}


def tab_after_label(runs) -> None:
    """ "Gambar 1.1 Pola …" -> "Gambar 1.1<tab>Pola …": the caption starts at
    the entry's hanging indent (an implicit tab stop), where its wrapped
    lines start too. The label is the first two words of the first text
    (pandoc writes the label and the caption's first words as one run)."""
    t = next((t for r in runs for t in r.iter(w("t"))), None)
    m = re.match(r"(\S+ \S+) (.*)$", (t.text or "") if t is not None else "", re.S)
    if not m:
        return
    t.text = m.group(1)
    t.attrib.pop(f"{{{XML_NS}}}space", None)
    tab, rest = el("tab"), el("t", text=m.group(2))
    t.addnext(tab)
    tab.addnext(rest)


def entry_paragraph(style: str, source, anchor: str):
    if style not in _TEMPLATES:
        _TEMPLATES[style] = _entry_template(style)
    p = deepcopy(_TEMPLATES[style])
    link = p[1]
    link.set(w("anchor"), anchor)
    instr = link[2][0]
    instr.text = f" PAGEREF {anchor} \\h "
    runs = entry_runs(source)
    if style == LIST_STYLE:
        tab_after_label(runs)
    for i, r in enumerate(runs):
        link.insert(i, r)
    return p


def fill_contents(body) -> int:
    """Replace every contents field by the entries it lists."""
    bookmarks = Bookmarks(body)
    paragraphs = paragraphs_of(body)
    filled = 0
    for field_p, instr in list(toc_fields(body)):
        level_of, style_of = entry_source(instr)
        if level_of is None:
            continue
        entries = []
        for para in paragraphs:
            level = level_of(para)
            text = paragraph_text(para.p) if level else ""
            if text:
                entries.append(entry_paragraph(style_of(level), para.p, bookmarks.on(para.p)))
        if not entries:
            continue
        # the entries take the placeholder field's place, as paragraphs of
        # their own (see the module's docstring; addnext keeps the order)
        anchor = field_p
        for e in entries:
            anchor.addnext(e)
            anchor = e
        field_p.getparent().remove(field_p)
        filled += 1
    return filled


def finish_document(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    body = root.find("w:body", NS)
    drop_title_block(body)
    table_text(body)
    fill_contents(body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(data: bytes) -> bytes:
    """The DOCX ``data`` with word/document.xml finished; every other part,
    and every entry's date and order, as pandoc wrote them."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "word/document.xml":
                content = finish_document(content)
            # a fresh entry with the same name, date and mode (reusing the
            # read ZipInfo would carry its sizes and flags over)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, content)
    return out.getvalue()
