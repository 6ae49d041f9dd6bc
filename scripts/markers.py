"""Count and list draft markers: what is still unfinished in the thesis.

Markers are ``::: todo`` blocks and ``[…]{.todo}`` spans in chapters (read
from the pandoc AST, with their source line found in the Markdown), config
values left null, and bibliography entries marked ``keywords = {incomplete}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from scripts.locate import SourceMap
from scripts.pandoc_ast import elements
from scripts.pandoc_ast import text as ast_text


@dataclass
class Marker:
    path: str
    line: int
    kind: str  # block | span | config | bib
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.kind}: {self.text}"


def markers_in_ast(ast: dict, source, where: SourceMap | None = None) -> list[Marker]:
    """``::: todo`` blocks and ``[…]{.todo}`` spans of one chapter, each at
    its own line (paired with the source by scripts.locate)."""
    where = where or SourceMap(source, ast)
    found: list[Marker] = []
    for x in elements(ast.get("blocks", [])):
        if x["t"] in ("Div", "Span") and "todo" in x["c"][0][1]:
            attr, content = x["c"]
            label = dict(attr[2]).get("title") or ast_text(content)
            pos = where.element(x, "todo")
            found.append(Marker(str(source), pos.line, "block" if x["t"] == "Div" else "span", label[:120]))
    return found


def markers_in_config(config: dict, path="config.yaml") -> list[Marker]:
    """A marker for every config value left null (see scripts.config.unfinished)."""
    from scripts.config import unfinished

    return config_markers(unfinished(config, path), str(path))


def config_markers(unfinished: list[dict], path="config.yaml") -> list[Marker]:
    """Markers from build/config.json's list of unfinished values."""
    return [Marker(path, u["line"], "config", f"{u['key']} belum diisi") for u in unfinished]
