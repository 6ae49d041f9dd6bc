"""Small helpers over pandoc's JSON AST, shared by the check, the markers,
the drafts and the verification."""

from __future__ import annotations

import re

CROSSREF = re.compile(r"^(fig|tbl|sec):")


def elements(node):
    """Every element (a dict with "t") below ``node``, depth first."""
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if "t" in x:
                yield x
            c = x.get("c")
            if isinstance(c, list):
                stack.append(c)
        elif isinstance(x, list):
            stack.extend(reversed(x))


def text(node, notes: bool = True, cites: bool = True) -> str:
    """Plain text, whitespace collapsed; optionally without footnotes and
    without the text of citations."""
    out: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            t = x.get("t")
            if t == "Note" and not notes:
                return
            if t == "Cite":
                if cites:
                    walk(x["c"][1])
                return
            if t == "Str":
                out.append(x["c"])
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif "c" in x:
                walk(x["c"])
        elif isinstance(x, list):
            for y in x:
                walk(y)

    walk(node)
    return " ".join("".join(out).split())


def cite_keys(node) -> set[str]:
    """Keys of real citations (not @fig:/@tbl:/@sec: cross-references)."""
    return {
        c["citationId"]
        for el in elements(node)
        if el["t"] == "Cite"
        for c in el["c"][0]
        if not CROSSREF.match(c["citationId"])
    }
