"""Feedback (scripts/drafts/feedback.py): a review of a published draft of
the real thesis, with comments and tracked changes in a body paragraph, a
heading, a list item, a caption, a table cell and a footnote, plus a
formatting change and LibreOffice's empty insertion, read back completely
with the current source lines — as written by Word-like XML and after a
LibreOffice save. A review of changes.docx reports only the reviewer; a
foreign DOCX is refused; two reviews by one reviewer are two files."""

from __future__ import annotations

import csv
import subprocess

import pytest
from review import Review, with_comments_part
from test_drafts import draft, git, two_drafts  # noqa: F401  (the tiny thesis's two drafts)

from conftest import env, make_project, snakemake

DOC, NOTES = "word/document.xml", "word/footnotes.xml"
REVIEWER = "Dr Pembimbing"


def style(name):
    def where(p):
        s = p.find(f"{{{p.nsmap['w']}}}pPr/{{{p.nsmap['w']}}}pStyle") if "w" in p.nsmap else None
        return s is not None and s.get(f"{{{p.nsmap['w']}}}val", "").startswith(name)

    return where


def in_table(p):
    a = p.getparent()
    while a is not None:
        if a.tag.endswith("}tc"):
            return True
        a = a.getparent()
    return False


def line_of(project, chapter, text):
    lines = (project / "chapters" / chapter).read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, 1) if text in ln)


@pytest.fixture(scope="module")
def real_draft(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("feedback") / "thesis", fixture=None)
    (project / ".gitignore").write_text("build/\nlogs/\n.snakemake/\n/drafts/\n/feedback/\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", date="2026-01-10T10:00:00+00:00")
    return project, draft(project)


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


@pytest.fixture(scope="module")
def reviewed(real_draft, tmp_path_factory):
    """The review, as Word writes it."""
    project, did = real_draft
    tmp = tmp_path_factory.mktemp("review")
    word = tmp / "review-word.docx"
    word.write_bytes(make_review(project, did, tmp))
    return project, did, word


def read_back(project, review):
    proc = snakemake(project, "feedback", "--config", f"feedback={review}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = sorted((project / "feedback").glob("*.csv"), key=lambda p: p.stat().st_mtime)
    rows = list(csv.DictReader(made[-1].open(encoding="utf-8")))
    return rows, made[-1].with_suffix(".md").read_text(encoding="utf-8")


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


def test_a_review_of_changes_docx_reports_only_the_reviewer(two_drafts, tmp_path):  # noqa: F811
    project, _, second = two_drafts
    r = Review(with_comments_part(project / "drafts" / second / "changes.docx", tmp_path), REVIEWER)
    r.comment(DOC, "Kesimpulan", "Kesimpulan terlalu pendek.")
    r.insert(DOC, "Kesimpulan", " akhir")
    review = tmp_path / "changes-review.docx"
    review.write_bytes(r.save())
    rows, _ = read_back(project, review)
    assert [(x["kind"], x["text"]) for x in rows] == [("comment", "Kesimpulan"), ("insertion", "akhir")]
    line = line_of(project, "02-penutup.md", "Kesimpulan uji")
    assert all(x["source"].startswith(f"chapters/02-penutup.md:{line}:") for x in rows)


def test_a_passage_removed_since_the_draft_says_so(two_drafts, tmp_path):  # noqa: F811
    project, first, _ = two_drafts
    r = Review(with_comments_part(project / "drafts" / first / "thesis.docx", tmp_path), REVIEWER)
    r.comment(DOC, "nanti dihapus", "Paragraf ini tidak perlu.")
    review = tmp_path / "old-review.docx"
    review.write_bytes(r.save())
    rows, _ = read_back(project, review)
    assert [x["source"] for x in rows] == ["dihapus sejak draf"]


def test_a_docx_of_another_document_is_refused(two_drafts, tmp_path):  # noqa: F811
    import docx

    project, _, second = two_drafts
    other = tmp_path / "lain.docx"
    d = docx.Document()
    d.add_paragraph("Dokumen lain sama sekali.")
    d.save(other)
    proc = snakemake(project, "feedback", "--config", f"feedback={other}")
    assert proc.returncode == 1
    assert "not a draft of this thesis" in proc.stderr and second in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"this is not a zip file at all", "not a readable DOCX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "encrypted"),
        (b"PK\x03\x04" + b"\0" * 100, "not a readable DOCX"),
    ],
)
def test_corrupt_or_encrypted_docx_is_refused(two_drafts, tmp_path, content, needle):  # noqa: F811
    project, _, _ = two_drafts
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    proc = subprocess.run(
        ["python", "-m", "scripts.drafts", "feedback", str(bad)],
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env(),
    )
    assert proc.returncode == 1
    assert needle in proc.stderr and "Traceback" not in proc.stderr
