"""Word revisions in a DOCX (lxml): what pandoc's writer leaves to do, and
the text a reader gets after Accept All or Reject All.

pandoc writes a revision Span as ``w:ins``/``w:del`` runs, but gives an
inserted and a deleted run the same ``w:id`` and never marks a paragraph's
own mark, so rejecting an added paragraph (or accepting a removed one) would
leave an empty paragraph behind. :func:`finish` numbers every revision
uniquely and marks the paragraph mark (and a table row) of every paragraph
whose text is all one revision. :func:`resolved_text` is the check: the
paragraphs and the footnotes (in the order of their references) after
accepting or rejecting every revision, as Word and LibreOffice do.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
PARTS = ("word/document.xml", "word/footnotes.xml")
# A paragraph's properties, in schema order: rPr comes before these.
AFTER_RPR = {f"{{{W}}}sectPr", f"{{{W}}}pPrChange"}


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def content_runs(p) -> list:
    """The runs of a paragraph's text (not of its properties)."""
    return [r for r in p.iter(q("r")) if r.getparent().tag != q("pPr") and not _in(r, q("pPr"))]


def _in(el, tag) -> bool:
    a = el.getparent()
    while a is not None:
        if a.tag == tag:
            return True
        a = a.getparent()
    return False


def _revision_of(run):
    """The w:ins or w:del a run stands in, if any (the nearest)."""
    a = run.getparent()
    while a is not None and a.tag != q("p"):
        if a.tag in (q("ins"), q("del")):
            return a
        a = a.getparent()
    return None


def whole(p):
    """The w:ins or w:del holding all of a paragraph's text, else None."""
    runs = content_runs(p)
    revs = [_revision_of(r) for r in runs]
    if not runs or any(r is None for r in revs) or len({r.tag for r in revs}) != 1:
        return None
    return revs[0]


def mark_paragraph(p, rev) -> None:
    """Give ``p``'s paragraph mark the same revision as its text."""
    ppr = p.find(q("pPr"))
    if ppr is None:
        ppr = etree.SubElement(p, q("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(q("rPr"))
    if rpr is None:
        rpr = etree.Element(q("rPr"))
        later = [c for c in ppr if c.tag in AFTER_RPR]
        if later:
            later[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    if rpr.find(q("ins")) is None and rpr.find(q("del")) is None:
        mark = etree.Element(rev.tag)
        for k in (q("author"), q("date")):
            if rev.get(k) is not None:
                mark.set(k, rev.get(k))
        rpr.insert(0, mark)


def mark_row(tr, rev) -> None:
    trpr = tr.find(q("trPr"))
    if trpr is None:
        trpr = etree.Element(q("trPr"))
        tr.insert(1 if tr.find(q("tblPrEx")) is not None else 0, trpr)
    if trpr.find(q("ins")) is None and trpr.find(q("del")) is None:
        mark = etree.SubElement(trpr, rev.tag)
        for k in (q("author"), q("date")):
            if rev.get(k) is not None:
                mark.set(k, rev.get(k))


def finish_part(root, first_id: int) -> int:
    """Mark the paragraphs (and rows) that are wholly one revision; number
    every revision from ``first_id``; return the next free id."""
    for p in root.iter(q("p")):
        rev = whole(p)
        if rev is not None:
            mark_paragraph(p, rev)
    for tr in root.iter(q("tr")):
        revs = [whole(p) for p in tr.iter(q("p"))]
        if revs and all(r is not None for r in revs) and len({r.tag for r in revs}) == 1:
            mark_row(tr, revs[0])
    n = first_id
    for el in root.iter(q("ins"), q("del")):
        el.set(q("id"), str(n))
        n += 1
    return n


def annotation_ids(root) -> list[int]:
    ids = []
    for el in root.iter(q("bookmarkStart"), q("commentRangeStart"), q("comment")):
        v = el.get(q("id"))
        if v and v.lstrip("-").isdigit():
            ids.append(int(v))
    return ids


def finish(docx_bytes: bytes) -> bytes:
    """The DOCX with paragraph marks and row marks revised and every revision
    id unique (after every bookmark and comment id)."""
    zin = zipfile.ZipFile(io.BytesIO(docx_bytes))
    roots = {name: etree.fromstring(zin.read(name)) for name in PARTS if name in zin.namelist()}
    n = max([0, *(i for r in roots.values() for i in annotation_ids(r))]) + 1
    for name in PARTS:
        if name in roots:
            n = finish_part(roots[name], n)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in roots:
                data = etree.tostring(roots[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return out.getvalue()


# -- what a reader sees after Accept All / Reject All ---------------------------------


def _para_mark(p):
    rpr = p.find(f"{q('pPr')}/{q('rPr')}")
    if rpr is None:
        return None
    for tag in ("ins", "del"):
        if rpr.find(q(tag)) is not None:
            return tag
    return None


def _paragraph(p, drop: str, notes: list) -> str:
    """The text of a paragraph without the revisions of kind ``drop``;
    the footnotes it still refers to are appended to ``notes``. A field's
    result (a contents entry's page number) is left out: it is the word
    processor's to compute, not text of the thesis (LibreOffice writes the
    pages it sets when it saves)."""
    out = []
    fields: list[str] = []  # per open field: "code" until its separator, then "result"
    for el in p.iter(q("t"), q("delText"), q("tab"), q("br"), q("footnoteReference"), q("fldChar")):
        if el.tag == q("fldChar"):
            kind = el.get(q("fldCharType"))
            if kind == "begin":
                fields.append("code")
            elif kind == "separate" and fields:
                fields[-1] = "result"
            elif kind == "end" and fields:
                fields.pop()
            continue
        if _in(el, q(drop)) or _in(el, q("pPr")) or "result" in fields:
            continue
        if el.tag in (q("t"), q("delText")):
            out.append(el.text or "")
        elif el.tag == q("footnoteReference"):
            notes.append(el.get(q("id")))
        else:
            out.append(" ")
    return "".join(out)


def _paragraphs(root, drop: str, notes: list) -> list[str]:
    """Paragraph texts; a paragraph whose mark is removed joins the next."""
    out, carry = [], ""
    for p in root.iter(q("p")):
        text = carry + _paragraph(p, drop, notes)
        mark = _para_mark(p)
        if mark == drop:
            carry = text
            continue
        carry = ""
        if not text.strip() and p.find(f"{q('pPr')}/{q('sectPr')}") is not None:
            # a section break, not a paragraph of text: LibreOffice saves it
            # on the paragraph before (the end of DAFTAR LAMPIRAN)
            continue
        out.append(" ".join(text.split()))
    if carry:
        out.append(" ".join(carry.split()))
    return out  # empty paragraphs too: a paragraph left empty by accepting or rejecting is a fault


def _rows_removed(root, drop: str) -> None:
    for tr in list(root.iter(q("tr"))):
        trpr = tr.find(q("trPr"))
        if trpr is not None and trpr.find(q(drop)) is not None:
            tr.getparent().remove(tr)


def resolved_text(docx, accept: bool) -> dict:
    """{"body": [paragraph texts], "notes": [footnote texts in reference order]}
    after accepting (or rejecting) every revision."""
    drop = "del" if accept else "ins"
    data = docx if isinstance(docx, bytes) else open(docx, "rb").read()
    z = zipfile.ZipFile(io.BytesIO(data))
    body = etree.fromstring(z.read("word/document.xml"))
    _rows_removed(body, drop)
    refs: list[str] = []
    paragraphs = _paragraphs(body.find(q("body")), drop, refs)
    notes = {}
    if "word/footnotes.xml" in z.namelist():
        for fn in etree.fromstring(z.read("word/footnotes.xml")).iter(q("footnote")):
            _rows_removed(fn, drop)
            notes[fn.get(q("id"))] = " ".join(" ".join(_paragraphs(fn, drop, [])).split())
    return {"body": paragraphs, "notes": [notes.get(i, "") for i in refs]}


def revisions(docx) -> list[dict]:
    """Every w:ins/w:del of a DOCX (body and footnotes): id, kind, author, text."""
    data = docx if isinstance(docx, bytes) else open(docx, "rb").read()
    z = zipfile.ZipFile(io.BytesIO(data))
    out = []
    for name in PARTS:
        if name not in z.namelist():
            continue
        for el in etree.fromstring(z.read(name)).iter(q("ins"), q("del")):
            if el.getparent().tag in (q("rPr"), q("trPr")):
                continue
            text = "".join(t.text or "" for t in el.iter(q("t"), q("delText")))
            out.append(
                {
                    "part": name,
                    "id": el.get(q("id")),
                    "kind": el.tag.split("}")[1],
                    "author": el.get(q("author")),
                    "text": text,
                }
            )
    return out
