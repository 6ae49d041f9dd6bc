"""A supervisor's review, made in a draft's DOCX as Word writes it: comments
(anchored on words), tracked insertions and deletions and a formatting
change, in body paragraphs, headings, captions, list items, table cells and
footnotes. python-docx makes the comments part; the rest is WordprocessingML."""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2026-03-01T09:00:00Z"


def q(name):
    return f"{{{W}}}{name}"


def isolate(root, needle, where=lambda p: True):
    """The run holding exactly ``needle`` (split out of the run it is in),
    searched in the paragraphs ``where`` accepts; its paragraph too."""
    for p in root.iter(q("p")):
        if not where(p):
            continue
        for t in p.iter(q("t")):
            text = t.text or ""
            at = text.find(needle)
            if at < 0:
                continue
            run = t.getparent()
            parts = [text[:at], needle, text[at + len(needle) :]]
            made = []
            for part in parts:
                if not part:
                    made.append(None)
                    continue
                r = copy.deepcopy(run)
                r.find(q("t")).text = part
                r.find(q("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                run.addprevious(r)
                made.append(r)
            run.getparent().remove(run)
            return made[1], p
    raise AssertionError(f"{needle!r} not found")


class Review:
    def __init__(self, docx_bytes: bytes, author: str):
        self.z = zipfile.ZipFile(io.BytesIO(docx_bytes))
        self.parts = {
            n: etree.fromstring(self.z.read(n))
            for n in ("word/document.xml", "word/footnotes.xml", "word/comments.xml")
        }
        self.author = author
        self.comments = self.parts["word/comments.xml"]
        self.next_id = 900

    def comment(self, part, needle, text, where=lambda p: True):
        run, _ = isolate(self.parts[part], needle, where)
        cid = str(self.next_id)
        self.next_id += 1
        start, end = etree.Element(q("commentRangeStart")), etree.Element(q("commentRangeEnd"))
        start.set(q("id"), cid)
        end.set(q("id"), cid)
        ref = etree.Element(q("r"))
        etree.SubElement(ref, q("commentReference")).set(q("id"), cid)
        run.addprevious(start)
        run.addnext(end)
        end.addnext(ref)
        c = etree.SubElement(self.comments, q("comment"))
        for k, v in (("id", cid), ("author", self.author), ("date", DATE), ("initials", "DP")):
            c.set(q(k), v)
        etree.SubElement(etree.SubElement(etree.SubElement(c, q("p")), q("r")), q("t")).text = text

    def _mark(self, tag):
        el = etree.Element(q(tag))
        el.set(q("id"), str(self.next_id))
        self.next_id += 1
        el.set(q("author"), self.author)
        el.set(q("date"), DATE)
        return el

    def insert(self, part, after, text, where=lambda p: True):
        run, _ = isolate(self.parts[part], after, where)
        ins = self._mark("ins")
        r = copy.deepcopy(run)
        r.find(q("t")).text = text
        r.find(q("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        ins.append(r)
        run.addnext(ins)

    def empty_insertion(self, part, after, where=lambda p: True):
        """LibreOffice leaves these at a comment's anchor: no text."""
        run, _ = isolate(self.parts[part], after, where)
        run.addnext(self._mark("ins"))

    def delete(self, part, needle, where=lambda p: True):
        run, _ = isolate(self.parts[part], needle, where)
        d = self._mark("del")
        run.addprevious(d)
        d.append(run)
        t = run.find(q("t"))
        t.tag = q("delText")

    def italic(self, part, needle, where=lambda p: True):
        run, _ = isolate(self.parts[part], needle, where)
        rpr = run.find(q("rPr"))
        if rpr is None:
            rpr = etree.Element(q("rPr"))
            run.insert(0, rpr)
        old = copy.deepcopy(rpr)
        rpr.append(etree.Element(q("i")))
        change = self._mark("rPrChange")
        change.attrib.pop(q("id"))
        change.set(q("id"), str(self.next_id))
        old.tag = q("rPr")
        change.append(old)
        rpr.append(change)

    def save(self) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in self.z.infolist():
                data = self.z.read(info.filename)
                if info.filename in self.parts:
                    data = etree.tostring(
                        self.parts[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                zout.writestr(info, data)
        return out.getvalue()


def with_comments_part(docx_path, tmp_path) -> bytes:
    """The DOCX with a (still empty) comments part, made by python-docx."""
    import docx

    d = docx.Document(docx_path)
    d.add_comment(d.paragraphs[0].runs[:1] or [d.paragraphs[0].add_run("")], text="x", author="x")
    tmp = tmp_path / "with-comments.docx"
    d.save(tmp)
    z = zipfile.ZipFile(tmp)
    root = etree.fromstring(z.read("word/comments.xml"))
    # keep the part, drop python-docx's placeholder comment and its anchors
    for c in list(root):
        root.remove(c)
    doc = etree.fromstring(z.read("word/document.xml"))
    for el in list(doc.iter(q("commentRangeStart"), q("commentRangeEnd"))):
        el.getparent().remove(el)
    for el in list(doc.iter(q("commentReference"))):
        run = el.getparent()
        run.getparent().remove(run)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/comments.xml":
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "word/document.xml":
                data = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return out.getvalue()
