"""Feedback from a supervisor's annotated PDF of a draft: every annotation
(highlight, underline, strike-out, squiggly, caret, sticky note, text box,
drawing, shape, stamp) becomes one item, its replies (``/IRT``) its thread.

pypdf reads the annotations; pdfminer.six gives the words of the pages that
carry them (in the page's unrotated space, where ``/QuadPoints`` and
``/Rect`` are written, so a page the reviewer rotated reads the same). A
quadrilateral is taken as the box around its four points, so the order in
which a tool writes them (the specification's, or Acrobat's and pdf.js's
"Z") does not matter. The words marked are found among the draft's own
units (scripts/drafts/draft_text.py) with the words around them on the page
as context, and the page's place in the draft breaking ties, so a sentence
that occurs twice maps to the occurrence on that page; a note, a box or a
drawing takes the nearest line's paragraph. Chars that Typst tagged as a
figure (marked content with ``/Alt``) belong to that figure, and page
headers and numbers (``/Artifact``) to no passage.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from scripts.common import fail
from scripts.drafts.draft_text import DraftText, Unit, tokens
from scripts.drafts.identity import pdf_reader

MARKUP = {"Highlight": "highlight", "Underline": "underline", "StrikeOut": "strike-out", "Squiggly": "squiggly"}
KIND = {
    **MARKUP,
    "Caret": "caret",
    "Text": "sticky-note",
    "FreeText": "text-box",
    "Ink": "ink",
    "Square": "shape",
    "Circle": "shape",
    "Line": "shape",
    "Polygon": "shape",
    "PolyLine": "shape",
    "Stamp": "stamp",
    "FileAttachment": "attachment",
    "Sound": "attachment",
}
IGNORED = {"Popup", "Link", "Widget", "PrinterMark", "TrapNet", "Watermark", "3D", "Screen", "Movie", "RichMedia"}
CONTEXT = 12  # page words either side of the marked ones that decide where they stand


# -- the file ---------------------------------------------------------------------


def open_pdf(path: Path, data: bytes):
    from pypdf.errors import PdfReadError

    def damaged(why=""):
        fail(
            str(path),
            1,
            1,
            f"the file is not a readable PDF (damaged{': ' + why if why else ''})",
            "save the annotated PDF again from the reader (File > Save As) and retry",
        )

    try:
        reader = pdf_reader(data)
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        damaged(str(exc).splitlines()[0] if str(exc) else "")
    if encrypted:
        fail(
            str(path),
            1,
            1,
            "the PDF is encrypted (password-protected or locked against changes)",
            "ask the reviewer to save it without a password or security settings",
        )
    try:
        len(reader.pages)
    except Exception as exc:  # noqa: BLE001 — pypdf raises many kinds on a broken page tree
        damaged(str(exc).splitlines()[0] if str(exc) else "")
    return reader


def title_of(reader) -> str:
    try:
        return str((reader.metadata or {}).get("/Title") or "")
    except Exception:  # noqa: BLE001 — a damaged information dictionary: no title
        return ""


def pdf_date(value) -> str:
    """``D:20260301090000+07'00'`` -> ``2026-03-01T09:00:00+07:00``."""
    m = re.match(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?", str(value or ""))
    if not m:
        return str(value or "")
    y, mo, d, h, mi, s, tz, th, tm = m.groups()
    out = f"{y}-{mo or '01'}-{d or '01'}"
    if h:
        out += f"T{h}:{mi or '00'}:{s or '00'}"
        if tz in ("Z", "z") or (tz and not th):
            out += "Z"
        elif tz:
            out += f"{tz}{th}:{tm or '00'}"
    return out


def rich_text(rc) -> str:
    """The words of an ``/RC`` (XHTML rich text)."""
    if not rc:
        return ""
    from lxml import etree

    try:
        root = etree.fromstring(str(rc).encode("utf-8"), etree.XMLParser(recover=True))
    except (etree.XMLSyntaxError, ValueError):
        return re.sub(r"<[^>]+>", " ", str(rc))
    return " ".join("".join(root.itertext()).split()) if root is not None else ""


@dataclass
class Annot:
    page: int  # 0-based
    subtype: str
    ref: int | None  # its object number (replies point at it)
    irt: int | None
    author: str
    date: str
    remark: str
    rect: tuple
    quads: list = field(default_factory=list)  # boxes (x0, y0, x1, y1) of its quadrilaterals
    points: list = field(default_factory=list)  # ink and shape points
    callout: tuple | None = None  # a text box's arrow end
    state: str = ""
    group: bool = False  # /RT /Group: part of the annotation it points at


def _num(x) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return 0.0


def _box(points) -> tuple:
    xs, ys = points[0::2], points[1::2]
    return (min(xs), min(ys), max(xs), max(ys))


def annotations(reader) -> list[Annot]:
    """Every annotation a reviewer made, page by page (links, form fields and
    popups are the PDF's or a note's window, not remarks)."""
    out = []
    for pno, page in enumerate(reader.pages):
        annots = page.get("/Annots")
        try:
            annots = annots.get_object() if annots is not None else []
        except Exception:  # noqa: BLE001 — a dangling /Annots: no annotations on that page
            annots = []
        box = page.mediabox
        ox, oy = _num(box.left), _num(box.bottom)
        for ref in annots or []:
            try:
                a = ref.get_object()
                subtype = str(a.get("/Subtype", "")).lstrip("/")
            except Exception:  # noqa: BLE001
                continue
            if subtype in IGNORED or not subtype:
                continue

            def shift(nums):
                return [_num(v) - (ox if i % 2 == 0 else oy) for i, v in enumerate(nums)]

            rect = tuple(shift([_num(v) for v in a.get("/Rect", [0, 0, 0, 0])][:4])) or (0, 0, 0, 0)
            if len(rect) == 4:
                rect = (min(rect[0], rect[2]), min(rect[1], rect[3]), max(rect[0], rect[2]), max(rect[1], rect[3]))
            qp = shift([_num(v) for v in a.get("/QuadPoints", []) or []])
            quads = [_box(qp[i : i + 8]) for i in range(0, len(qp) - 7, 8)]
            points = []
            for stroke in a.get("/InkList", []) or []:
                points += shift([_num(v) for v in stroke])
            for key in ("/Vertices", "/L"):
                points += shift([_num(v) for v in a.get(key, []) or []])
            cl = shift([_num(v) for v in a.get("/CL", []) or []])
            irt = a.get("/IRT")
            contents = a.get("/Contents")
            remark = str(contents) if contents else rich_text(a.get("/RC"))
            out.append(
                Annot(
                    page=pno,
                    subtype=subtype,
                    ref=getattr(ref, "idnum", None),
                    irt=getattr(irt, "idnum", None) if irt is not None else None,
                    author=str(a.get("/T", "") or ""),
                    date=pdf_date(a.get("/M") or a.get("/CreationDate")),
                    remark=" ".join(remark.split()),
                    rect=rect if len(rect) == 4 else (0, 0, 0, 0),
                    quads=quads,
                    points=points,
                    callout=(cl[0], cl[1]) if len(cl) >= 2 else None,
                    state=str(a.get("/State", "") or ""),
                    group=str(a.get("/RT", "")) == "/Group",
                )
            )
    return out


def authors_of(data: bytes) -> Counter:
    """Who annotated (for the feedback file's name); cheap, may raise."""
    reader = pdf_reader(data)
    return Counter(a.author for a in annotations(reader) if a.author)


# -- the words of a page -------------------------------------------------------------


@dataclass
class Word:
    text: str
    box: tuple  # x0, y0, x1, y1 in the page's unrotated space
    size: float
    line: int
    artifact: bool = False  # page header, page number
    figure: int | None = None  # index of the figure (Alt-tagged content) it is drawn in
    mark: bool = False  # a footnote's number (superscript digits)
    joins_next: bool = False  # hyphenated at the line's end


@dataclass
class Page:
    words: list[Word]
    figures: list[tuple[str, tuple]]  # (alt text, box)
    tokens: list[str] = field(default_factory=list)  # the text's tokens, marks and artifacts left out
    token_word: list[int] = field(default_factory=list)  # each token's word


def page_words(data: bytes, wanted: set[int]) -> dict[int, Page]:
    """Words of the pages ``wanted`` (0-based), read by pdfminer.six."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class Device(PDFPageAggregator):
        """Chars with the marked content they are drawn in: Typst tags a
        figure's drawing with its /Alt, headers and page numbers /Artifact."""

        def begin_page(self, page, ctm):
            super().begin_page(page, ctm)
            self.tags, self.figures, self.chars = [], [], []

        def begin_tag(self, tag, props=None):
            name = getattr(tag, "name", str(tag))
            alt = props.get("Alt") if isinstance(props, dict) else None
            if isinstance(alt, bytes):
                alt = alt.decode("utf-16") if alt.startswith(b"\xfe\xff") else alt.decode("latin-1")
            fig = None
            if alt:
                self.figures.append([alt, None])
                fig = len(self.figures) - 1
            self.tags.append((name, fig, self.cur_item, len(self.cur_item._objs)))

        def end_tag(self):
            if not self.tags:
                return
            _, fig, item, start = self.tags.pop()
            if fig is not None and item is self.cur_item:
                objs = item._objs[start:]
                if objs:
                    self.figures[fig][1] = (
                        min(o.x0 for o in objs),
                        min(o.y0 for o in objs),
                        max(o.x1 for o in objs),
                        max(o.y1 for o in objs),
                    )

        def render_char(self, *args):
            adv = super().render_char(*args)
            ch = self.cur_item._objs[-1]
            if isinstance(ch, LTChar):
                fig = next((t[1] for t in reversed(self.tags) if t[1] is not None), None)
                art = any(t[0] == "Artifact" for t in self.tags)
                self.chars.append((ch, art, fig))
            return adv

    out = {}
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    rm = PDFResourceManager(caching=True)
    dev = Device(rm, laparams=None)
    interp = PDFPageInterpreter(rm, dev)
    for pno, page in enumerate(PDFPage.create_pages(doc)):
        if pno > max(wanted, default=-1):
            break
        if pno not in wanted:
            continue
        page.rotate = 0  # annotations are written in the unrotated space
        interp.process_page(page)
        out[pno] = make_page(dev.chars, [(a, b) for a, b in dev.figures if b])
    return out


def make_page(chars, figures) -> Page:
    words: list[Word] = []
    cur: list = []
    line = 0

    def flush():
        if cur:
            text = "".join(c.get_text() for c, _, _ in cur)
            box = (min(c.x0 for c, _, _ in cur), min(c.y0 for c, _, _ in cur))
            box += (max(c.x1 for c, _, _ in cur), max(c.y1 for c, _, _ in cur))
            words.append(Word(text, box, max(c.size for c, _, _ in cur), line, cur[0][1], cur[0][2]))
            cur.clear()

    prev = None
    for c, art, fig in chars:
        t = c.get_text()
        if prev is not None:
            p = prev[0]
            new_line = abs(c.y0 - p.y0) > 0.5 * max(c.size, p.size) and abs(c.y1 - p.y1) > 0.5 * max(c.size, p.size)
            gap = c.x0 - p.x1
            if new_line or gap > 0.18 * min(c.size, p.size) or c.x1 < p.x0 or abs(c.size - p.size) > 0.15 * p.size:
                flush()
            if new_line:
                line += 1
            if (art, fig) != (prev[1], prev[2]):
                flush()
        if t.isspace():
            flush()
        else:
            cur.append((c, art, fig))
        prev = (c, art, fig)
    flush()
    page = Page(words, figures)
    # footnote marks: digits set smaller than the line's text
    by_line: dict[int, list[float]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w.size)
    for w in words:
        sizes = sorted(by_line[w.line])
        if w.text.isdigit() and w.size < 0.85 * sizes[len(sizes) // 2]:
            w.mark = True
    text_words = [i for i, w in enumerate(words) if not w.artifact and not w.mark]
    for a, b in zip(text_words, text_words[1:], strict=False):
        wa, wb = words[a], words[b]
        if (
            wa.text.endswith(("-", "\u00ad", "\u2010"))
            and wb.line == wa.line + 1
            and wb.figure == wa.figure
            and abs(wb.size - wa.size) < 0.1 * wa.size
            and not any(x.line == wa.line and x.box[0] > wa.box[0] for x in words if not x.artifact)
        ):
            wa.joins_next = True
    join = False
    for i in text_words:
        toks = tokens(words[i].text)
        if join and toks and page.tokens:
            page.tokens[-1] += toks.pop(0)
        page.tokens += toks
        page.token_word += [i] * len(toks)
        join = words[i].joins_next
    return page


# -- where the marked words stand in the draft ----------------------------------------------


def _inside(w: Word, box, pad=1.0) -> bool:
    cx, cy = (w.box[0] + w.box[2]) / 2, (w.box[1] + w.box[3]) / 2
    return box[0] - pad <= cx <= box[2] + pad and box[1] - pad <= cy <= box[3] + pad


def _overlaps(w: Word, box) -> bool:
    return w.box[0] < box[2] and box[0] < w.box[2] and w.box[1] < box[3] and box[1] < w.box[3]


def marked_words(a: Annot, page: Page) -> list[int]:
    """Indices of the words an annotation marks: under its quadrilaterals
    (text markup), its box (a caret, a shape, a drawing)."""
    ws = page.words
    if a.subtype in MARKUP and a.quads:
        return [i for i, w in enumerate(ws) if any(_inside(w, q) for q in a.quads)]
    if a.subtype == "Caret":
        return [i for i, w in enumerate(ws) if _overlaps(w, a.rect)][:2]
    if a.subtype in ("Ink", "Square", "Circle", "Polygon"):
        box = _box(a.points) if a.points else a.rect
        return [i for i, w in enumerate(ws) if _inside(w, box, 0)]
    return []


def nearest_lines(point, page: Page) -> list[list[int]]:
    """The lines nearest a point (a sticky note beside a paragraph, a text
    box, a drawing over blank space), nearest first, as word indices."""
    dist: dict[int, tuple] = {}
    for w in page.words:
        if w.artifact or w.mark:
            continue
        dy = max(w.box[1] - point[1], 0, point[1] - w.box[3])
        dx = max(w.box[0] - point[0], 0, point[0] - w.box[2])
        dist[w.line] = min(dist.get(w.line, (dy, dx)), (dy, dx))
    lines = sorted(dist, key=dist.get)
    return [[i for i, w in enumerate(page.words) if w.line == ln and not w.artifact] for ln in lines]


@dataclass
class Found:
    unit: Unit
    first: int  # the unit's first and last word marked
    last: int
    occurrence: int  # how often the marked tokens occur in the unit before this place


class Matcher:
    """Page words -> the draft's units."""

    def __init__(self, draft: DraftText):
        self.d = draft
        self._anchor: dict[int, float | None] = {}
        grams: dict[tuple, list[int]] = {}
        s = draft.stream
        for i in range(len(s) - 3):
            grams.setdefault(tuple(s[i : i + 4]), []).append(i)
        self.grams = grams

    def anchor(self, pno: int, page: Page) -> float | None:
        """Where the page stands in the draft's stream: the median place of
        its word groups that occur once in the draft."""
        if pno not in self._anchor:
            t = page.tokens
            places = sorted(
                p[0] for i in range(0, max(len(t) - 3, 0), 2) if len(p := self.grams.get(tuple(t[i : i + 4]), [])) == 1
            )
            self._anchor[pno] = places[len(places) // 2] if places else None
        return self._anchor[pno]

    def find(self, pno: int, page: Page, word_ids: list[int]) -> Found | None:
        ids = set(word_ids)
        at = [k for k, w in enumerate(page.token_word) if w in ids]
        if not at:
            return None
        i, j = at[0], at[-1] + 1
        m = page.tokens[i:j]
        before, after = page.tokens[max(0, i - CONTEXT) : i], page.tokens[j : j + CONTEXT]
        s, index = self.d.stream, self.d.index
        inner = m[1:-1] if len(m) > 2 else m
        seeds = sorted({t for t in inner if t in index}, key=lambda t: len(index[t]))[:3]
        if not seeds:  # only partial words: look them up by their ends
            seeds = [t for t in m if t in index][:1]
        candidates = set()
        for t in seeds:
            off = m.index(t)
            candidates.update(max(0, p - off) for p in index[t])
        if not candidates:
            return None
        anchor = self.anchor(pno, page)
        best, best_key = None, None
        for c in candidates:
            window = s[max(0, c - 3) : c + len(m) + 3]
            sm = SequenceMatcher(None, m, window, autojunk=False)
            blocks = [b for b in sm.get_matching_blocks() if b.size]
            hit = sum(b.size for b in blocks) + _partial(m, window, blocks)
            if not blocks or hit < max(1, 0.6 * len(m)):
                continue
            start = max(0, c - 3) + blocks[0].b - blocks[0].a
            end = max(0, c - 3) + blocks[-1].b + blocks[-1].size + (len(m) - blocks[-1].a - blocks[-1].size)
            # context within the unit only: on the page a paragraph's notes
            # stand at the foot, in the stream right after it
            u = self.d.unit_of[min(max(start, 0), len(s) - 1)]
            lo, hi = self.d.unit_start[u], self.d.unit_end(u)
            ctx = _agree(before, s[max(lo, start - CONTEXT - 3) : max(lo, start)])
            ctx += _agree(after, s[min(end, hi) : min(hi, end + CONTEXT + 3)])
            key = (hit * 4 + ctx, -abs(start - anchor) if anchor is not None else 0)
            if best_key is None or key > best_key:
                best, best_key = (max(0, start), min(end, len(s)) - 1), key
        if best is None:
            return None
        start, end = best
        first_tok = next((k for k in range(start, end + 1) if k < len(s)), start)
        unit = self.d.units[self.d.unit_of[first_tok]]
        same = [k for k in range(start, end + 1) if self.d.unit_of[k] == unit.n]
        first, last = self.d.word_of[same[0]], self.d.word_of[same[-1]]
        # which occurrence, in the unit, of the marked words
        u_start = self.d.unit_start[unit.n]
        mine = s[same[0] : same[-1] + 1]
        occ = sum(1 for k in range(u_start, same[0]) if s[k : k + len(mine)] == mine)
        return Found(unit, first, last, occ)


def _partial(m, window, blocks) -> int:
    """A marked word cut at the page's or the mark's edge ("kerja" of
    "kerjasama") counts when the draft's word starts or ends with it."""
    if not blocks:
        return 0
    extra = 0
    first, last = blocks[0], blocks[-1]
    if first.a == 1 and first.b >= 1 and window[first.b - 1].endswith(m[0]):
        extra += 1
    end_a, end_b = last.a + last.size, last.b + last.size
    if end_a == len(m) - 1 and end_b < len(window) and window[end_b].startswith(m[-1]):
        extra += 1
    return extra


def _agree(page_ctx, draft_ctx) -> int:
    if not page_ctx or not draft_ctx:
        return 0
    sm = SequenceMatcher(None, page_ctx, draft_ctx, autojunk=False)
    return sum(b.size for b in sm.get_matching_blocks())


# -- items -----------------------------------------------------------------------------------


def read_items(path: Path, data: bytes, draft: DraftText, locate) -> list:
    """The reviewer's annotations as feedback items, in page order."""
    from scripts.drafts.feedback import Item

    reader = open_pdf(path, data)
    annots = annotations(reader)
    try:
        labels = list(reader.page_labels)
    except Exception:  # noqa: BLE001 — a broken /PageLabels tree: plain numbers
        labels = [str(i + 1) for i in range(len(reader.pages))]
    by_ref = {a.ref: a for a in annots if a.ref is not None}

    def root(a):
        seen = set()
        while a.irt is not None and a.irt in by_ref and a.irt not in seen:
            seen.add(a.irt)
            a = by_ref[a.irt]
        return a

    heads = [a for a in annots if a.irt is None or a.irt not in by_ref]
    threads: dict[int, list[Annot]] = {id(a): [] for a in heads}
    for a in annots:
        if a.irt is not None and a.irt in by_ref:
            threads[id(root(a))].append(a)
    try:
        pages = page_words(data, {a.page for a in heads})
    except Exception as exc:  # noqa: BLE001 — pdfminer on a damaged content stream
        fail(
            str(path),
            1,
            1,
            f"the PDF's pages could not be read ({exc})",
            "save the PDF again from the reader and retry",
        )
    match = Matcher(draft)
    items = []
    for a in sorted(heads, key=lambda a: (a.page, -a.rect[3], a.rect[0])):
        page = pages.get(a.page) or Page([], [])
        item = Item(KIND.get(a.subtype, a.subtype.lower()), a.author, a.date, "", comment=a.remark)
        item.page = labels[a.page] if a.page < len(labels) else str(a.page + 1)
        for r in threads[id(a)]:
            text = r.remark or (f"status: {r.state}" if r.state else "")
            if r.group and not text:
                continue
            item.replies.append((r.author, r.date, text))
        place(item, a, page, a.page, match, draft, locate)
        items.append(item)
    return items


def place(item, a: Annot, page: Page, pno: int, match: Matcher, draft: DraftText, locate) -> None:
    """The item's words, their paragraph and their source."""
    ids = marked_words(a, page)
    point = a.callout or ((a.rect[0] + a.rect[2]) / 2, (a.rect[1] + a.rect[3]) / 2)
    if ids and all(page.words[i].artifact for i in ids):
        item.where, item.text, item.source = "page", _plain(page, ids), "—"
        return
    figure = _figure_at(page, ids, point if not ids else None)
    if figure is not None:
        alt, _ = page.figures[figure]
        fig_id = _figure_id(draft, alt)
        item.where, item.text = "figure", _plain(page, [i for i in ids if page.words[i].figure == figure])
        item.source = locate.figure(draft.figures.get(fig_id, {}), item.text) if fig_id else "—"
        item.context = f"Gambar {fig_id}" if fig_id else ""
        return
    near = not ids
    found = match.find(pno, page, ids) if ids else None
    if near:  # the nearest line that is the draft's text (not a stamp or a page number)
        for line in nearest_lines(point, page)[:6]:
            found = match.find(pno, page, line)
            if found:
                ids = line
                break
    if found is None:
        item.where = "page"
        item.text = "" if near else _plain(page, ids)
        item.source = locate.free_text(item.text) if item.text else "—"
        return
    u = found.unit
    words = draft.words[u.n]
    item.where = u.kind
    if near:
        item.text = ""
        item.context = _short(u.text)
    else:
        item.text = " ".join(words[found.first : found.last + 1])
        item.context = " | ".join(u.row) if u.kind == "cell" else _around(words, found.first, found.last)
    words = item.text or (_plain(page, ids) if u.kind == "title" else "")
    item.source = locate.unit(draft, u, words, found.occurrence)


def _around(words: list[str], first: int, last: int) -> str:
    """The paragraph around its words ``first``..``last`` when they are few
    (as the DOCX feedback quotes it), at this place: a phrase the paragraph
    holds twice is quoted where it was marked."""
    from scripts.drafts.feedback import CONTEXT

    para = " ".join(words)
    at = sum(len(w) + 1 for w in words[:first])
    end = at + len(" ".join(words[first : last + 1]))
    if end - at >= CONTEXT:
        return ""
    lo, hi = max(0, at - CONTEXT), min(len(para), end + CONTEXT)
    return ("…" if lo else "") + para[lo:hi] + ("…" if hi < len(para) else "")


def _plain(page: Page, ids) -> str:
    out = []
    for i in ids:
        w = page.words[i]
        if w.mark:
            continue
        if out and page.words[out[-1][0]].joins_next:
            out[-1] = (i, out[-1][1].rstrip("-\u00ad\u2010") + w.text)
        else:
            out.append((i, w.text))
    return " ".join(t for _, t in out)


def _short(text: str, n=120) -> str:
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + "…"


def _figure_at(page: Page, ids, point) -> int | None:
    if ids:
        figs = Counter(page.words[i].figure for i in ids)
        fig, n = figs.most_common(1)[0]
        return fig if fig is not None and n * 2 > len(ids) else None
    for k, (_, box) in enumerate(page.figures):
        if box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]:
            return k
    return None


def _figure_id(draft: DraftText, alt: str) -> str | None:
    norm = tokens(alt)
    best, score = None, 0.0
    for fid, meta in draft.figures.items():
        r = SequenceMatcher(None, norm, tokens(str(meta.get("alt", ""))), autojunk=False).ratio()
        if r > score:
            best, score = fid, r
    return best if score >= 0.6 else None
