"""Where a thing stands in a chapter's Markdown: the one source locator used
by the check, the draft markers and the supervisors' feedback.

pandoc's Markdown reader keeps no source positions (``sourcepos`` exists only
for the commonmark readers, which do not read this thesis's Markdown), so a
position is recovered by pairing the AST with the source text, in document
order and per kind of thing:

- the n-th citation of ``@key`` in the AST is the n-th ``@key`` in the text
  (so a key cited twice on one line gets two columns);
- the n-th Span (Div) with class ``todo`` is the n-th ``[…]{.todo …}``
  (``::: todo`` fence) in the text; likewise for any class;
- the n-th Image of ``src`` is the n-th ``](src``; the n-th element with
  identifier ``fig:x`` is the n-th ``{#fig:x …}``;
- a block (paragraph, heading, figure, table …) stands where its first word
  starts a line, searched forward from the previous block.

Code (fenced blocks, inline code) and HTML comments are blanked before any
search, so ``@key`` inside them is not taken for a citation. Reference
footnotes (``[^1]: …`` defined away from their mark) are searched where they
are written; their citations are still paired right by key and order.

Use::

    src = SourceMap("chapters/01-pendahuluan.md", ast)
    src.cite(citation)        # a citation dict from a Cite element's c[0]
    src.element(span_or_div)  # todo markers, data tables, any classed element
    src.image(image)          # an Image element
    src.label(element)        # an element with an identifier ({#fig:x})
    src.block(para)           # Para, Plain, Header, Figure, Table, Div …
    src.search(regex, block)  # a regex inside a block's text (hand-typed Ibid.)
    src.paragraphs()          # (Position, block, plain text) for every paragraph

Every method returns a :class:`Position` (``path:line:col`` as str); a thing
that cannot be found is put at the start of its block, or at 1:1.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from scripts.pandoc_ast import elements
from scripts.pandoc_ast import text as ast_text

BLOCKS = {
    "Para",
    "Plain",
    "Header",
    "Figure",
    "Table",
    "Div",
    "CodeBlock",
    "BlockQuote",
    "BulletList",
    "OrderedList",
    "DefinitionList",
    "LineBlock",
    "HorizontalRule",
    "RawBlock",
}
# Code and comments: blanked (same length, newlines kept) before searching.
_HIDDEN = re.compile(
    r"^(?P<f>[ \t]*(?:`{3,}|~{3,})).*?^[ \t]*(?P=f)[ \t]*$"  # fenced code (same fence closes)
    r"|<!--.*?-->"  # HTML comment
    r"|(?P<t>`+)(?!`).+?(?<!`)(?P=t)(?!`)",  # inline code
    re.S | re.M,
)
# What may stand before a block's first word on its line: indentation,
# quote and list marks, heading hashes, opening markup.
_LINE_LEAD = (
    r"(?m)^[ \t>]*(?:(?:\[\^[^\]\s]+\]:|[-*+]|\(?(?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)[.)]|#+|:)[ \t]+)?[^\w\n]{0,6}"
)
# Citation keys (pandoc's rule): internal punctuation only between word characters.
_KEY_END = r"(?![\w:.#$%&\-+?<>~/]*\w)"


@dataclass(frozen=True)
class Position:
    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


def mask(text: str) -> str:
    """``text`` with code and comments replaced by spaces (newlines kept)."""
    return _HIDDEN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


class SourceMap:
    """Positions of one chapter's AST elements in its Markdown source."""

    def __init__(self, path, ast: dict, text: str | None = None):
        self.path = str(path)
        if text is None:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
        self.text = mask(text)
        self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self._ordinal: dict[tuple, int] = {}  # (kind, id(element)) -> its rank among its kind
        self._owner: dict[int, dict] = {}  # id(element) -> the innermost block holding it
        self._parent: dict[int, dict | None] = {}  # id(block) -> the block around it
        self._alias: dict[int, dict] = {}  # id(block in a figure) -> the figure
        self._in_note: set[int] = set()  # id(block) of blocks inside a footnote
        self._notes: list | None = None  # [^id]: definitions: (start, end, offset of the [^id] mark)
        self._found: dict[tuple, list[int]] = {}  # kind -> source offsets, in order
        self._blocks: dict[int, tuple[int, int]] = {}  # id(block) -> (start, end) offsets
        self._block_list: list[dict] = []
        self._index(ast.get("blocks", []) if isinstance(ast, dict) else ast)

    # -- positions -----------------------------------------------------------

    def position(self, offset: int) -> Position:
        """The line and column (1-based, in characters) of a text offset."""
        line = bisect_right(self._starts, offset)
        return Position(self.path, line, offset - self._starts[line - 1] + 1)

    def cite(self, citation: dict) -> Position:
        """Where a citation (an item of a Cite's list) is written: its ``@``."""
        key = citation["citationId"]
        return self._nth(("cite", key), citation, r"(?<![\w@\\])@\{?" + re.escape(key) + _KEY_END)

    def element(self, el: dict, cls: str | None = None) -> Position:
        """A Span (at its ``[``) or Div (at its ``:::`` fence) by its class:
        todo markers, data tables and values."""
        classes = el["c"][0][1]
        cls = cls or (classes[0] if classes else "")
        if not cls:
            return self.block(el)
        c = re.escape(cls)
        if el["t"] == "Div":
            rx = r"(?m)^[ \t]*:{3,}[ \t]*(?:\{[^}\n]*\." + c + r"(?![\w-])|" + c + r"(?![\w-]))"
            return self._nth(("div", cls), el, rx)
        return self._nth(("span", cls), el, r"\]\{[^}]*\." + c + r"(?![\w-])", self._span_start)

    def image(self, el: dict) -> Position:
        """An Image, at the ``!`` of ``![…](src)``."""
        src = el["c"][2][0]
        return self._nth(("image", src), el, r"\]\(\s*<?" + re.escape(src) + r"(?=[\s>)])", self._span_start)

    def label(self, el: dict) -> Position:
        """The ``#ident`` of an element that has an identifier."""
        attr = el["c"][1] if el["t"] == "Header" else el["c"][0]
        ident = attr[0]
        return self._nth(("label", ident), el, r"\{[^}]*#" + re.escape(ident) + r"(?![\w:.-]*\w)")

    def block(self, el: dict) -> Position:
        """Where a block starts (its first word's line, at the first word)."""
        span = self._blocks.get(id(self._alias.get(id(el), el)))
        return self.position(span[0] if span else 0)

    def search(self, pattern: str, el: dict | None = None, n: int = 0) -> Position:
        """The ``n``-th match of a regex inside a block's text (the whole file
        when no block is given); the block's start when there is none."""
        whole = (0, len(self.text))
        start, end = self._blocks.get(id(self._alias.get(id(el), el)), whole) if el is not None else whole
        matches = list(re.finditer(pattern, self.text[start:end]))
        if matches:
            return self.position(start + matches[min(n, len(matches) - 1)].start())
        return self.position(start)

    def paragraphs(self) -> list[tuple[Position, dict, str]]:
        """Every paragraph (Para, Plain, Header; a Figure by its caption)
        with its position and plain text."""
        out = []
        for b in self._block_list:
            if b["t"] in ("Para", "Plain", "Header", "Figure"):
                inlines = {"Header": lambda: b["c"][2], "Figure": lambda: b["c"][1][1]}.get(b["t"], lambda: b["c"])()
                out.append((self.block(b), b, ast_text(inlines, notes=False)))
        return out

    # -- pairing -------------------------------------------------------------

    def _nth(self, kind: tuple, el: dict, pattern: str, adjust=None) -> Position:
        offsets = self._found.get(kind)
        if offsets is None:
            offsets = [adjust(m) if adjust else m.start() for m in re.finditer(pattern, self.text)]
            self._found[kind] = offsets = sorted(offsets, key=self._reading_order)
        n = self._ordinal.get((kind, id(el)), 0)
        if n < len(offsets):
            return self.position(offsets[n])
        owner = self._owner.get(id(el))
        return self.block(owner) if owner is not None else self.position(0)

    def _reading_order(self, offset: int) -> tuple:
        """Sort key of a text offset in the AST's order: the text of a
        ``[^id]:`` definition is read where its ``[^id]`` mark stands."""
        if self._notes is None:
            marks = {m[1]: m.start() for m in re.finditer(r"\[\^([^\]\s]+)\](?!:)", self.text)}
            defs = list(re.finditer(r"(?m)^\[\^([^\]\s]+)\]:", self.text))
            self._notes = []
            for m in defs:
                # a definition runs on over indented and blank lines
                end = re.compile(r"(?m)^\[\^[^\]\s]+\]:|\n\n(?=\S)").search(self.text, m.end())
                self._notes.append((m.start(), end.start() if end else len(self.text), marks.get(m[1], m.start())))
        for start, end, mark in self._notes:
            if start <= offset < end:
                return (mark, 1, offset)
        return (offset, 0, 0)

    def _span_start(self, m: re.Match) -> int:
        """The ``[`` that opens the bracketed text ending at ``m``'s ``]``."""
        depth, i = 0, m.start()
        while i >= 0:
            ch = self.text[i]
            if ch == "]" and (i == 0 or self.text[i - 1] != "\\"):
                depth += 1
            elif ch == "[" and (i == 0 or self.text[i - 1] != "\\"):
                depth -= 1
                if depth == 0:
                    return i - 1 if i > 0 and self.text[i - 1] == "!" else i
            i -= 1
        return m.start()

    def _index(self, blocks) -> None:
        """Rank every element among its kind, in document order, and find
        each block's start; remember each element's innermost block."""
        counts: dict[tuple, int] = {}

        def rank(kind, obj):
            self._ordinal[(kind, id(obj))] = counts.get(kind, 0)
            counts[kind] = counts.get(kind, 0) + 1

        leaves = {"Str", "Space", "SoftBreak", "LineBreak"}  # most of an AST; never asked about

        def walk(node, owner, in_note=False):
            if isinstance(node, list):
                for x in node:
                    if type(x) is not dict or x.get("t") not in leaves:
                        walk(x, owner, in_note)
                return
            if not isinstance(node, dict) or "t" not in node:
                return
            t = node["t"]
            in_note = in_note or t == "Note"
            if t in BLOCKS and owner is not None and owner["t"] == "Figure":
                # a figure's caption and image are written in one ![…](…)
                self._alias[id(node)] = owner
            elif t in BLOCKS:
                self._block_list.append(node)
                self._parent[id(node)] = owner
                if in_note:
                    self._in_note.add(id(node))
                owner = node
            if owner is not None:
                self._owner[id(node)] = owner
            if t == "Cite":
                for c in node["c"][0]:
                    rank(("cite", c["citationId"]), c)
                    self._owner[id(c)] = owner
            elif t in ("Span", "Div"):
                for cls in node["c"][0][1]:
                    rank(("span" if t == "Span" else "div", cls), node)
            elif t == "Image":
                rank(("image", node["c"][2][0]), node)
            if t in ("Header", "Figure", "Table", "Div", "Span", "CodeBlock"):
                ident = (node["c"][1] if t == "Header" else node["c"][0])[0]
                if ident:
                    rank(("label", ident), node)
            c = node.get("c")
            if isinstance(c, list):
                walk(c, owner, in_note)

        walk(blocks, None)
        self._place_blocks()

    def _place_blocks(self) -> None:
        """Each block starts where its first word begins a line, searched
        forward from the block before it: from that block's first word when
        it holds this one, after it otherwise. A footnote's blocks are
        searched from the paragraph with the note's mark (a ``[^1]:``
        definition can stand far below) and move the main search on not at
        all. A block ends where the next block starts."""
        last: dict[bool, tuple] = {}  # in a note? -> (block, start, first word) placed last
        starts = []
        for b in self._block_list:
            word = next((x["c"] for x in elements(b.get("c", [])) if x["t"] == "Str"), None)
            in_note = id(b) in self._in_note
            before = last.get(in_note) if not in_note or (starts and starts[-1][1]) else None
            if before is None:  # the first block, or a note's first: from the main search
                base = last[False][1] if last.get(False) else 0
            elif self._parent.get(id(b)) is before[0]:
                base = before[1]
            else:
                base = before[1] + len(before[2] or "")
            at = self._find_word(word, base)
            starts.append((at, in_note))
            last[in_note] = (b, at, word)
        ends = sorted({a for a, _ in starts}) + [len(self.text)]
        for b, (start, _) in zip(self._block_list, starts, strict=True):
            self._blocks[id(b)] = (start, ends[min(bisect_right(ends, start), len(ends) - 1)])

    def _find_word(self, word, cursor: int) -> int:
        """Where ``word`` begins a line (after list, quote, heading or note
        marks) at or after ``cursor``; else where it stands close by (after
        an inline mark the Markdown has and the AST does not); else cursor."""
        if not word:
            return cursor
        w = re.escape(word)
        line_start = self.text.rfind("\n", 0, cursor) + 1
        for m in re.compile(_LINE_LEAD + w).finditer(self.text, line_start):
            if m.end() - len(word) >= cursor:
                return m.end() - len(word)
        m = re.compile(w).search(self.text, cursor, cursor + 2000)
        return m.start() if m else cursor
