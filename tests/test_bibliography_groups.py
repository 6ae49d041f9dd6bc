"""citations.group_by_kind: DAFTAR PUSTAKA in groups by kind of work (buku,
jurnal, dokumen dan peraturan, internet), alphabetical within each, in the
PDF and the DOCX; the groups' headings in no contents list; off by default."""

from __future__ import annotations

import re

import pytest
from pages import have_poppler, page_texts

from conftest import make_project, snakemake
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


@pytest.fixture(scope="module")
def grouped(tmp_path_factory):
    """The real thesis built with citations.group_by_kind: true."""
    project = make_project(tmp_path_factory.mktemp("grouped"), fixture=None)
    cfg = project / "config.yaml"
    text = cfg.read_text(encoding="utf-8")
    assert text.count("  group_by_kind: false\n") == 1
    cfg.write_text(text.replace("  group_by_kind: false\n", "  group_by_kind: true\n"), encoding="utf-8")
    proc = snakemake(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


def segments(texts, starts):
    """For each heading in ``starts``, the lines after it up to the next."""
    lines = [ln.strip() for ln in texts]
    at = [lines.index(s) for s in starts]
    return [lines[a + 1 : b] for a, b in zip(at, at[1:] + [len(lines)], strict=True)]


@pytest.mark.skipif(not have_poppler(), reason="poppler-utils (pdftotext) not installed")
def test_pdf_lists_the_laws_under_peraturan(grouped):
    texts = page_texts(grouped / "build" / "thesis.pdf")
    first = next(i for i, t in enumerate(texts) if t.strip().startswith("DAFTAR PUSTAKA") and "Buku" in t)
    last = next(i for i in range(first, len(texts)) if "Internet" in texts[i].splitlines())
    lines = [ln for t in texts[first : last + 1] for ln in t.splitlines() if not re.fullmatch(r"\s*\d+\s*", ln)]
    books, journals, documents, online = segments(lines, ID_TITLES)
    joined = [" ".join(s) for s in (books, journals, documents, online)]
    for law in LAWS:
        assert law in joined[2], law
        assert all(law not in j for k, j in enumerate(joined) if k != 2)
    # Nicolson and Shultz (book chapters) stand together among the books now
    assert re.search(r"Nicolson, Harold\..*Shultz, George P\.", joined[0])
    assert "Keohane" in joined[1] and "Wolff" in joined[1] and "Biro Kerjasama" in joined[3]
    # the headings in no contents list
    contents = next(t for t in texts if t.strip().startswith("DAFTAR ISI"))
    assert "DAFTAR PUSTAKA" in "".join(texts[: first - 1])
    assert not any(re.match(rf"\s*{re.escape(g)}\b", ln) for g in ID_TITLES for ln in contents.splitlines())


def test_docx_groups_alphabetical_and_unlisted(grouped):
    import docx

    d = docx.Document(str(grouped / "build" / "thesis.docx"))
    groups: list[tuple[str, list[str]]] = []
    for p in d.paragraphs:
        if p.style.name == "Unlisted Heading":
            groups.append((p.text, []))
        elif p.style.name == "Bibliography" and groups:
            groups[-1][1].append(p.text)
    assert [g for g, _ in groups] == ID_TITLES
    for title, entries in groups:
        assert entries, title
        assert entries == sorted(entries, key=str.casefold), title
    docs = " ".join(groups[2][1])
    assert all(law in docs for law in LAWS)
    assert not any(law in e for _, es in groups[:2] + groups[3:] for e in es for law in LAWS)
    # every work in a group: none before the first heading
    assert sum(len(es) for _, es in groups) == sum(p.style.name == "Bibliography" for p in d.paragraphs) == 21
    # DAFTAR ISI: no entry for a group; the group headings are no Heading
    # paragraphs (Word's TOC field would list them on its update)
    toc = [p.text.split("\t")[0] for p in d.paragraphs if p.style.name.lower().startswith("toc")]
    assert "DAFTAR PUSTAKA" in toc and not set(ID_TITLES) & set(toc)
    assert not any(p.style.name.startswith("Heading") and p.text in ID_TITLES for p in d.paragraphs)
