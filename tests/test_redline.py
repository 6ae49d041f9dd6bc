"""The redline module (scripts/drafts/redline.py): accept-all gives the new
AST and reject-all the old one, for generated documents and edit scripts
(hypothesis), and the edits of the issue are revisions of their own size:
a new citation early does not touch later notes' identity, a word in a list
item, caption, heading, table cell or footnote is a word revision there."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.drafts.redline import accept, authored, prepared, reject, revise, visible
from scripts.pandoc_ast import elements

WORDS = ["negara", "provinsi", "kerjasama", "Zhejiang", "NTB", "aktor", "kebijakan", "daerah", "pusat", "Ibid."]


def para(*words, t="Para"):
    out = []
    for w in words:
        if out:
            out.append({"t": "Space"})
        out.append(w if isinstance(w, dict) else {"t": "Str", "c": w})
    return {"t": t, "c": out}


def cite(key, locator, note_num=1, rendered=None):
    note = {"t": "Note", "c": [para(*(rendered or [key.title() + ",", "hlm.", locator + "."]))]}
    return {
        "t": "Cite",
        "c": [
            [
                {
                    "citationId": key,
                    "citationPrefix": [],
                    "citationSuffix": [{"t": "Str", "c": ","}, {"t": "Space"}, {"t": "Str", "c": locator}],
                    "citationMode": {"t": "NormalCitation"},
                    "citationNoteNum": note_num,
                    "citationHash": 0,
                }
            ],
            [note],
        ],
    }


def header(level, *words, number=None):
    kv = [["number", number]] if number else []
    return {"t": "Header", "c": [level, ["", [], kv], para(*words)["c"]]}


def items(*lists):
    return {"t": "BulletList", "c": [[para(*ws, t="Plain")] for ws in lists]}


def cell(*words):
    return [["", [], []], {"t": "AlignDefault"}, 1, 1, [para(*words, t="Plain")]]


def table(rows, number="1.1"):
    row = lambda ws: [["", [], []], [cell(w) for w in ws]]  # noqa: E731
    return {
        "t": "Table",
        "c": [
            ["tbl:x", [], [["number", number]]],
            [None, [para("Ringkasan", "bukti")]],
            [[{"t": "AlignDefault"}, {"t": "ColWidthDefault"}]] * len(rows[0]),
            [["", [], []], [row(rows[0])]],
            [[["", [], []], 0, [], [row(r) for r in rows[1:]]]],
            [["", [], []], []],
        ],
    }


def figure(*caption, number="1.1"):
    img = {"t": "Image", "c": [["", [], []], [], ["build/figures/pola.svg", ""]]}
    return {
        "t": "Figure",
        "c": [
            ["fig:pola", [], [["number", number]]],
            [None, [para(*caption, t="Plain")]],
            [{"t": "Plain", "c": [img]}],
        ],
    }


def roundtrip(old, new):
    rev = revise(old, new, "draft x", "2026-01-01")
    assert visible(accept(rev)) == visible(prepared(new))
    assert visible(reject(rev)) == visible(prepared(old))
    return rev


def revisions(rev):
    """(kind, words) of every revision span, outermost only."""
    out = []

    def walk(x):
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            if x.get("t") in ("Span", "Div") and set(x["c"][0][1]) & {"insertion", "deletion"}:
                kind = next(k for k in x["c"][0][1] if k in ("insertion", "deletion"))
                words = [e["c"] for e in elements(x["c"][1]) if e["t"] == "Str"]
                out.append((kind, " ".join(words)))
                return
            for v in x.values():
                walk(v)

    walk(rev)
    return out


# -- the edits of the issue ------------------------------------------------------


def test_a_new_citation_early_changes_later_notes_in_place_not_twice():
    later = [
        para("Kalimat", "kedua", cite("masoed1994", "232", 2)),
        para("Kalimat", "ketiga", cite("masoed1994", "232", 3, ["Ibid."])),
    ]
    old = [para("Awal", "bab", cite("masoed1994", "232", 1))] + later
    new_later = [
        para("Kalimat", "kedua", cite("masoed1994", "232", 3, ["Ibid."])),
        para("Kalimat", "ketiga", cite("masoed1994", "232", 4, ["Ibid."])),
    ]
    new = [para("Awal", "bab", cite("jatmika2001", "51", 1), cite("masoed1994", "232", 2))] + new_later
    rev = roundtrip(old, new)
    # the new citation is one insertion; the second paragraph's note changed
    # in place (full form -> Ibid.); the third paragraph carries no revision
    kinds = revisions(rev)
    assert ("insertion", "Jatmika2001, hlm. 51.") in kinds
    assert rev[2] == new[2]
    notes = [e for e in elements(rev) if e["t"] == "Note"]
    assert len(notes) == 4  # no note duplicated


def test_a_changed_locator_is_a_revision_inside_its_footnote():
    old = [para("Teks", cite("jatmika2001", "51"))]
    new = [para("Teks", cite("jatmika2001", "52"))]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "51."), ("insertion", "52.")]
    assert [e["t"] for e in elements(rev[0]["c"]) if e["t"] in ("Cite", "Note")] == ["Cite", "Note"]


def test_a_word_in_a_list_item_is_a_word_revision():
    old = [items(["butir", "pertama"], ["butir", "kedua", "lama"], ["butir", "ketiga"])]
    new = [items(["butir", "pertama"], ["butir", "kedua", "baru"], ["butir", "ketiga"])]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "lama"), ("insertion", "baru")]


def test_a_removed_list_item_is_dropped_by_accept_and_kept_by_reject():
    old = [items(["satu"], ["dua"], ["tiga"])]
    new = [items(["satu"], ["tiga"])]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "dua")]


def test_a_word_in_a_caption_keeps_one_figure():
    old = [figure("Pola", "hubungan", "lama")]
    new = [figure("Pola", "hubungan", "baru")]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "lama"), ("insertion", "baru")]
    assert sum(1 for e in elements(rev) if e["t"] == "Image") == 1


def test_a_new_figure_before_renumbers_as_a_revision():
    old = [figure("Pola", number="1.1")]
    new = [figure("Pola", number="1.2")]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "1.1"), ("insertion", "1.2")]


def test_a_word_in_a_heading_and_in_a_table_cell():
    old = [
        header(2, "Rumusan", "Masalah", number="B."),
        table([["Aktor", "Peran"], ["G", "Pemerintah"], ["P", "Swasta"]]),
    ]
    new = [
        header(2, "Rumusan", "Persoalan", number="B."),
        table(
            [
                ["Aktor", "Peran"],
                [
                    "G",
                    "Pemerintah",
                ],
                ["P", "Warga"],
            ]
        ),
    ]
    rev = roundtrip(old, new)
    assert revisions(rev) == [
        ("deletion", "Masalah"),
        ("insertion", "Persoalan"),
        ("deletion", "Swasta"),
        ("insertion", "Warga"),
    ]


def test_a_removed_table_row_and_paragraph():
    old = [
        para("Tetap", "ada"),
        para("Paragraf", "yang", "dihapus", "seluruhnya"),
        table([["A", "B"], ["1", "2"], ["3", "4"]]),
    ]
    new = [para("Tetap", "ada"), table([["A", "B"], ["3", "4"]])]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("deletion", "Paragraf yang dihapus seluruhnya"), ("deletion", "1"), ("deletion", "2")]


def test_authored_ignores_note_numbers_only():
    assert authored(cite("a", "1", 1)) == authored(cite("a", "1", 9, ["Ibid."]))
    assert authored(cite("a", "1")) != authored(cite("a", "2"))


# -- properties --------------------------------------------------------------------

word = st.sampled_from(WORDS)
words = st.lists(word, min_size=1, max_size=6)


@st.composite
def inline_words(draw):
    ws = draw(words)
    out = list(ws)
    if draw(st.booleans()):
        out.insert(
            draw(st.integers(0, len(out))), cite(draw(st.sampled_from(["a", "b"])), str(draw(st.integers(1, 3))))
        )
    if draw(st.booleans()):
        out.insert(0, {"t": "Emph", "c": para(*draw(words))["c"]})
    return out


@st.composite
def block(draw):
    kind = draw(st.sampled_from(["para", "para", "header", "list", "table", "figure"]))
    if kind == "para":
        return para(*draw(inline_words()))
    if kind == "header":
        return header(draw(st.integers(1, 3)), *draw(words), number=draw(st.sampled_from([None, "A.", "B."])))
    if kind == "list":
        return items(*draw(st.lists(words, min_size=1, max_size=4)))
    if kind == "table":
        ncols = draw(st.integers(1, 3))
        rows = draw(st.lists(st.lists(word, min_size=ncols, max_size=ncols), min_size=2, max_size=4))
        return table(rows, number=draw(st.sampled_from(["1.1", "1.2"])))
    return figure(*draw(words), number=draw(st.sampled_from(["1.1", "1.2"])))


documents = st.lists(block(), max_size=6)


@st.composite
def edited(draw, doc):
    """The document after a few edits: blocks and words added, removed, replaced."""
    new = copy.deepcopy(doc)
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["insert", "delete", "word", "word"]))
        if op == "insert" or not new:
            new.insert(draw(st.integers(0, len(new))), draw(block()))
        elif op == "delete":
            new.pop(draw(st.integers(0, len(new) - 1)))
        else:
            strs = [e for e in elements(new) if e["t"] == "Str"]
            if strs:
                draw(st.sampled_from(strs))["c"] = draw(word)
    return new


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_accept_all_is_new_and_reject_all_is_old(data):
    old = data.draw(documents)
    new = data.draw(edited(old))
    roundtrip(old, new)


@settings(max_examples=150, deadline=None)
@given(documents, documents)
def test_any_two_documents_round_trip(old, new):
    roundtrip(old, new)


@settings(max_examples=100, deadline=None)
@given(documents)
def test_no_change_no_revision(doc):
    assert revisions(revise(doc, copy.deepcopy(doc), "a", "d")) == []


def test_a_citation_added_after_a_word_does_not_revise_the_word():
    old = [para("di", "Indonesia.")]
    new = [{"t": "Para", "c": para("di", "Indonesia")["c"] + [{"t": "Str", "c": "."}, cite("jatmika2001", "12")]}]
    rev = roundtrip(old, new)
    assert revisions(rev) == [("insertion", "Jatmika2001, hlm. 12.")]


def test_a_renumbered_heading_rejects_to_the_old_number():
    """Headings keep their number as the layout's hint (number-shown, for
    DAFTAR LAMPIRAN); it is not text, and a changed number is a word revision."""
    old = [header(2, "Rumusan", number="A.")]
    new = [header(2, "Rumusan", number="B.")]
    rev = roundtrip(old, new)
    assert ("deletion", "A.") in revisions(rev) and ("insertion", "B.") in revisions(rev)
