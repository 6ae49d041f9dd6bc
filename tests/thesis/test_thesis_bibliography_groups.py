"""This thesis's DAFTAR PUSTAKA grouped by kind, built: moved from
tests/test_bibliography_groups.py, which keeps the grouping's own tests."""

from __future__ import annotations

import re

import pytest
from pages import have_poppler, page_texts

from conftest import make_project, snakemake

ID_TITLES = ["Buku", "Jurnal dan Artikel", "Dokumen dan Peraturan Perundang-undangan", "Internet"]
LAWS = [
    "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008",
    "Undang-Undang Nomor 22 Tahun 1999",
    "Undang-Undang Nomor 32 Tahun 2004",
]


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
