"""A draft's text as its reader sees it, paragraph by paragraph, from the
draft's cited AST (drafts/<id>/thesis.json): each unit (a heading, a
paragraph, a list item, a caption, a table cell, a footnote, a title-page
line, a bibliography entry) with the words it shows and where it comes
from (its chapter and block, the citation that made a note, a cell's row,
a figure's id). The PDF feedback finds the words a supervisor marked among
these units, so a passage is pinned to the draft's own structure, not to a
guess from the page text.

Words are compared in one normal form (:func:`tokens`): lower case, letters
and digits only, hyphens dropped inside words — so "kerja-" at the end of a
line and "sama" on the next read as the "kerjasama" of the source, and a
compound split at its own hyphen ("Undang-" / "undang") as "Undang-undang".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

_HYPHENS = re.compile(r"(?<=\w)[-\u00ad\u2010\u2011]+(?=\w)|[\u00ad]")


def tokens(text: str) -> list[str]:
    """The normal words of ``text`` (see the module's docstring)."""
    text = _HYPHENS.sub("", text)
    return "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()


@dataclass
class Unit:
    n: int  # rank in reading order
    kind: str  # heading | body | list | caption | cell | footnote | title | bibliography
    text: str
    origin: str  # the chapter's Markdown, config.yaml, or "" (generated)
    block: dict = field(repr=False)
    keys: list[str] = field(default_factory=list)  # a citation's note: the keys it cites
    citing: int | None = None  # a footnote: the unit whose paragraph has its mark
    row: list[str] = field(default_factory=list)  # a cell: its row's texts
    figure: str = ""  # a caption: the figure's id (without "fig:")
    entry: str = ""  # a bibliography entry: its key


class DraftText:
    """The units of a draft and its words in one stream, for search."""

    def __init__(self, cited: dict):
        self.units: list[Unit] = []
        self.figures = {}  # figure id -> its metadata (spec, alt), from the draft
        meta = cited.get("meta", {})
        if "figures" in meta:
            from scripts.assemble import from_meta

            self.figures = from_meta(meta["figures"]) or {}
        for b in cited.get("blocks", []):
            if b["t"] != "Div":
                continue
            _, classes, attrs = b["c"][0]
            source = dict(attrs).get("source", "")
            if "frontpages" in classes:
                self._blocks(b["c"][1], "config.yaml", "title")
            elif "chapter" in classes:
                self._blocks(b["c"][1], source, "body")
            elif "bibliography" in classes:
                for el in _divs(b):
                    if el["c"][0][0].startswith("ref-"):
                        self._add("bibliography", _inline_text(_first_inlines(el)), "", el, entry=el["c"][0][0][4:])
        # the stream: every unit's tokens in order, each token's unit and word
        self.stream: list[str] = []
        self.unit_of: list[int] = []
        self.word_of: list[int] = []  # index into the unit's words
        self.words: list[list[str]] = []
        self.unit_start: list[int] = []  # each unit's first place in the stream
        for u in self.units:
            self.unit_start.append(len(self.stream))
            ws = u.text.split()
            self.words.append(ws)
            for i, w in enumerate(ws):
                for t in tokens(w):
                    self.stream.append(t)
                    self.unit_of.append(u.n)
                    self.word_of.append(i)
        self.index: dict[str, list[int]] = {}
        for i, t in enumerate(self.stream):
            self.index.setdefault(t, []).append(i)

    def unit_end(self, n: int) -> int:
        return self.unit_start[n + 1] if n + 1 < len(self.unit_start) else len(self.stream)

    @classmethod
    def load(cls, path) -> DraftText:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def _add(self, kind, text, origin, block, **kw) -> Unit:
        u = Unit(len(self.units), kind, " ".join(text.split()), origin, block, **kw)
        self.units.append(u)
        return u

    def _blocks(self, blocks, origin, kind):
        for b in blocks:
            self._block(b, origin, kind)

    def _block(self, b, origin, kind):
        t = b["t"]
        if t in ("Para", "Plain"):
            self._para(b, b["c"], origin, kind)
        elif t == "Header":
            self._para(b, b["c"][2], origin, "heading" if kind in ("body", "list") else kind)
        elif t == "Figure":
            ident = b["c"][0][0]
            caption = [x for blk in b["c"][1][1] for x in _inlines_of(blk)]
            self._para(b, caption, origin, "caption", figure=ident.removeprefix("fig:"))
        elif t == "Table":
            self._table(b, origin)
        elif t in ("BulletList", "OrderedList"):
            items = b["c"] if t == "BulletList" else b["c"][1]
            for item in items:
                self._blocks(item, origin, "list" if kind == "body" else kind)
        elif t == "BlockQuote":
            self._blocks(b["c"], origin, kind)
        elif t == "Div":
            classes, attrs = b["c"][0][1], dict(b["c"][0][2])
            inner = b["c"][1]
            if "todo" in classes:  # as filters/draft-markers shows it: "DRAF: …", its title after
                inner = _marked_div(inner, attrs.get("title"))
            self._blocks(inner, origin, kind)
        elif t == "DefinitionList":
            for term, defs in b["c"]:
                self._para({"t": "Plain", "c": term}, term, origin, kind)
                for d in defs:
                    self._blocks(d, origin, kind)
        elif t == "LineBlock":
            self._para(b, [x for line in b["c"] for x in [*line, {"t": "Space"}]], origin, kind)

    def _table(self, b, origin):
        caption = [x for blk in b["c"][1][1] for x in _inlines_of(blk)]
        if caption:
            self._para(b, caption, origin, "caption")
        head, bodies, foot = b["c"][3], b["c"][4], b["c"][5]
        rows = list(head[1]) + [r for body in bodies for r in (*body[2], *body[3])] + list(foot[1])
        for row in rows:
            cells = row[1]
            texts = [_inline_text([x for blk in c[4] for x in _inlines_of(blk)]) for c in cells]
            for c in cells:
                for blk in c[4]:
                    self._block(blk, origin, "cell")
                    for u in self.units[::-1]:
                        if u.kind != "cell" or u.row:
                            break
                        u.row = texts

    def _para(self, block, inlines, origin, kind, **kw):
        notes: list[tuple[list, list[str]]] = []
        text = _inline_text(inlines, notes)
        unit = self._add(kind, text, origin, block, **kw)
        for blocks, keys in notes:
            for nb in blocks:
                inl = _inlines_of(nb)
                note = self._add("footnote", _inline_text(inl), origin, nb, keys=keys, citing=unit.n)
                if not keys:  # an author's note may cite in turn; its own notes are not numbered apart
                    note.keys = []


def _inlines_of(block) -> list:
    if block["t"] in ("Para", "Plain"):
        return block["c"]
    if block["t"] == "Header":
        return block["c"][2]
    return []


def _first_inlines(div) -> list:
    return [x for b in div["c"][1] for x in _inlines_of(b)]


def _divs(node):
    from scripts.pandoc_ast import elements

    return [el for el in elements(node["c"][1]) if el["t"] == "Div"]


def _marked_div(blocks, title):
    label = {"t": "Strong", "c": [{"t": "Str", "c": "DRAF:"}, {"t": "Space"}]}
    out = [dict(b) for b in blocks]
    if out and out[0]["t"] in ("Para", "Plain"):
        out[0] = {"t": out[0]["t"], "c": [label, *out[0]["c"]]}
    else:
        out.insert(0, {"t": "Para", "c": [label]})
    if title:
        out.append({"t": "Para", "c": [{"t": "Str", "c": title}]})
    return out


def _inline_text(inlines, notes: list | None = None, keys=None) -> str:
    """Plain text of inlines as the PDF shows them; footnotes are left out
    (collected in ``notes`` with the keys of the citation that made them)."""
    out: list[str] = []

    def walk(xs, keys=None):
        for x in xs:
            t = x.get("t")
            c = x.get("c")
            if t == "Str":
                out.append(c)
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t == "Note":
                if notes is not None:
                    notes.append((c, keys or []))
            elif t == "Cite":
                walk(c[1], [k["citationId"] for k in c[0]])
            elif t == "Span":
                attrs = dict(c[0][2])
                if "todo" in c[0][1]:
                    out.append("[")
                    walk(c[1], keys)
                    if attrs.get("title"):
                        out.append(": " + attrs["title"])
                    out.append("]")
                else:
                    walk(c[1], keys)
            elif t == "Quoted":
                q = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
                out.append(q[0])
                walk(c[1], keys)
                out.append(q[1])
            elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
                walk(c, keys)
            elif t == "Link":
                walk(c[1], keys)
            elif t in ("Code", "Math"):
                out.append(c[1])
            # Image, RawInline: nothing a reader reads as text

    walk(inlines, keys)
    return "".join(out)
