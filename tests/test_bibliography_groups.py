"""citations.group_by_kind: DAFTAR PUSTAKA in groups by kind of work (buku,
jurnal, dokumen dan peraturan, internet), alphabetical within each, in the
PDF and the DOCX; the groups' headings in no contents list; off by default."""

from __future__ import annotations

import re

import pytest

from conftest import make_project
from scripts.render import bibliography_groups, group_bibliography

ID_TITLES = ["Buku", "Jurnal dan Artikel", "Dokumen dan Peraturan Perundang-undangan", "Internet"]
LAWS = [
    "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008",
    "Undang-Undang Nomor 22 Tahun 1999",
    "Undang-Undang Nomor 32 Tahun 2004",
]


def entry(key, text):
    return {"t": "Div", "c": [[f"ref-{key}", ["csl-entry"], []], [{"t": "Para", "c": [{"t": "Str", "c": text}]}]]}


def refs_doc(*entries):
    return {
        "blocks": [
            {"t": "Div", "c": [["", ["bibliography"], []], [{"t": "Div", "c": [["refs", [], []], list(entries)]}]]}
        ]
    }


def shown(doc):
    out = []
    for b in doc["blocks"][0]["c"][1][0]["c"][1]:
        if b["t"] == "Header":
            out.append(("#", "".join(i.get("c", " ") for i in b["c"][2]), b["c"][1][1]))
        else:
            out.append(b["c"][0][0])
    return out


def test_off_by_default_and_on_in_the_thesis_language():
    assert bibliography_groups({"locale": "id-ID"}) is None
    assert bibliography_groups({"locale": "id-ID", "group_by_kind": False}) is None
    assert [g["title"] for g in bibliography_groups({"locale": "id-ID", "group_by_kind": True})] == ID_TITLES
    en = bibliography_groups({"locale": "en-GB", "group_by_kind": True})
    assert [g["title"] for g in en] == ["Books", "Journals and Articles", "Documents and Legislation", "Online Sources"]
    own = [{"kind": "laws", "title": "Peraturan", "types": ["legislation"]}, {"kind": "books", "types": ["book"]}]
    assert [g["title"] for g in bibliography_groups({"locale": "id-ID", "group_by_kind": True, "groups": own})] == [
        "Peraturan",
        "Buku",
    ]


def test_groups_keep_citeprocs_order_and_skip_empty_ones():
    groups = bibliography_groups({"locale": "id-ID", "group_by_kind": True})
    doc = refs_doc(entry("a", "A"), entry("uu", "U"), entry("b", "B"), entry("odd", "O"))
    types = {"a": "book", "uu": "legislation", "b": "Book", "odd": "customa"}
    assert group_bibliography(doc, types, groups) == 3
    assert shown(doc) == [
        ("#", "Buku", ["unnumbered", "unlisted"]),
        "ref-a",
        "ref-b",
        ("#", ID_TITLES[2], ["unnumbered", "unlisted"]),
        "ref-uu",
        # a type no group names: the last group
        ("#", "Internet", ["unnumbered", "unlisted"]),
        "ref-odd",
    ]


def test_a_kind_of_its_own_needs_its_title(tmp_path):
    from scripts.common import ThesisError
    from scripts.config import validate

    cfg = tmp_path / "config.yaml"
    text = (make_project(tmp_path / "p", "tiny") / "config.yaml").read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^citations:\n", "citations:\n  group_by_kind: true\n  groups:\n    - {kind: laws, types: [x]}\n", text
    )
    cfg.write_text(text, encoding="utf-8")
    import yaml

    with pytest.raises(ThesisError) as e:
        validate(yaml.safe_load(text), str(cfg))
    assert "citations.groups.0: 'title' is a required property" in str(e.value)
