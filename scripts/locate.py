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
_LINE_LEAD = r"(?m)^[ \t>]*(?:(?:[-*+]|\(?(?:\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+|#)[.)]|#+|:)[ \t]+)?[^\w\n]{0,6}"
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
            self._found[kind] = offsets = sorted(offsets)
        n = self._ordinal.get((kind, id(el)), 0)
        if n < len(offsets):
            return self.position(offsets[n])
        owner = self._owner.get(id(el))
        return self.block(owner) if owner is not None else self.position(0)

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

        def walk(node, owner):
            if isinstance(node, list):
                for x in node:
                    walk(x, owner)
                return
            if not isinstance(node, dict) or "t" not in node:
                return
            t = node["t"]
            if t in BLOCKS and owner is not None and owner["t"] == "Figure":
                # a figure's caption and image are written in one ![…](…)
                self._alias[id(node)] = owner
            elif t in BLOCKS:
                self._block_list.append(node)
                self._parent[id(node)] = owner
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
                walk(c, owner)

        walk(blocks, None)
        self._place_blocks()

    def _place_blocks(self) -> None:
        """Each block starts where its first word begins a line, searched
        forward from the block before it (from that block's first word when
        this is its first child, after it otherwise); it ends where the next
        one starts."""
        cursor, starts, prev = 0, [], None
        for b in self._block_list:
            word = next((x["c"] for x in elements(b.get("c", [])) if x["t"] == "Str"), None)
            if prev is not None and self._parent.get(id(b)) is not prev[0]:
                cursor = prev[1] + len(prev[2] or "")
            at = cursor
            if word:
                w = re.escape(word)
                line_start = self.text.rfind("\n", 0, cursor) + 1
                m = next(
                    (
                        m
                        for m in re.finditer(_LINE_LEAD + w, self.text[line_start:])
                        if line_start + m.end() - len(word) >= cursor
                    ),
                    None,
                )
                if m:
                    at = line_start + m.end() - len(word)
                else:  # after an inline mark the Markdown has and the AST does not
                    m = re.compile(w).search(self.text, cursor, cursor + 2000)
                    at = m.start() if m else cursor
            starts.append(at)
            cursor, prev = at, (b, at, word)
        end = len(self.text)
        for i in range(len(starts) - 1, -1, -1):  # each block ends where a later one starts
            self._blocks[id(self._block_list[i])] = (starts[i], end)
            if i and starts[i - 1] < starts[i]:
                end = starts[i]
