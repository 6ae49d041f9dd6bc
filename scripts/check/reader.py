"""A chapter pandoc had to guess at is an error: the reader's own warnings
(caught per chapter by scripts/read_chapters.lua, with their positions) and
the Markdown pandoc gave up on and printed as text (a ``:::`` that closes
nothing, a code fence never closed, ``{.todo`` attributes never closed, a
``[^1]`` with no note), each as ``chapters/x.md:line:col: error: … — …``.

pandoc's positions are kept where they are right (the opening fence of an
unclosed div, a duplicate note definition); a duplicate identifier is
reported by pandoc where the parser stood after the block, so it is put at
its ``{#id}`` (scripts.locate) instead. A duplicate ``fig:``/``tbl:``/``sec:``
label is left to the check's label rule, which also sees across chapters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.common import Finding, finding
from scripts.pandoc_ast import CROSSREF

CODE = "markdown"
LABELLED = ("Header", "Figure", "Table", "Div", "Span", "CodeBlock")

# What pandoc prints as text when it could not read the markup (each in one Str).
LEFTOVERS = [
    (
        re.compile(r"^(`{3,}|~{3,})"),
        "code fence {m!r} is never closed: pandoc prints it and what follows as text",
        "close the code block with a line of the same fence, or remove the fence",
    ),
    (
        re.compile(r"(?<=\])\{[.#]?[\w-]*|\{[.#][\w:-]+"),
        "attributes {m!r} were not read: pandoc prints them as text",
        "write them right after the closing bracket and close the braces: [text]{{.todo}}",
    ),
    (
        re.compile(r"\[\^[^\]\s]+\]"),
        "footnote {m!r} has no note: pandoc prints the mark as text",
        "add its note below the paragraph ({m}: text of the note), or fix the mark",
    ),
    (
        re.compile(r"(?:\[[^\]]*)?\]\[[^\]\s]*\]"),
        "reference link {m!r} points at no link definition: pandoc prints it as text",
        "add a line [name]: URL for it, or write the link inline as [text](URL)",
    ),
]


def load(path) -> dict[str, list[dict]]:
    """build/checks/reader-warnings.json as {chapter path: [pandoc log message]};
    empty when the file is absent (the check run by hand before any build)."""
    if not path or not Path(path).exists():
        return {}
    doc = json.loads(Path(path).read_text(encoding="utf-8"))
    return {c["path"]: c["messages"] for c in (doc.get("chapters") or [])}


FENCE = re.compile(r"^(?P<lead>[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)?)(?P<colons>:{3,})[ \t]*(?P<rest>.*?)[ \t]*$")


def unclosed_fences(text: str) -> list[tuple[int, int]]:
    """(line, column) of every ``:::`` fence that opens a block no fence
    closes, from the Markdown (code already blanked by scripts.locate):
    only for warnings whose position pandoc counted inside a list item."""
    stack = []
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if not m:
            continue
        if m["rest"] and not m["rest"].startswith(":"):
            stack.append((n, len(m["lead"]) + 1))
        elif stack:
            stack.pop()
    return stack


def _ident(el) -> str:
    return (el["c"][1] if el["t"] == "Header" else el["c"][0])[0]


def pandoc_warnings(doc, messages: list[dict]) -> list[Finding]:
    """pandoc's reader warnings for one chapter, each as a located error."""
    out = []
    seen: dict[str, int] = {}  # identifier -> duplicates reported so far
    unclosed = 0  # unclosed divs placed from the fences
    for m in messages:
        kind = m.get("type", "")
        if kind == "UnclosedDiv":
            at = m.get("openpos") or {}
            where = (doc.source, at.get("line", 1), at.get("column", 1))
            if at.get("source"):  # inside a list or quote pandoc counts from the item ("_chunk")
                openers = unclosed_fences(doc.where.text)
                where = (doc.source, *openers[min(unclosed, len(openers) - 1)]) if openers else where
                unclosed += 1
            out.append(
                finding(
                    where,
                    "the block opened by this ':::' fence is never closed: pandoc closes it at the end of"
                    " its enclosing block, so the text and headings after it fall inside it",
                    "add a line ':::' where the block ends",
                    CODE,
                )
            )
        elif kind == "DuplicateIdentifier":
            ident = m.get("contents", "")
            if CROSSREF.match(ident):
                continue  # the label rule reports it (across chapters too)
            same = [el for el in doc.all(*LABELLED) if _ident(el) == ident]
            seen[ident] = seen.get(ident, 0) + 1
            el = same[min(seen[ident], len(same) - 1)] if same else None
            at = doc.where.label(el) if el is not None else (doc.source, m.get("line", 1), m.get("column", 1))
            out.append(
                finding(
                    at,
                    f"identifier {'#' + ident!r} is given twice in this chapter",
                    "give each heading, figure, table and block its own {#id}",
                    CODE,
                )
            )
        else:
            message, fix = _MESSAGES.get(kind, (None, "fix the Markdown there"))
            name = m.get("contents") or m.get("key") or ""
            if message is None:  # any other warning: pandoc's words, its position left out
                message = "pandoc: " + re.sub(r",? at line \d+,? column \d+", "", m.get("pretty", kind)).rstrip(".")
            out.append(
                finding(
                    (doc.source, m.get("line", 1), m.get("column", 1)),
                    message.format(name=name),
                    fix.format(name=name),
                    CODE,
                )
            )
    return out


# The reader warnings a chapter is likely to meet, in the project's words.
_MESSAGES = {
    "DuplicateNoteReference": (
        "note [^{name}] is defined twice: pandoc keeps one",
        "give each note its own name: [^1], [^2] …",
    ),
    "NoteDefinedButNotUsed": (
        "note [^{name}] is defined but its mark [^{name}] is nowhere in the text: it is not printed",
        "put [^{name}] where the note belongs, or delete the note",
    ),
    "DuplicateLinkReference": (
        "link definition {name} is given twice: pandoc keeps the first",
        "keep one definition, or rename one",
    ),
    "ReferenceNotFound": ("reference {name!r} is not defined", "add its definition, or fix the name"),
}


def leftovers(doc) -> list[Finding]:
    """Markup pandoc could not read and printed as text."""
    out = []
    for el in doc.all("Para", "Plain", "Div"):
        if el["t"] == "Div":
            classes = el["c"][0][1]
            bad = next((c for c in classes if c.startswith("{") or c.endswith("}")), None)
            if bad:
                out.append(
                    finding(
                        doc.where.element(el, bad),
                        f"the ':::' fence's attributes {bad!r} are not written right: pandoc takes them for a class",
                        "write the fence as ::: {.todo} or ::: todo",
                        CODE,
                    )
                )
            continue
        before = None
        for x in el["c"]:
            line_start, before = before is None or before["t"] in ("SoftBreak", "LineBreak"), x
            if x["t"] != "Str":
                continue
            if line_start and x["c"].startswith(":::"):
                out.append(
                    finding(
                        doc.where.search(r"(?m)^[ \t>]*:::", el),
                        "this ':::' fence opens or closes no block: pandoc prints it as text",
                        "delete it, or open the block it closes with ::: todo (a fence needs a blank line before it)",
                        CODE,
                    )
                )
                break
            for rx, message, fix in LEFTOVERS:
                hit = rx.search(x["c"])
                if hit:
                    token = hit.group(0)
                    out.append(
                        finding(
                            doc.where.search(re.escape(token), el),
                            message.format(m=token),
                            fix.format(m=token),
                            CODE,
                        )
                    )
                    break
    return out


def reader_findings(docs, warnings: dict[str, list[dict]]) -> list[Finding]:
    """Every chapter's reader warnings and unread markup: one error each."""
    out = []
    for doc in docs:
        out += pandoc_warnings(doc, warnings.get(doc.source, [])) + leftovers(doc)
    return out
