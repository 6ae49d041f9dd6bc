"""The redline: old AST + new AST -> the new AST with revisions. Pure: no
files, no tools.

A revision is a Span (inline) or Div (whole block) with class ``insertion``
or ``deletion`` and ``author``/``date`` attributes, which pandoc's DOCX writer
turns into Word's ``w:ins``/``w:del``. The result is right by construction:
every inline list of the result is the new list with runs of the old one
inserted as deletions and runs of the new one wrapped as insertions, so
:func:`accept` gives back the new AST and :func:`reject` the old one (as far
as it is seen: a Cite shows its rendered text, :func:`visible`).

What is compared is what the author wrote: a citation is matched by its key,
prefix, locator and mode, never by its note number or hash (which shift for
every later note when one citation is added); a citation whose rendering
changed (full form -> Ibid.) or whose locator changed is one footnote with
word revisions inside. Blocks are matched by their authored form, then paired
by kind and likeness, and compared inside: the words of a paragraph, heading,
caption, list item, table cell or footnote. Generated numbers (BAB I, A.,
Gambar 1.2) are made text first (:func:`numbers_as_text`), so a changed
number is a revision too, and Accept All shows the new draft's numbers.
"""

from __future__ import annotations

import copy
import json
from difflib import SequenceMatcher

REVISIONS = ("insertion", "deletion")
INLINE_HOLDERS = ("Para", "Plain")
STYLED = ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps")
SIMILAR = 0.5  # blocks at least this alike are one block edited, not one removed and one added


class Redline:
    """Revisions by one author at one date."""

    def __init__(self, author: str, date: str):
        self.attrs = [["author", author], ["date", date]]

    # -- marks -----------------------------------------------------------

    def span(self, kind, inlines):
        return {"t": "Span", "c": [["", [kind], copy.deepcopy(self.attrs)], inlines]}

    def run(self, kind, inlines):
        """Inlines removed or added: one span; the text of a footnote in them marked too."""
        marked = self.mark(kind, {"t": "Plain", "c": inlines})["c"]
        return marked[0] if marked else self.span(kind, [])

    def div(self, kind, blocks):
        return {"t": "Div", "c": [["", [kind], copy.deepcopy(self.attrs)], [self.mark(kind, b) for b in blocks]]}

    def mark(self, kind, block):
        """A whole block's text marked (footnotes, cells and captions in it too)."""
        block = copy.deepcopy(block)

        def wrap(inlines):
            for x in inlines:
                walk(x)
            return [self.span(kind, inlines)] if inlines else inlines

        def walk(x):
            if isinstance(x, list):
                for y in x:
                    walk(y)
                return
            if not isinstance(x, dict) or "t" not in x:
                return
            t = x["t"]
            if t in INLINE_HOLDERS:
                x["c"] = wrap(x["c"])
            elif t == "Header":
                x["c"][2] = wrap(x["c"][2])
            elif t == "LineBlock":
                x["c"] = [wrap(line) for line in x["c"]]
            elif isinstance(x.get("c"), list):
                walk(x["c"])

        walk(block)
        return block

    # -- blocks ----------------------------------------------------------

    @staticmethod
    def aligned(old: list, new: list, same, differ) -> list:
        """Align ``old`` and ``new`` by what the author wrote; ``same(o, n)``
        for each pair that matches, ``differ(olds, news)`` for each stretch
        that does not."""
        out = []
        sm = SequenceMatcher(None, [authored(x) for x in old], [authored(x) for x in new], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                for o, n in zip(old[i1:i2], new[j1:j2], strict=True):
                    out += same(o, n)
            else:
                out += differ(old[i1:i2], new[j1:j2])
        return out

    def blocks(self, old: list, new: list) -> list:
        """``new`` with the changes since ``old`` as revisions."""
        return self.aligned(old, new, self.block, self.region)

    def region(self, olds, news) -> list:
        """Blocks that differ: edited ones paired, the rest removed or added."""
        out = []
        i = j = 0
        for oi, nj in align(olds, news, block_likeness):
            out += [self.div("deletion", [b]) for b in olds[i:oi]]
            out += [self.div("insertion", [b]) for b in news[j:nj]]
            out += self.block(olds[oi], news[nj])
            i, j = oi + 1, nj + 1
        out += [self.div("deletion", [b]) for b in olds[i:]]
        out += [self.div("insertion", [b]) for b in news[j:]]
        return out

    def block(self, o, n) -> list:
        """One block edited: compared inside where it has parts (a list of
        one block, or of the old one removed and the new one added)."""
        if canonical(o) == canonical(n):
            return [n]
        one = self.inside(o, n)
        return [one] if one is not None else [self.div("deletion", [o]), self.div("insertion", [n])]

    def inside(self, o, n):
        """The block compared inside, or None when it cannot be."""
        t = n["t"]
        if o["t"] != t:
            return None
        c_o, c_n = o.get("c"), n.get("c")
        if t in INLINE_HOLDERS:
            return {"t": t, "c": self.inlines(c_o, c_n)}
        if t == "Header" and c_o[0] == c_n[0]:
            return {"t": t, "c": [c_n[0], c_n[1], self.inlines(c_o[2], c_n[2])]}
        if t == "BlockQuote":
            return {"t": t, "c": self.blocks(c_o, c_n)}
        if t == "Div" and canonical(c_o[0]) == canonical(c_n[0]):
            return {"t": t, "c": [c_n[0], self.blocks(c_o[1], c_n[1])]}
        if t == "BulletList":
            return {"t": t, "c": self.items(c_o, c_n)}
        if t == "OrderedList":
            return {"t": t, "c": [c_n[0], self.items(c_o[1], c_n[1])]}
        if t == "Figure":
            return {"t": t, "c": [c_n[0], self.caption(c_o[1], c_n[1]), self.blocks(c_o[2], c_n[2])]}
        if t == "Table":
            table = self.table(c_o, c_n)
            return {"t": t, "c": table} if table is not None else None
        return None

    def caption(self, o, n):
        return [n[0], self.blocks(o[1], n[1])]

    def items(self, olds, news) -> list:
        """List items: each a list of blocks; a removed or added item is one
        revision Div, so that accepting or rejecting drops the item."""
        out = []
        sm = SequenceMatcher(None, [authored(x) for x in olds], [authored(x) for x in news], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                out += [self.blocks(o, n) for o, n in zip(olds[i1:i2], news[j1:j2], strict=True)]
                continue
            i = j = 0
            os_, ns = olds[i1:i2], news[j1:j2]
            for oi, nj in align(os_, ns, item_likeness):
                out += [[self.div("deletion", x)] for x in os_[i:oi]]
                out += [[self.div("insertion", x)] for x in ns[j:nj]]
                out.append(self.blocks(os_[oi], ns[nj]))
                i, j = oi + 1, nj + 1
            out += [[self.div("deletion", x)] for x in os_[i:]]
            out += [[self.div("insertion", x)] for x in ns[j:]]
        return out

    def table(self, o, n):
        """Cell by cell, row by row; None (replace the table) when the
        columns differ. A removed or added row carries the class on its attr."""
        if len(o[2]) != len(n[2]) or len(o[4]) != len(n[4]):
            return None
        head = [n[3][0], self.rows(o[3][1], n[3][1])]
        bodies = [
            [nb[0], nb[1], self.rows(ob[2], nb[2]), self.rows(ob[3], nb[3])] for ob, nb in zip(o[4], n[4], strict=True)
        ]
        foot = [n[5][0], self.rows(o[5][1], n[5][1])]
        return [n[0], self.caption(o[1], n[1]), n[2], head, bodies, foot]

    def rows(self, olds, news) -> list:
        out = []
        i = j = 0
        pairs = align(olds, news, row_likeness)
        for oi, nj in pairs:
            out += [self.whole_row("deletion", r) for r in olds[i:oi]]
            out += [self.whole_row("insertion", r) for r in news[j:nj]]
            o, n = olds[oi], news[nj]
            cells = [[nc[0], nc[1], nc[2], nc[3], self.blocks(oc[4], nc[4])] for oc, nc in zip(o[1], n[1], strict=True)]
            out.append([n[0], cells])
            i, j = oi + 1, nj + 1
        out += [self.whole_row("deletion", r) for r in olds[i:]]
        out += [self.whole_row("insertion", r) for r in news[j:]]
        return out

    def whole_row(self, kind, row):
        ident, classes, kv = row[0]
        cells = [[c[0], c[1], c[2], c[3], [self.mark(kind, b) for b in c[4]]] for c in row[1]]
        return [[ident, [*classes, kind], kv], cells]

    # -- inlines ---------------------------------------------------------

    def inlines(self, old: list, new: list) -> list:
        return self.aligned(old, new, self.inline, self.inline_region)

    def inline_region(self, olds, news) -> list:
        """Inlines that differ: same-kind containers (a citation, a note, an
        emphasis) are compared inside; the rest is removed and added."""
        out = []
        sm = SequenceMatcher(None, [coarse(x) for x in olds], [coarse(x) for x in news], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                for o, n in zip(olds[i1:i2], news[j1:j2], strict=True):
                    out += self.inline(o, n)
                continue
            if i2 > i1:
                out.append(self.run("deletion", olds[i1:i2]))
            if j2 > j1:
                out.append(self.run("insertion", news[j1:j2]))
        return out

    def inline(self, o, n) -> list:
        """One inline edited: compared inside where it is the same kind of
        container, else the old one removed and the new one added."""
        if canonical(o) == canonical(n):
            return [n]
        one = self.inline_inside(o, n)
        if one is not None:
            return [one]
        return [self.run("deletion", [o]), self.run("insertion", [n])]

    def inline_inside(self, o, n):
        t = n["t"]
        c_o, c_n = o.get("c"), n.get("c")
        if o["t"] == t:
            if t in STYLED:
                return {"t": t, "c": self.inlines(c_o, c_n)}
            if t == "Cite":
                return {"t": t, "c": [c_n[0], self.inlines(c_o[1], c_n[1])]}
            if t == "Note":
                return {"t": t, "c": self.blocks(c_o, c_n)}
            if t == "Span" and canonical(c_o[0]) == canonical(c_n[0]):
                return {"t": t, "c": [c_n[0], self.inlines(c_o[1], c_n[1])]}
            if t == "Quoted" and c_o[0] == c_n[0]:
                return {"t": t, "c": [c_n[0], self.inlines(c_o[1], c_n[1])]}
            if t == "Link" and canonical(c_o[2]) == canonical(c_n[2]):
                return {"t": t, "c": [c_n[0], self.inlines(c_o[1], c_n[1]), c_n[2]]}
        return None


# -- keys and likeness ---------------------------------------------------------


def _canon(x, authored_only: bool):
    if isinstance(x, list):
        return [_canon(y, authored_only) for y in x]
    if not isinstance(x, dict):
        return x
    if "citationId" in x:
        return {k: _canon(v, authored_only) for k, v in x.items() if k not in ("citationNoteNum", "citationHash")}
    if authored_only and x.get("t") == "Cite":
        return {"t": "Cite", "c": _canon(x["c"][0], True)}
    return {k: _canon(v, authored_only) for k, v in x.items()}


def canonical(x) -> str:
    """The element as shown, whatever its note numbers."""
    return json.dumps(_canon(x, False), sort_keys=True, ensure_ascii=False)


def authored(x) -> str:
    """The element as written: a citation by key, prefix, locator and mode,
    not by how it was rendered (full form, short form, Ibid.)."""
    return json.dumps(_canon(x, True), sort_keys=True, ensure_ascii=False)


def coarse(x) -> str:
    """Words and spaces as themselves; a container by its kind only, so that
    an edited citation, note or emphasis pairs with its old self."""
    t = x.get("t")
    if t in ("Str", "Space", "SoftBreak", "LineBreak"):
        return authored(x)
    if t in ("Cite", "Note", "Quoted", "Link", "Span", *STYLED):
        return t
    return authored(x)


def words_of(x) -> list[str]:
    """The words of the body text (not of notes and citations), block by block."""
    out: list[str] = []

    def walk(y):
        if isinstance(y, list):
            for z in y:
                walk(z)
        elif isinstance(y, dict) and y.get("t") not in ("Note", "Cite"):
            if y.get("t") == "Str":
                out.append(y["c"])
            else:
                walk(y.get("c"))

    walk(x)
    return out


def likeness(a: list[str], b: list[str]) -> float:
    """How alike two word lists are (0..1); below SIMILAR only "unlike" counts,
    so the cheap upper bounds answer first."""
    if not a and not b:
        return 1.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < SIMILAR or sm.quick_ratio() < SIMILAR:
        return 0.0
    return sm.ratio()


def block_likeness(o, n) -> float:
    if o["t"] != n["t"]:
        return 0.0
    if o["t"] == "Header" and o["c"][0] != n["c"][0]:
        return 0.0
    if o["t"] == "Table" and len(o["c"][2]) != len(n["c"][2]):
        return 0.0
    if o["t"] in ("Figure", "Div", "Table") and o["c"][0][0] and o["c"][0][0] == n["c"][0][0]:
        return 1.0  # the same labelled figure, table or part
    return likeness(words_of(o), words_of(n))


def item_likeness(o: list, n: list) -> float:
    return likeness(words_of(o), words_of(n))


def row_likeness(o, n) -> float:
    if len(o[1]) != len(n[1]):
        return 0.0
    return likeness(words_of(o[1]), words_of(n[1]))


def align(olds: list, news: list, like) -> list[tuple[int, int]]:
    """Pairs (i, j), increasing in both, of elements at least SIMILAR alike,
    with the greatest total likeness (dynamic programming)."""
    n, m = len(olds), len(news)
    if not n or not m:
        return []
    memo: dict[tuple[int, int], float] = {}

    def like_at(i, j):
        if (i, j) not in memo:
            memo[i, j] = like(olds[i], news[j])
        return memo[i, j]

    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            r = like_at(i, j)
            if r >= SIMILAR:
                best = max(best, r + score[i + 1][j + 1])
            score[i][j] = best
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        r = like_at(i, j)
        if r >= SIMILAR and score[i][j] == r + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


# -- generated numbers as text ---------------------------------------------------


FIGURE_TABLE = ("Gambar", "Tabel")  # the id words; a draft's own come from its AST's metadata labels


def numbers_as_text(blocks: list, words=FIGURE_TABLE) -> list:
    """Headings', figures' and tables' numbers (the ``number`` attribute the
    crossref filter sets and filters/layout/layout.lua prints in the DOCX)
    written into their text, the way the layout prints them, so that a number
    that changed is compared like any word."""
    blocks = copy.deepcopy(blocks)

    def take(attr, shown=False):
        kv = dict(attr[2])
        num = kv.pop("number", None)
        attr[2] = [[k, v] for k, v in attr[2] if k != "number"]
        if num and shown:
            # the layout still needs to know the heading's number (an appendix
            # is an entry of DAFTAR LAMPIRAN), but must not print it twice
            attr[2].append(["number-shown", num])
        return num

    def walk(x):
        if isinstance(x, list):
            for y in x:
                walk(y)
            return
        if not isinstance(x, dict) or "t" not in x:
            return
        t = x["t"]
        if t == "Header":
            num = take(x["c"][1], shown=True)
            if num:
                sep = {"t": "LineBreak"} if x["c"][0] == 1 else {"t": "Space"}
                x["c"][2] = [{"t": "Str", "c": num}, sep, *x["c"][2]]
        elif t in ("Figure", "Table"):
            num = take(x["c"][0])
            if num:
                word = words[0] if t == "Figure" else words[1]
                long = x["c"][1][1]
                if not long or long[0]["t"] not in INLINE_HOLDERS:
                    long.insert(0, {"t": "Plain", "c": []})
                prefix = [{"t": "Str", "c": word}, {"t": "Space"}, {"t": "Str", "c": num}, {"t": "Space"}]
                long[0]["c"] = prefix + long[0]["c"]
        c = x.get("c")
        if isinstance(c, list):
            walk(c)

    walk(blocks)
    return blocks


# -- accept, reject, what is seen ---------------------------------------------------


def _is(x, kind) -> bool:
    return isinstance(x, dict) and x.get("t") in ("Span", "Div") and kind in x["c"][0][1]


def _resolve(x, keep: str, drop: str):
    if isinstance(x, list):
        out = []
        for y in x:
            if _is(y, drop):
                continue
            if _is(y, keep):
                out += _resolve(y["c"][1], keep, drop)
            elif isinstance(y, list) and len(y) == 1 and _is(y[0], drop):
                continue  # a list item removed
            elif _is_row(y, drop):
                continue
            else:
                out.append(_resolve(_unclass_row(y, keep), keep, drop))
        return out
    if isinstance(x, dict):
        return {k: _resolve(v, keep, drop) for k, v in x.items()}
    return x


def _is_row(y, kind) -> bool:
    return (
        isinstance(y, list)
        and len(y) == 2
        and isinstance(y[0], list)
        and len(y[0]) == 3
        and isinstance(y[0][1], list)
        and kind in y[0][1]
        and isinstance(y[1], list)
    )


def _unclass_row(y, kind):
    if _is_row(y, kind):
        ident, classes, kv = y[0]
        return [[ident, [c for c in classes if c != kind], kv], y[1]]
    return y


def accept(blocks: list) -> list:
    """Every revision accepted: the new AST."""
    return _resolve(blocks, "insertion", "deletion")


def reject(blocks: list) -> list:
    """Every revision rejected: the old AST (as far as it is seen)."""
    return _resolve(blocks, "deletion", "insertion")


def visible(x):
    """What a reader sees: a Cite is its rendered text; note numbers and the
    attributes of parts the writers do not print (``number-shown``, the
    layout's hint for a number already in the text) are left out."""
    if isinstance(x, list):
        out = []
        for y in x:
            if isinstance(y, list) and len(y) == 2 and y[0] == "number-shown":
                continue
            if isinstance(y, dict) and y.get("t") == "Cite":
                out += visible(y["c"][1])
            else:
                out.append(visible(y))
        return out
    if isinstance(x, dict):
        if "citationId" in x:
            return None
        return {k: visible(v) for k, v in x.items()}
    return x


def joined(x):
    """Adjacent Str joined (``Indonesia`` ``.`` -> ``Indonesia.``): citeproc
    splits a word where it moves a note after the punctuation, and a word
    must compare as one word."""
    if isinstance(x, list):
        out = []
        for y in x:
            y = joined(y)
            if (
                isinstance(y, dict)
                and y.get("t") == "Str"
                and out
                and isinstance(out[-1], dict)
                and out[-1].get("t") == "Str"
            ):
                out[-1] = {"t": "Str", "c": out[-1]["c"] + y["c"]}
            else:
                out.append(y)
        return out
    if isinstance(x, dict):
        return {k: joined(v) for k, v in x.items()}
    return x


def prepared(blocks: list, words=FIGURE_TABLE) -> list:
    return joined(numbers_as_text(blocks, words))


def revise(old: list, new: list, author: str, date: str, words=FIGURE_TABLE) -> list:
    """The new blocks with every change since ``old`` as a revision (numbers
    as text, words whole; ``words``: the thesis's words for figure and table)."""
    return Redline(author, date).blocks(prepared(old, words), prepared(new, words))
