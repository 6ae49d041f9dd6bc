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
    from scripts.common import node_line

    found = []

    def walk(obj, keys):
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, keys + [k])
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, keys + [i])
        elif obj is None and keys and keys[-1] not in ("logo",):
            line, _ = node_line(path, keys)
            found.append(Marker(path, line, "config", ".".join(map(str, keys)) + " belum diisi"))

    walk(config, [])
    return found
