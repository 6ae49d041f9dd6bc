"""A supervisor's review made in a draft's PDF, as readers save it: text
markup with quadrilaterals, a popup and rich text, sticky notes, replies
(``/IRT``) and text boxes as Acrobat writes them; highlights, text boxes and
drawings as pdf.js's editor writes them (no author unless set, a
``/CreationDate`` only, ``/Rotate``, ``/Border [0 0 0]``). Saved as an
incremental update, as both do.

Where the words stand on the page is read by poppler's ``pdftotext -bbox``
— another reader than the pdfminer.six the feedback uses, so a test checks
the feedback against an independent view of the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

DATE = "D:20260301090000+07'00'"


def have_pdftotext() -> bool:
    return shutil.which("pdftotext") is not None


def word_boxes(pdf) -> list[list[tuple]]:
    """Per page: (text, x0, y0, x1, y1) in PDF space (origin bottom left)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, encoding="utf-8", check=True, timeout=120
    ).stdout
    pages = []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        h = float(m.group(2))
        words = []
        for w in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m.group(3)
        ):
            x0, y0, x1, y1 = (float(w.group(i)) for i in range(1, 5))
            text = w.group(5).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            words.append((text, x0, h - y1, x1, h - y0))
        pages.append(words)
    return pages


def _norm(text):
    return "".join(ch.lower() for ch in text if ch.isalnum())


def find(pages, phrase, page=None, nth=0):
    """(page index, the word boxes) of the ``nth`` place where ``phrase``
    stands (its words, hyphenated across lines or not)."""
    want = _norm(phrase)
    hits = []
    for pno, words in enumerate(pages):
        if page is not None and pno != page:
            continue
        norms = [_norm(w[0]) for w in words]
        for i in range(len(words)):
            acc, j = "", i
            while j < len(words) and len(acc) < len(want):
                acc += norms[j]
                j += 1
            if acc == want and norms[i] and want.startswith(norms[i]):
                hits.append((pno, words[i:j]))
    if len(hits) <= nth:
        raise AssertionError(f"{phrase!r} not found (found {len(hits)})")
    return hits[nth]


def lines_of(boxes):
    """Word boxes grouped by line: one quadrilateral per line."""
    lines = []
    for b in boxes:
        if lines and abs(lines[-1][-1][2] - b[2]) < 3:
            lines[-1].append(b)
        else:
            lines.append([b])
    return [
        (min(w[1] for w in ln), min(w[2] for w in ln), max(w[3] for w in ln), max(w[4] for w in ln)) for ln in lines
    ]


def quadpoints(boxes, order="acrobat"):
    """QuadPoints of the lines: Acrobat's and pdf.js's "Z" order (upper
    left, upper right, lower left, lower right), or the specification's
    counter-clockwise one (lower left, lower right, upper right, upper left)."""
    out = []
    for x0, y0, x1, y1 in lines_of(boxes):
        if order == "acrobat":
            out += [x0, y1, x1, y1, x0, y0, x1, y0]
        else:
            out += [x0, y0, x1, y0, x1, y1, x0, y1]
    return out


def _floats(xs):
    return ArrayObject([FloatObject(round(x, 3)) for x in xs])


def _rect(boxes_or_rect):
    if boxes_or_rect and isinstance(boxes_or_rect[0], tuple):
        lines = lines_of(boxes_or_rect)
        return [min(b[0] for b in lines), min(b[1] for b in lines), max(b[2] for b in lines), max(b[3] for b in lines)]
    return list(boxes_or_rect)


class PdfReview:
    def __init__(self, pdf, order="acrobat"):
        self.path = Path(pdf)
        self.writer = PdfWriter(str(pdf), incremental=True)
        self.order = order
        self.n = 0

    def _add(self, page, d) -> object:
        page_obj = self.writer.pages[page]
        d[NameObject("/P")] = page_obj.indirect_reference
        ref = self.writer._add_object(d)
        if "/Annots" not in page_obj:
            page_obj[NameObject("/Annots")] = ArrayObject()
        page_obj["/Annots"].append(ref)
        return ref

    def _popup(self, page, parent, rect):
        popup = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Popup"),
                NameObject("/Rect"): _floats([rect[2] + 10, rect[3] - 80, rect[2] + 190, rect[3]]),
                NameObject("/Parent"): parent,
                NameObject("/Open"): NameObject("/false") if False else NumberObject(0),
                NameObject("/F"): NumberObject(28),
            }
        )
        ref = self._add(page, popup)
        parent.get_object()[NameObject("/Popup")] = ref

    def _acrobat(self, subtype, page, rect, author, contents, **extra):
        self.n += 1
        d = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(f"/{subtype}"),
                NameObject("/Rect"): _floats(rect),
                NameObject("/F"): NumberObject(4),
                NameObject("/T"): TextStringObject(author),
                NameObject("/M"): TextStringObject(DATE),
                NameObject("/CreationDate"): TextStringObject(DATE),
                NameObject("/NM"): TextStringObject(f"acrobat-{self.n:04d}"),
                NameObject("/Subj"): TextStringObject(subtype),
                NameObject("/C"): _floats([1, 0.82, 0]),
                NameObject("/CA"): FloatObject(1),
            }
        )
        if contents:
            d[NameObject("/Contents")] = TextStringObject(contents)
            d[NameObject("/RC")] = TextStringObject(
                '<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" '
                'xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="Acrobat:23.1.0" '
                f'xfa:spec="2.0.2"><p dir="ltr"><span>{contents}</span></p></body>'
            )
        for k, v in extra.items():
            d[NameObject(f"/{k}")] = v
        ref = self._add(page, d)
        self._popup(page, ref, rect)
        return ref

    # -- as Acrobat saves them ------------------------------------------------------

    def markup(self, subtype, page, boxes, author, contents="", order=None):
        """Highlight, Underline, StrikeOut or Squiggly over the word boxes."""
        qp = quadpoints(boxes, order or self.order)
        return self._acrobat(subtype, page, _rect(boxes), author, contents, QuadPoints=_floats(qp))

    def note(self, page, at, author, contents):
        """A sticky note (/Text) with its icon at ``at`` (x, y of its top left)."""
        x, y = at
        return self._acrobat("Text", page, [x, y - 20, x + 20, y], author, contents, Name=NameObject("/Comment"))

    def reply(self, to, page, author, contents):
        rect = [float(v) for v in to.get_object()["/Rect"]]
        return self._acrobat(
            "Text", page, rect, author, contents, IRT=to, RT=NameObject("/R"), Name=NameObject("/Comment")
        )

    def text_box(self, page, rect, author, contents):
        return self._acrobat(
            "FreeText", page, rect, author, contents, DA=TextStringObject("0 0 1 rg /Helv 10 Tf"), Q=NumberObject(0)
        )

    # -- as pdf.js's editor saves them -------------------------------------------

    def _pdfjs(self, subtype, page, rect, **extra):
        d = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(f"/{subtype}"),
                NameObject("/CreationDate"): TextStringObject("D:20260302101500"),
                NameObject("/Rect"): _floats(rect),
                NameObject("/F"): NumberObject(4),
                NameObject("/Border"): _floats([0, 0, 0]),
                NameObject("/Rotate"): NumberObject(0),
            }
        )
        for k, v in extra.items():
            d[NameObject(f"/{k}")] = v
        return self._add(page, d)

    def pdfjs_highlight(self, page, boxes, user=None):
        extra = {"QuadPoints": _floats(quadpoints(boxes, "acrobat")), "C": _floats([1, 0.7, 0]), "CA": FloatObject(1)}
        if user:
            extra["T"] = TextStringObject(user)
        return self._pdfjs("Highlight", page, _rect(boxes), **extra)

    def pdfjs_text_box(self, page, rect, value, user=None):
        extra = {"DA": TextStringObject("/Helv 10 Tf 0 g"), "Contents": TextStringObject(value)}
        if user:
            extra["T"] = TextStringObject(user)
        return self._pdfjs("FreeText", page, rect, **extra)

    def pdfjs_ink(self, page, points):
        xs, ys = points[0::2], points[1::2]
        rect = [min(xs) - 2, min(ys) - 2, max(xs) + 2, max(ys) + 2]
        return self._pdfjs(
            "Ink", page, rect, InkList=ArrayObject([_floats(points)]), C=_floats([1, 0, 0]), CA=FloatObject(1)
        )

    def rotate(self, page, degrees=90):
        """The reviewer turned the page (the reader saves /Rotate)."""
        self.writer.pages[page][NameObject("/Rotate")] = NumberObject(degrees)

    def save(self, out) -> Path:
        with open(out, "wb") as fh:
            self.writer.write(fh)
        return Path(out)


def pages_of(pdf) -> int:
    return len(PdfReader(str(pdf)).pages)
