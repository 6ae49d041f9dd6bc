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

from conftest import env, snakemake

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


def read_back(project, review):
    proc = snakemake(project, "feedback", "--config", f"feedback={review}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = sorted((project / "feedback").glob("*.csv"), key=lambda p: p.stat().st_mtime)
    rows = list(csv.DictReader(made[-1].open(encoding="utf-8")))
    return rows, made[-1].with_suffix(".md").read_text(encoding="utf-8")


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
