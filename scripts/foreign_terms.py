"""Italicise foreign terms (config ``foreign_terms``) in the thesis AST.

Case-insensitive whole words, also across line breaks, longest term first,
in paragraphs, notes and headings (THESIS-FORMAT: foreign terms italic);
text already emphasised, links, code, citations and notes' own markup are
left alone. Done in Python on the JSON AST while the chapters are joined:
the same scan as a Lua filter cost 1.7 s at 17x the text, because every
word had to be marshalled into Lua; here it is a walk over dicts.
"""

from __future__ import annotations

import re

from scripts.pandoc_ast import visit

PUNCT = re.compile(r"^([(\[“\"‘']*)(.*?)([.,;:!?)\]”\"’']*)$", re.S)
SKIP = {"Emph", "Code", "Link", "Cite", "Math", "RawInline", "Note", "Image"}


def index(terms):
    by_first: dict[str, list[list[str]]] = {}
    for t in terms:
        words = str(t).lower().split()
        if words:
            by_first.setdefault(words[0], []).append(words)
    for lst in by_first.values():
        lst.sort(key=len, reverse=True)
    return by_first


def italicise(inlines: list, by_first) -> list:
    n = len(inlines)
    parts = []
    for el in inlines:
        if el.get("t") == "Str":
            pre, core, post = PUNCT.match(el["c"]).groups()
            parts.append((pre, core.lower(), post))
        else:
            parts.append(None)
    out, i = [], 0
    while i < n:
        last = None
        p = parts[i]
        if p and p[1] in by_first:
            for term in by_first[p[1]]:
                j, ok = i, True
                for word in term[1:]:
                    sp = inlines[j + 1]["t"] if j + 1 < n else None
                    q = parts[j + 2] if j + 2 < n else None
                    if parts[j][2] or sp not in ("Space", "SoftBreak") or not q or q[0] or q[1] != word:
                        ok = False
                        break
                    j += 2
                if ok:
                    last = j
                    break
        if last is None:
            el = inlines[i]
            if el.get("t") not in SKIP and isinstance(el.get("c"), list):
                walk_inline_container(el, by_first)
            out.append(el)
            i += 1
            continue
        pre_i, _, post_i = parts[i]
        first_core = PUNCT.match(inlines[i]["c"]).group(2)
        if i == last:
            inner = [{"t": "Str", "c": first_core}]
        else:
            inner = [{"t": "Str", "c": first_core + post_i}] + inlines[i + 1 : last]
            inner.append({"t": "Str", "c": PUNCT.match(inlines[last]["c"]).group(2)})
        if pre_i:
            out.append({"t": "Str", "c": pre_i})
        out.append({"t": "Emph", "c": inner})
        if parts[last][2]:
            out.append({"t": "Str", "c": parts[last][2]})
        i = last + 1
    return out


def walk_inline_container(el, by_first):
    """Strong, Span, Quoted …: their inline lists may hold terms too."""
    c = el["c"]
    t = el["t"]
    if t in ("Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
        el["c"] = italicise(c, by_first)
    elif t == "Span":
        c[1] = italicise(c[1], by_first)
    elif t == "Quoted":
        c[1] = italicise(c[1], by_first)


def apply(blocks, terms):
    """Italicise the terms in every paragraph of ``blocks`` (in place)."""
    by_first = index(terms)
    if not by_first:
        return blocks

    def italicise_text(x):
        t = x["t"]
        if t in ("Para", "Plain"):
            x["c"] = italicise(x["c"], by_first)
            for el in x["c"]:  # notes hold paragraphs of their own
                if el.get("t") == "Note":
                    visit(el["c"], italicise_text)
            return True
        if t == "Header":
            # headings too, as on the title page: a term reads the same in
            # "BAB II … SISTER PROVINCE …", DAFTAR ISI and the prose
            x["c"][2] = italicise(x["c"][2], by_first)
            return True
        return t in ("CodeBlock", "RawBlock")

    visit(blocks, italicise_text)
    return blocks
