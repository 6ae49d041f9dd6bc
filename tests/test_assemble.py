"""assemble: the chapters' ASTs joined in thesis order, nothing re-parsed."""

from __future__ import annotations

import json

from scripts.assemble import assemble, from_meta, to_meta
from scripts.pandoc_ast import text

CONFIG = {
    "thesis": {"title": "Judul Uji", "author": None, "keywords": {"id": ["a", "b"], "en": None}},
    "citations": {"locale": "id-ID", "bibliography_title": "DAFTAR PUSTAKA"},
    "layout": {"margins_cm": {"top": 4, "left": 4, "bottom": 3, "right": 3}},
    "foreign_terms": ["sister province"],
}


def ast_file(tmp_path, name, words):
    blocks = [{"t": "Para", "c": [{"t": "Str", "c": w} for w in words.split()]}]
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}), encoding="utf-8")
    return str(path)


def test_order_roles_and_sources(tmp_path):
    front = ast_file(tmp_path, "_front", "Halaman judul")
    chapters = [
        ("body", "chapters/01-a.md", ast_file(tmp_path, "01-a", "Bab satu")),
        ("appendix", "chapters/a1-x.md", ast_file(tmp_path, "a1-x", "Lampiran satu")),
        ("front", "chapters/f1-k.md", ast_file(tmp_path, "f1-k", "Kata pengantar")),
    ]
    doc = assemble(CONFIG, front, chapters, {"figures": {"pola": {"alt": "x"}}, "data": {}})
    kinds = [(b["c"][0][1], dict(b["c"][0][2]).get("source")) for b in doc["blocks"]]
    assert kinds == [
        (["frontpages"], "config.yaml"),
        (["chapter", "front"], "chapters/f1-k.md"),
        (["toc"], None),
        (["lof"], None),
        (["lot"], None),
        (["loa"], None),  # DAFTAR LAMPIRAN, as there is an appendix
        (["mainmatter"], None),
        (["chapter", "body"], "chapters/01-a.md"),
        (["bibliography"], None),
        (["appendices"], None),
        (["chapter", "appendix"], "chapters/a1-x.md"),
    ]
    # the appendices' start is a mark, not a page holding only "LAMPIRAN"
    assert doc["blocks"][9]["c"][0][0] == "lampiran" and doc["blocks"][9]["c"][1] == []
    assert text(doc["blocks"][8]) == "DAFTAR PUSTAKA"
    assert doc["pandoc-api-version"] == [1, 23, 1]


def test_no_appendix_no_lampiran_and_author_placeholder(tmp_path):
    doc = assemble(CONFIG, ast_file(tmp_path, "_f", "x"), [("body", "c.md", ast_file(tmp_path, "01", "y"))])
    assert not [b for b in doc["blocks"] if "appendices" in b["c"][0][1]]
    assert from_meta(doc["meta"]["author"]) == "[BELUM DIISI: nama penulis]"
    assert from_meta(doc["meta"]["title"]) == "Judul Uji"
    assert from_meta(doc["meta"]["thesis-layout"])["margin-left"] == "4"


def test_meta_round_trip():
    value = {"a": [True, "x", {"b": None}], "c": 1.5}
    assert from_meta(to_meta(value)) == {"a": [True, "x", {"b": ""}], "c": "1.5"}


def keyword_para(tmp_path, name, lang):
    blocks = [
        {
            "t": "Para",
            "c": [
                {"t": "Strong", "c": [{"t": "Str", "c": "Kata"}, {"t": "Space"}, {"t": "Str", "c": "kunci:"}]},
                {"t": "Space"},
                {"t": "Span", "c": [["", ["keywords"], [["lang", lang]]], []]},
            ],
        }
    ]
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps({"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}), encoding="utf-8")
    return str(path)


def test_keywords_come_from_config_or_are_a_placeholder(tmp_path):
    """The abstract pages' keywords are config's (foreign terms italic like
    everywhere); an empty list is a visible [BELUM DIISI: …] draft marker
    naming the key to fill, never a silent blank."""
    config = {**CONFIG, "thesis": {**CONFIG["thesis"], "keywords": {"id": ["sister province", "NTB"], "en": None}}}
    chapters = [
        ("front", "chapters/f2-abstrak.md", keyword_para(tmp_path, "f2", "id")),
        ("front", "chapters/f3-abstract.md", keyword_para(tmp_path, "f3", "en")),
    ]
    doc = assemble(config, ast_file(tmp_path, "_f", "x"), chapters)
    id_para, en_para = (b["c"][1][0]["c"] for b in doc["blocks"][1:3])
    assert text(id_para) == "Kata kunci: sister province, NTB"
    assert id_para[-1]["c"][1][0]["t"] == "Emph"  # sister province, italic
    marker = en_para[-1]["c"][1][0]
    assert marker["c"][0][1] == ["todo"]
    assert text(marker["c"][1]) == "BELUM DIISI: keywords (thesis.keywords.en di config.yaml)"
    assert [from_meta(k) for k in doc["meta"]["keywords"]["c"]] == ["sister province", "NTB"]
