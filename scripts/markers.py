"""Count and list draft markers: what is still unfinished in the thesis.

Markers are ``::: todo`` blocks and ``[…]{.todo}`` spans in chapters (read
from the pandoc AST, with their source line found in the Markdown), config
values left null, and bibliography entries marked ``keywords = {incomplete}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def markers_in_ast(ast: dict, source: str) -> list[Marker]:
    text = Path(source).read_text(encoding="utf-8", errors="replace") if Path(source).exists() else ""
    lines = text.splitlines()
    todo_block_lines = [i + 1 for i, ln in enumerate(lines) if ln.lstrip().startswith(":::") and "todo" in ln]
    span_lines = [i + 1 for i, ln in enumerate(lines) if "{.todo" in ln]
    found: list[Marker] = []
    b_i = s_i = 0

    for x in elements(ast.get("blocks", [])):
        if x["t"] in ("Div", "Span"):
            attr, content = x["c"]
            if "todo" in attr[1]:
                kv = dict(attr[2])
                label = kv.get("title") or ast_text(content)
                if x["t"] == "Div":
                    line = todo_block_lines[b_i] if b_i < len(todo_block_lines) else 0
                    b_i += 1
                else:
                    line = span_lines[s_i] if s_i < len(span_lines) else 0
                    s_i += 1
                found.append(Marker(source, line, "block" if x["t"] == "Div" else "span", label[:120]))
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
