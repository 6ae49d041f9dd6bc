"""Join the per-chapter pandoc ASTs into the one thesis AST, in thesis order.

Each chapter was read once into ``build/ast/<name>.json``; here they are
wrapped in Divs that name their role and source file, the generated lists and
the bibliography are put in their places, and the metadata (title, language,
layout) is taken from config.yaml. Nothing is re-parsed.
"""

from __future__ import annotations

import json

from scripts.pandoc_ast import text


def meta_str(s):
    return {"t": "MetaString", "c": str(s)}


def meta_inlines(s):
    words = str(s).split(" ")
    out = []
    for i, w in enumerate(words):
        if i:
            out.append({"t": "Space"})
        out.append({"t": "Str", "c": w})
    return {"t": "MetaInlines", "c": out}


def to_meta(value):
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {k: to_meta(v) for k, v in value.items()}}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [to_meta(v) for v in value]}
    return meta_str("" if value is None else value)


def from_meta(m):
    """Plain Python value of a pandoc metadata value."""
    t = m.get("t")
    if t == "MetaMap":
        return {k: from_meta(v) for k, v in m["c"].items()}
    if t == "MetaList":
        return [from_meta(v) for v in m["c"]]
    if t == "MetaBool":
        return m["c"]
    if t == "MetaString":
        return m["c"]
    return text(m["c"])


def nocite(keys) -> dict:
    """``nocite`` metadata: works citeproc lists without a note in the text."""
    cites = []
    for i, key in enumerate(keys):
        if i:
            cites.append({"t": "Space"})
        citation = {
            "citationId": key,
            "citationPrefix": [],
            "citationSuffix": [],
            "citationMode": {"t": "NormalCitation"},
            "citationNoteNum": 0,
            "citationHash": 0,
        }
        cites.append({"t": "Cite", "c": [[citation], [{"t": "Str", "c": f"@{key}"}]]})
    return {"t": "MetaInlines", "c": cites}


def attr(ident="", classes=(), kv=None):
    return [ident, list(classes), [[k, str(v)] for k, v in (kv or {}).items()]]


def div(blocks, ident="", classes=(), kv=None):
    return {"t": "Div", "c": [attr(ident, classes, kv), blocks]}


def heading(text, level=1, ident="", classes=("unnumbered",)):
    inl = meta_inlines(text)["c"]
    return {"t": "Header", "c": [level, attr(ident, classes), inl]}


def load_ast(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def keyword_inlines(words, lang: str) -> list:
    """The keywords as a chapter prints them ("a, b, c"), or a visible
    placeholder naming the config key to fill when the list is empty."""
    if not words:
        what = f"BELUM DIISI: {'kata kunci' if lang == 'id' else 'keywords'} (thesis.keywords.{lang} di config.yaml)"
        return [{"t": "Span", "c": [attr("", ["todo"]), meta_inlines(what)["c"]]}]
    out = []
    for i, w in enumerate(words):
        out += meta_inlines(w + ("," if i < len(words) - 1 else ""))["c"] + [{"t": "Space"}]
    return out[:-1]


def fill_keywords(blocks, keywords: dict, default_lang: str) -> None:
    """``[]{.keywords lang=id}`` in a chapter (the abstract pages) becomes
    the config's keywords in that language (in place): the keywords come
    from config, never typed where no one counts them."""
    from scripts.pandoc_ast import elements

    for el in elements(blocks):
        if el["t"] == "Span" and "keywords" in el["c"][0][1]:
            lang = dict(el["c"][0][2]).get("lang", default_lang)
            el["c"][1] = keyword_inlines((keywords or {}).get(lang), lang)


def assemble(config: dict, front_pages: str, chapters: list[tuple[str, str, str]], figures_meta=None):
    """``chapters``: (role, source path, ast path) in document order."""
    from scripts.labels import labels

    words = labels(config)
    doc = load_ast(front_pages)
    api = doc["pandoc-api-version"]
    blocks = [div(doc["blocks"], "", ["frontpages"], {"source": "config.yaml"})]

    def add(role):
        for r, src, ast in chapters:
            if r == role:
                blocks.append(div(load_ast(ast)["blocks"], "", ["chapter", role], {"source": src}))

    add("front")
    blocks.append(div([heading(words["contents"], ident="daftar-isi")], "", ["toc"]))
    blocks.append(div([heading(words["list_of_figures"], ident="daftar-gambar")], "", ["lof"]))
    blocks.append(div([heading(words["list_of_tables"], ident="daftar-tabel")], "", ["lot"]))
    if any(r == "appendix" for r, _, _ in chapters):
        blocks.append(div([heading(words["list_of_appendices"], ident="daftar-lampiran")], "", ["loa"]))
    blocks.append(div([], "", ["mainmatter"]))
    add("body")
    cit = config["citations"]
    blocks.append(
        div(
            [heading(cit.get("bibliography_title", words["bibliography"]), ident="daftar-pustaka"), div([], "refs")],
            "",
            ["bibliography"],
        )
    )
    if any(r == "appendix" for r, _, _ in chapters):
        # where the appendices begin, without a heading of its own: a page
        # holding only "LAMPIRAN" says nothing "LAMPIRAN 1 …" does not
        blocks.append(div([], "lampiran", ["appendices"]))
        add("appendix")

    t, lay = config["thesis"], config["layout"]
    # the thesis language's keywords go into the PDF's and DOCX's properties
    lang, keywords = cit.get("locale", "id-ID").split("-")[0], t.get("keywords") or {}
    fill_keywords(blocks, keywords, lang)
    meta = {
        "title": meta_inlines(t["title"]),
        "author": meta_inlines(t["author"] or "[BELUM DIISI: nama penulis]"),
        "lang": meta_str(cit.get("locale", words["locale"])),
        # the words the filters print (templates/labels.yaml); crossref.lua
        # reads its names from crossref-*
        "labels": to_meta(words),
        **{f"crossref-{k}": meta_str(words[k]) for k in ("figure", "table", "chapter", "section", "appendix", "and")},
        # inlines, not strings: pandoc's DOCX writer prints MetaString
        # keywords as empty ("…, , ,") in the document properties
        "keywords": {"t": "MetaList", "c": [meta_inlines(k) for k in keywords.get(lang) or []]},
        "link-citations": to_meta(False),
        "suppress-bibliography": to_meta(False),
        "notes-after-punctuation": to_meta(True),
        "thesis-layout": to_meta(
            {
                "paper": lay.get("paper", "a4"),
                "margin-top": lay["margins_cm"]["top"],
                "margin-left": lay["margins_cm"]["left"],
                "margin-bottom": lay["margins_cm"]["bottom"],
                "margin-right": lay["margins_cm"]["right"],
                "fonts": list(lay.get("fonts", ["Libertinus Serif"])),
                "font-size": lay.get("font_size_pt", 12),
                "footnote-size": lay.get("footnote_size_pt", 10),
                "line-spacing": lay.get("line_spacing", 1.5),
                "indent": lay.get("first_line_indent_cm", 1.25),
                "page-number-position": lay.get("page_number_position", "bottom-center"),
            }
        ),
        "foreign-terms": to_meta(config.get("foreign_terms", [])),
        "figures": to_meta((figures_meta or {}).get("figures", {})),
        "data": to_meta((figures_meta or {}).get("data", {})),
    }
    if cit.get("nocite"):
        meta["nocite"] = nocite(cit["nocite"])
    from scripts.foreign_terms import apply as italicise_foreign_terms

    italicise_foreign_terms(blocks, config.get("foreign_terms", []))
    return {"pandoc-api-version": api, "meta": meta, "blocks": blocks}
