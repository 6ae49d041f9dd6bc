"""Drafts for supervisors: two drafts from two commits side by side, tracked
changes between them, the index page, and a Word comment brought back to the
chapter line it concerns."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import env, make_project, snakemake

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Penulis",
    "GIT_AUTHOR_EMAIL": "p@example.org",
    "GIT_COMMITTER_NAME": "Penulis",
    "GIT_COMMITTER_EMAIL": "p@example.org",
}


def git(project, *args, date=None):
    e = {**env(), **GIT_ENV}
    if date:
        e["GIT_AUTHOR_DATE"] = e["GIT_COMMITTER_DATE"] = date
    return subprocess.run(["git", *args], cwd=project, env=e, capture_output=True, text=True, check=True).stdout.strip()


def draft(project):
    proc = snakemake(project, "draft")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return git(project, "log", "-1", "--format=%cs-%h")


@pytest.fixture(scope="module")
def two_drafts(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("drafts") / "thesis")
    (project / ".gitignore").write_text("build/\nlogs/\n.snakemake/\ndrafts/\nfeedback/\n")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", date="2026-01-10T10:00:00+00:00")
    first = draft(project)
    ch = project / "chapters" / "01-pendahuluan.md"
    text = ch.read_text(encoding="utf-8")
    text = text.replace(
        "Lalu buku lain [@jatmika2001, 51].", "Lalu buku lain [@jatmika2001, 51]. Kalimat sisipan ini baru ditambahkan."
    )
    text = text.replace("Kalimat kedua mengutip\nbuku yang sama lagi", "Kalimat kedua mengutip\nbuku lagi")
    ch.write_text(text, encoding="utf-8")
    git(project, "commit", "-qam", "second", date="2026-02-20T10:00:00+00:00")
    second = draft(project)
    return project, first, second


def test_two_drafts_side_by_side_and_tagged(two_drafts):
    project, first, second = two_drafts
    assert first != second
    for d in (first, second):
        assert (project / "drafts" / d / "thesis.pdf").exists()
        assert (project / "drafts" / d / "thesis.docx").exists()
    assert not (project / "drafts" / first / "changes.docx").exists()
    assert (project / "drafts" / second / "changes.docx").exists()
    assert (project / "drafts" / second / "changes.html").exists()
    tags = git(project, "tag", "--list", "draft/*").split()
    assert sorted(tags) == sorted([f"draft/{first}", f"draft/{second}"])


def test_each_pdf_carries_its_draft_id_and_commit(two_drafts):
    import pypdf

    project, first, second = two_drafts
    for d in (first, second):
        text = " ".join(p.extract_text() for p in pypdf.PdfReader(project / "drafts" / d / "thesis.pdf").pages)
        assert f"Draf {d}" in text and d.rsplit("-", 1)[1] in text
        doc = zipfile.ZipFile(project / "drafts" / d / "thesis.docx").read("word/document.xml").decode()
        assert f"Draf {d}" in doc


def test_changes_docx_marks_exactly_the_edit(two_drafts):
    project, _, second = two_drafts
    xml = zipfile.ZipFile(project / "drafts" / second / "changes.docx").read("word/document.xml").decode()
    ins = re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, re.S)
    dels = re.findall(r"<w:del [^>]*>(.*?)</w:del>", xml, re.S)
    ins_text = " ".join(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", x)) for x in ins)
    del_text = " ".join(" ".join(re.findall(r"<w:delText[^>]*>([^<]*)</w:delText>", x)) for x in dels)
    assert "Kalimat sisipan ini baru ditambahkan." in " ".join(ins_text.split())
    assert " ".join(del_text.split()) == "yang sama"
    assert f'w:author="draft {second}"' in xml
    assert "Kesimpulan uji" in xml and not re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*Kesimpulan", xml, re.S)


def test_changes_html_counts_words(two_drafts):
    project, _, second = two_drafts
    html = (project / "drafts" / second / "changes.html").read_text(encoding="utf-8")
    assert "chapters/01-pendahuluan.md" in html and "Pemeriksaan" in html


def test_published_draft_is_never_overwritten(two_drafts):
    project, _, second = two_drafts
    before = (project / "drafts" / second / "thesis.pdf").read_bytes()
    proc = snakemake(project, "draft")
    assert proc.returncode == 0  # nothing to do
    assert (project / "drafts" / second / "thesis.pdf").read_bytes() == before


def test_uncommitted_changes_are_refused(two_drafts, tmp_path):
    project, _, _ = two_drafts
    copy = tmp_path / "copy"
    shutil.copytree(project, copy, symlinks=True)
    ch = copy / "chapters" / "02-penutup.md"
    ch.write_text(ch.read_text() + "\nBelum di-commit.\n")
    proc = subprocess.run(
        ["python", "-m", "scripts.drafts", "publish"], cwd=copy, capture_output=True, text=True, env=env()
    )
    assert proc.returncode == 1
    assert "uncommitted changes in chapters/02-penutup.md" in proc.stderr and "Traceback" not in proc.stderr


def test_index_lists_drafts_newest_first_with_working_links(two_drafts):
    project, first, second = two_drafts
    html = (project / "drafts" / "index.html").read_text(encoding="utf-8")
    assert html.index(f"Draf {second}") < html.index(f"Draf {first}")
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all((project / "drafts" / link).exists() for link in links)
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))  # no external assets
    rec = json.loads((project / "drafts" / second / "draft.json").read_text())
    assert rec["pages"] > 3 and rec["words"]["01-pendahuluan"] > 20


def test_index_in_headless_chromium(two_drafts, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("Chromium is not installed (Debian: chromium)")
    project, first, second = two_drafts
    proc = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            (project / "drafts" / "index.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    dom = proc.stdout
    assert f"Draf {second}" in dom and f"Draf {first}" in dom
    for href in re.findall(r'href="([^"]+)"', dom):
        assert (project / "drafts" / href).exists(), href


def test_word_comment_comes_back_with_chapter_and_line(two_drafts, tmp_path):
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
def test_corrupt_or_encrypted_docx_is_refused(two_drafts, tmp_path, content, needle):
    project, _, _ = two_drafts
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    proc = subprocess.run(
        ["python", "-m", "scripts.drafts", "feedback", str(bad)], cwd=project, capture_output=True, text=True, env=env()
    )
    assert proc.returncode == 1
    assert needle in proc.stderr and "Traceback" not in proc.stderr
