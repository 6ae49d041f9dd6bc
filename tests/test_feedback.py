"""Feedback: a reviewed DOCX of a published draft back to chapter lines."""

from __future__ import annotations

import subprocess

import pytest
from test_drafts import two_drafts  # noqa: F401  (the published drafts)

from conftest import env, snakemake


def test_word_comment_comes_back_with_chapter_and_line(two_drafts, tmp_path):  # noqa: F811
    import docx

    project, _, second = two_drafts
    reviewed = tmp_path / "reviewed.docx"
    d = docx.Document(project / "drafts" / second / "thesis.docx")
    para = next(p for p in d.paragraphs if "Kalimat pertama mengutip buku" in p.text)
    d.add_comment(para.runs, text="Perjelas sumber kutipan ini.", author="Dr Pembimbing", initials="DP")
    d.save(reviewed)
    proc = snakemake(project, "feedback", "--config", f"feedback={reviewed}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    md = project / "feedback" / f"{second}-dr-pembimbing.md"
    csv_path = md.with_suffix(".csv")
    assert md.exists() and csv_path.exists()
    text = md.read_text(encoding="utf-8")
    line = next(
        i
        for i, ln in enumerate((project / "chapters/01-pendahuluan.md").read_text().splitlines(), 1)
        if "Kalimat pertama mengutip buku" in ln
    )
    assert "Perjelas sumber kutipan ini." in text and "Dr Pembimbing" in text
    assert f"chapters/01-pendahuluan.md:{line}" in text


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
        ["python", "-m", "scripts.drafts", "feedback", str(bad)], cwd=project, capture_output=True, text=True, env=env()
    )
    assert proc.returncode == 1
    assert needle in proc.stderr and "Traceback" not in proc.stderr
