"""A review of this thesis's real draft read back completely — comments and
tracked changes in a body paragraph, a heading, a list item, a caption, a
table cell and a footnote, a formatting change and LibreOffice's empty
insertion — with the current source lines, as Word-like XML writes it and
after a LibreOffice save. Its anchors are this thesis's words, so it stays
in this repository (tests/thesis/ is not copied by the template)."""

from __future__ import annotations

import pytest
from review import Review, with_comments_part
from test_drafts import draft, git
from test_feedback import DOC, NOTES, REVIEWER, in_table, line_of, read_back, style

from conftest import make_project


def make_review(project, did, tmp, note_comment=True) -> bytes:
    r = Review(with_comments_part(project / "drafts" / did / "thesis.docx", tmp), REVIEWER)
    r.comment(DOC, "Rumusan Masalah", "Rumusan masalah perlu dipertajam.", style("Heading"))
    r.comment(DOC, "34 Provinsi", "Sebutkan sumber jumlah provinsi.")
    r.insert(DOC, "beberapa hambatan", " utama", style("Compact"))  # a list item
    r.delete(DOC, "Politik Luar Negeri", style("ImageCaption"))  # a caption
    r.comment(DOC, "H1", "Periksa angka H1.", in_table)  # a cell of a generated table
    if note_comment:  # (LibreOffice 7.4 neither opens nor saves a comment anchored in a footnote)
        r.comment(NOTES, "Mas’oed", "Gunakan edisi terbaru.")  # a citation's footnote
    r.insert(NOTES, "Mas’oed", " (ed.)")
    r.italic(DOC, "globalisasi")  # a formatting change
    r.empty_insertion(DOC, "Kemajuan")  # LibreOffice's anchor: no item
    return r.save()


def check_items(project, rows, note_comment=True):
    by = {(r["kind"], r["where"], r["text"]): r for r in rows}
    ch = "chapters/01-pendahuluan.md"
    heading = by[("comment", "heading", "Rumusan Masalah")]
    assert heading["source"].startswith(f"{ch}:{line_of(project, '01-pendahuluan.md', '## Rumusan Masalah')}:")
    assert heading["comment"] == "Rumusan masalah perlu dipertajam."
    body = by[("comment", "body", "34 Provinsi")]
    assert body["source"].startswith(f"{ch}:{line_of(project, '01-pendahuluan.md', 'salah satu dari 34 Provinsi')}:")
    assert "salah satu dari 34 Provinsi" in body["context"]  # the words around, never the comment
    item = by[("insertion", "list", "utama")]
    assert item["source"].startswith(f"{ch}:{line_of(project, '01-pendahuluan.md', 'beberapa hambatan')}:")
    cap = by[("deletion", "caption", "Politik Luar Negeri")]
    assert cap["source"].startswith(
        f"{ch}:{line_of(project, '01-pendahuluan.md', '![Pola Hubungan Politik Luar Negeri')}:"
    )
    cell = by[("comment", "cell", "H1")]
    codebook = (project / "data" / "codebook.yaml").read_text(encoding="utf-8").splitlines()
    assert (
        cell["source"]
        == f"data/codebook.yaml:{next(i for i, ln in enumerate(codebook, 1) if ln.strip().startswith('H1:'))}"
    )
    first_cited = line_of(project, "01-pendahuluan.md", "@masoed1994")
    if note_comment:
        note = by[("comment", "footnote", "Mas’oed")]
        assert note["comment"] == "Gunakan edisi terbaru." and note["source"].startswith(f"{ch}:{first_cited}:")
    assert by[("insertion", "footnote", "(ed.)")]["source"].startswith(f"{ch}:{first_cited}:")
    fmt = by[("format", "body", "globalisasi")]
    assert fmt["comment"] == "+miring"
    assert all(r["author"] == REVIEWER for r in rows)
    assert len(rows) == 7 + note_comment, [(r["kind"], r["where"], r["text"]) for r in rows]


@pytest.fixture(scope="module")
def real_draft(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("feedback") / "thesis", fixture=None)
    (project / ".gitignore").write_text("build/\nlogs/\n.snakemake/\n/drafts/\n/feedback/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", date="2026-01-10T10:00:00+00:00")
    return project, draft(project)


@pytest.fixture(scope="module")
def reviewed(real_draft, tmp_path_factory):
    """The review, as Word writes it."""
    project, did = real_draft
    tmp = tmp_path_factory.mktemp("review")
    word = tmp / "review-word.docx"
    word.write_bytes(make_review(project, did, tmp))
    return project, did, word


def test_every_part_of_a_review_reads_back_with_its_line(reviewed):
    project, _, word = reviewed
    rows, md = read_back(project, word)
    check_items(project, rows)
    assert "Sebutkan sumber jumlah provinsi." in md


def test_a_libreoffice_save_of_the_review_reads_back_the_same(reviewed, tmp_path):
    from libreoffice import resolve, soffice

    if not soffice():
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    project, did, _ = reviewed
    word = tmp_path / "review-word.docx"
    word.write_bytes(make_review(project, did, tmp_path, note_comment=False))
    saved = tmp_path / "review-libreoffice.docx"
    resolve(word, "keep", saved, None, tmp_path / "lo-profile")
    rows, _ = read_back(project, saved)
    check_items(project, rows, note_comment=False)


def test_two_reviews_by_one_reviewer_never_overwrite(reviewed, tmp_path):
    project, did, word = reviewed
    second = tmp_path / "review-2.docx"
    r = Review(word.read_bytes(), REVIEWER)
    r.comment(DOC, "Sumbawa", "Tambahkan peta.")
    second.write_bytes(r.save())
    files = lambda: set((project / "feedback").glob(f"{did}-dr-pembimbing-*.md"))  # noqa: E731
    read_back(project, word)
    before = files()
    read_back(project, second)
    read_back(project, word)  # the same review again: the same file
    assert len(files() - before) == 1
