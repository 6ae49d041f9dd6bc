"""Small helpers over pandoc's JSON AST, shared by the check, the locator,
the markers, the drafts and assemble."""

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


def visit(node, fn) -> None:
    """Call ``fn`` on every element (a dict with "t") below ``node``, depth
    first in document order; where ``fn`` returns True, that element's
    children are skipped (it has dealt with them, or they do not count)."""
    if isinstance(node, dict):
        if "t" in node and fn(node):
            return
        c = node.get("c")
        if isinstance(c, list):
            visit(c, fn)
    elif isinstance(node, list):
        for y in node:
            visit(y, fn)


def text(node, notes: bool = True, cites: bool = True) -> str:
    """Plain text, whitespace collapsed; optionally without footnotes and
    without the text of citations."""
    out: list[str] = []

    def take(x):
        t = x["t"]
        if t == "Note":
            return not notes
        if t == "Cite":
            if cites:
                visit(x["c"][1], take)
            return True
        if t == "Str":
            out.append(x["c"])
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        return False

    visit(node, take)
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
