"""Drafts for supervisors, end to end through Snakemake: two drafts from two
commits with edits of every kind, a changes.docx whose Accept All and Reject
All give the two drafts' texts (body and footnotes), refusals that change no
byte under drafts/ and no tag, and the index page."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import env, make_project, snakemake
from scripts.drafts.revisions import resolved_text, revisions

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Penulis",
    "GIT_AUTHOR_EMAIL": "p@example.org",
    "GIT_COMMITTER_NAME": "Penulis",
    "GIT_COMMITTER_EMAIL": "p@example.org",
}
# Added to the tiny thesis before the first draft: a list, a footnote of the author's.
FIRST_EXTRA = """
Butir yang diteliti:

- butir pertama
- butir kedua yang lama
- butir ketiga

Paragraf yang nanti dihapus seluruhnya dari bab ini.

Catatan penulis sendiri.^[Lihat arsip daerah tahun 2014.]
"""


def git(project, *args, date=None):
    e = {**env(), **GIT_ENV}
    if date:
        e["GIT_AUTHOR_DATE"] = e["GIT_COMMITTER_DATE"] = date
    return subprocess.run(
        ["git", *args], cwd=project, env=e, capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout.strip()


def draft(project):
    proc = snakemake(project, "draft")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return git(project, "log", "-1", "--format=%cs-%h")


def edit(path, *pairs):
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def two_drafts(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("drafts") / "thesis")
    (project / ".gitignore").write_text("build/\nlogs/\n.snakemake/\n/drafts/\n/feedback/\n", encoding="utf-8")
    ch = project / "chapters" / "01-pendahuluan.md"
    edit(ch, ("## Tujuan {#sec:tujuan}", FIRST_EXTRA + "\n## Tujuan {#sec:tujuan}"))
    # an appendix: its heading is an entry of DAFTAR LAMPIRAN, which the
    # redline must keep (it once lost it, and Accept All then differed)
    (project / "chapters" / "a1-pedoman.md").write_text(
        "# Pedoman Wawancara {#sec:pedoman}\n\nDaftar pertanyaan untuk informan.\n", encoding="utf-8"
    )
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "first", date="2026-01-10T10:00:00+00:00")
    first = draft(project)
    edit(
        ch,
        # a new citation early in BAB I: every later note's number shifts
        (
            "Kalimat pertama mengutip buku [@masoed1994, 232].",
            "Kalimat baru di awal [@jatmika2001, 10]. Kalimat pertama mengutip buku [@masoed1994, 232].",
        ),
        ("Lalu buku lain [@jatmika2001, 51].", "Lalu buku lain [@jatmika2001, 52]."),  # a footnote's locator
        ("- butir kedua yang lama", "- butir kedua yang baru"),  # a word in a list item
        ("![Pola hubungan uji", "![Pola hubungan antaraktor"),  # a word in a caption
        ("## Tujuan {#sec:tujuan}", "## Tujuan Penelitian {#sec:tujuan}"),  # a word in a heading
        ("Paragraf yang nanti dihapus seluruhnya dari bab ini.\n\n", ""),  # a deleted paragraph
        ("^[Lihat arsip daerah tahun 2014.]", "^[Lihat arsip provinsi tahun 2014.]"),  # a word in a footnote
        ("| G     | Pemerintah |", "| G     | Pemerintah pusat |"),  # a table cell
    )
    git(project, "commit", "-qam", "second", date="2026-02-20T10:00:00+00:00")
    second = draft(project)
    return project, first, second


def without_stamp(text):
    """The drafts' texts, without the title page's draft stamp (changes.docx
    carries the new draft's)."""
    return {k: [p for p in v if not p.startswith("Draf 20")] for k, v in text.items()}


def tree_digest(folder):
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


def test_two_drafts_side_by_side_and_tagged(two_drafts):
    project, first, second = two_drafts
    assert first != second
    for d in (first, second):
        assert (project / "drafts" / d / "thesis.pdf").exists()
        assert (project / "drafts" / d / "thesis.docx").exists()
    assert not (project / "drafts" / first / "changes.docx").exists()
    assert (project / "drafts" / second / "changes.docx").exists()
    assert (project / "drafts" / second / "changes.html").exists()
    assert not list((project / "drafts").glob(".*"))  # no staging folder left
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


def test_accept_all_gives_the_new_draft_and_reject_all_the_old(two_drafts):
    project, first, second = two_drafts
    changes = project / "drafts" / second / "changes.docx"
    new = resolved_text(project / "drafts" / second / "thesis.docx", accept=True)
    old = resolved_text(project / "drafts" / first / "thesis.docx", accept=True)
    assert resolved_text(changes, accept=True) == new
    assert without_stamp(resolved_text(changes, accept=False)) == without_stamp(old)
    assert old != new and len(new["notes"]) == len(old["notes"]) + 1


def test_revisions_are_the_edit_and_no_more(two_drafts):
    project, _, second = two_drafts
    revs = revisions(project / "drafts" / second / "changes.docx")
    assert all(r["author"] == f"draft {second}" for r in revs)
    ids = [r["id"] for r in revs]
    xml = zipfile.ZipFile(project / "drafts" / second / "changes.docx").read("word/document.xml").decode()
    all_ids = re.findall(r'<w:(?:ins|del) [^>]*w:id="(\d+)"', xml)
    assert len(set(all_ids)) == len(all_ids) > len(ids) / 2 and len(set(ids)) == len(ids)
    body = {(r["kind"], " ".join(r["text"].split())) for r in revs if r["part"] == "word/document.xml"}
    assert ("ins", "Kalimat baru di awal.") in body
    assert ("del", "yang lama") not in body and ("del", "lama") in body and ("ins", "baru") in body
    assert ("ins", "antaraktor") in body and ("del", "uji") in body
    assert ("ins", "Penelitian") in body and ("ins", "pusat") in body
    assert ("del", "Paragraf yang nanti dihapus seluruhnya dari bab ini.") in body
    notes = {(r["kind"], " ".join(r["text"].split())) for r in revs if r["part"] == "word/footnotes.xml"}
    assert ("del", "51.") in notes and ("ins", "52.") in notes
    assert ("del", "daerah") in notes and ("ins", "provinsi") in notes
    # proportional: the unchanged sentences, figure and table are there once, unmarked
    assert sum(len(r["text"].split()) for r in revs) < 60
    assert xml.count("<w:drawing>") == zipfile.ZipFile(project / "drafts" / second / "thesis.docx").read(
        "word/document.xml"
    ).decode().count("<w:drawing>")
    assert "Kesimpulan uji" in xml and not re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*Kesimpulan", xml, re.S)


def test_changes_html_counts_the_real_change_with_source_lines(two_drafts):
    project, _, second = two_drafts
    html = (project / "drafts" / second / "changes.html").read_text(encoding="utf-8")
    assert "chapters/01-pendahuluan.md" in html and "Pemeriksaan" in html
    rec = json.loads((project / "drafts" / second / "draft.json").read_text(encoding="utf-8"))
    assert 8 <= rec["changes"]["added"] <= 14 and 8 <= rec["changes"]["removed"] <= 16, rec["changes"]
    lines = (project / "chapters" / "01-pendahuluan.md").read_text(encoding="utf-8").splitlines()
    heading = next(i for i, ln in enumerate(lines, 1) if ln.startswith("## Tujuan Penelitian"))
    assert f"chapters/01-pendahuluan.md:{heading}:" in html
    assert re.search(r"<ins>\s*Penelitian</ins>", html) and re.search(r"<del>\s*lama</del>", html)


def refused(project, *args):
    """Run draft; return (stderr, proc) after checking nothing under drafts/ or in the tags changed."""
    before = (tree_digest(project / "drafts"), git(project, "tag", "--list"))
    proc = snakemake(project, "draft", *args)
    assert (tree_digest(project / "drafts"), git(project, "tag", "--list")) == before
    return proc


@pytest.fixture
def copy(two_drafts, tmp_path):
    project, _, second = two_drafts
    dst = tmp_path / "copy"
    shutil.copytree(project, dst, symlinks=True)
    return dst, second


def test_uncommitted_changes_are_refused_before_anything_runs(copy):
    project, _ = copy
    ch = project / "chapters" / "02-penutup.md"
    ch.write_text(ch.read_text(encoding="utf-8") + "\nBelum di-commit.\n", encoding="utf-8")
    proc = refused(project)
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("chapters/02-penutup.md:1:1: error: uncommitted changes in chapters/02-penutup.md")
    assert "Traceback" not in proc.stderr


def test_a_reverted_edit_after_publishing_keeps_the_published_draft(copy):
    project, second = copy
    ch = project / "chapters" / "01-pendahuluan.md"
    ch.write_text(ch.read_text(encoding="utf-8") + "\nSementara.\n", encoding="utf-8")
    ch.write_text(
        ch.read_text(encoding="utf-8").replace("\nSementara.\n", ""), encoding="utf-8"
    )  # reverted: newer file, same text
    proc = refused(project)
    assert proc.returncode == 0, proc.stderr
    assert (
        f"draft {second} is already published" in proc.stderr.strip().splitlines()[-1]
        or "already published" in proc.stderr
    )
    assert (project / "drafts" / second / "thesis.pdf").exists()


def test_a_published_draft_is_never_rebuilt_even_without_build(copy):
    project, second = copy
    shutil.rmtree(project / "build")
    proc = refused(project)
    assert proc.returncode == 0 and "already published" in proc.stderr


def test_a_failed_step_publishes_nothing(copy):
    project, _ = copy
    (project / "chapters" / "02-penutup.md").write_text(
        "# Penutup\n\nKalimat baru [@tidakada2020].\n", encoding="utf-8"
    )
    git(project, "commit", "-qam", "third", date="2026-03-01T10:00:00+00:00")
    proc = refused(project)
    assert proc.returncode != 0 and "tidakada2020" in proc.stderr


def test_index_lists_drafts_newest_first_with_working_links(two_drafts):
    project, first, second = two_drafts
    html = (project / "drafts" / "index.html").read_text(encoding="utf-8")
    assert html.index(f"Draf {second}") < html.index(f"Draf {first}")
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all((project / "drafts" / link).exists() for link in links)
    assert "http" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))  # no external assets
    rec = json.loads((project / "drafts" / second / "draft.json").read_text(encoding="utf-8"))
    assert rec["pages"] > 3 and rec["words"]["01-pendahuluan"] > 20 and rec["previous"] == first


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
        encoding="utf-8",
        timeout=120,
    )
    dom = proc.stdout
    assert f"Draf {second}" in dom and f"Draf {first}" in dom
    for href in re.findall(r'href="([^"]+)"', dom):
        assert (project / "drafts" / href).exists(), href


def test_libreoffice_accept_all_and_reject_all_give_the_two_drafts(two_drafts, tmp_path):
    """The real client: LibreOffice's own Accept All / Reject All on changes.docx."""
    from libreoffice import resolve, soffice

    if not soffice():
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui)")
    project, first, second = two_drafts
    changes = project / "drafts" / second / "changes.docx"
    new = resolved_text(project / "drafts" / second / "thesis.docx", accept=True)
    old = resolved_text(project / "drafts" / first / "thesis.docx", accept=True)
    for mode, want in (("accept", new), ("reject", old)):
        out = tmp_path / f"{mode}.docx"
        resolve(changes, mode, out, tmp_path / f"{mode}.pdf", tmp_path / "lo-profile")
        assert revisions(out) == []
        assert without_stamp(resolved_text(out, accept=True)) == without_stamp(want), mode
        assert (tmp_path / f"{mode}.pdf").stat().st_size > 10_000


def test_since_a_commit_that_is_no_draft_compares_with_its_chapters(copy):
    """since=REF of no published draft: the chapters at REF, read from git
    and cited with the current bibliography, are the old side."""
    project, _ = copy
    ch = project / "chapters" / "02-penutup.md"
    edit(ch, ("Kesimpulan uji", "Kesimpulan pertama uji"))
    git(project, "commit", "-qam", "third", date="2026-03-01T10:00:00+00:00")
    edit(ch, ("Kesimpulan pertama uji", "Kesimpulan kedua uji"))
    git(project, "commit", "-qam", "fourth", date="2026-03-02T10:00:00+00:00")
    proc = snakemake(project, "draft", "--config", "since=HEAD~1")
    assert proc.returncode == 0, proc.stderr
    did = git(project, "log", "-1", "--format=%cs-%h")
    revs = {(r["kind"], r["text"].strip()) for r in revisions(project / "drafts" / did / "changes.docx")}
    assert revs == {("del", "pertama"), ("ins", "kedua")}
    assert resolved_text(project / "drafts" / did / "changes.docx", accept=True) == resolved_text(
        project / "drafts" / did / "thesis.docx", accept=True
    )
