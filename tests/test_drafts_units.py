"""The drafts modules one by one, without Snakemake: git (preconditions,
previous draft, tag), publish (one rename, refusal leaves drafts/ as it
was, index) and revisions (paragraph marks, unique ids, accept/reject text)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile

import pytest

from scripts.common import ThesisError
from scripts.drafts import git as draft_git
from scripts.drafts import publish, revisions

GIT = {"GIT_AUTHOR_NAME": "P", "GIT_AUTHOR_EMAIL": "p@x", "GIT_COMMITTER_NAME": "P", "GIT_COMMITTER_EMAIL": "p@x"}


def sh(cwd, *args, date="2026-01-10T10:00:00+00:00"):
    e = {**os.environ, **GIT, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(
        ["git", *args], cwd=cwd, env=e, check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout


@pytest.fixture
def repo(tmp_path, monkeypatch):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "01-a.md").write_text("# A\n\nTeks.\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("/drafts/\nbuild/\n", encoding="utf-8")
    sh(tmp_path, "init", "-q", "-b", "main")
    sh(tmp_path, "add", "-A")
    sh(tmp_path, "commit", "-qm", "one")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_plan_refuses_uncommitted_and_untracked_chapters(repo):
    (repo / "chapters" / "02-b.md").write_text("# B\n", encoding="utf-8")
    with pytest.raises(ThesisError, match=r"chapters/02-b.md:1:1: error: uncommitted changes in chapters/02-b.md"):
        draft_git.plan()
    (repo / "notes.txt").write_text("not part of the draft", encoding="utf-8")
    (repo / "chapters" / "02-b.md").unlink()
    assert draft_git.plan().published is False  # other untracked files do not matter


def test_plan_outside_git_and_without_commits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ThesisError, match="not a git repository"):
        draft_git.plan()
    sh(tmp_path, "init", "-q")
    with pytest.raises(ThesisError, match="no commit yet"):
        draft_git.plan()


def test_previous_draft_is_the_newest_ancestor_tag(repo):
    first = draft_git.draft_id()
    draft_git.tag(first)
    (repo / "chapters" / "01-a.md").write_text("# A\n\nTeks dua.\n", encoding="utf-8")
    sh(repo, "commit", "-qam", "two", date="2026-02-10T10:00:00+00:00")
    sh(repo, "checkout", "-q", "-b", "side", "HEAD~1")
    (repo / "chapters" / "01-a.md").write_text("# A\n\nCabang.\n", encoding="utf-8")
    sh(repo, "commit", "-qam", "side", date="2026-03-10T10:00:00+00:00")
    draft_git.tag(draft_git.draft_id())  # a newer draft on another branch
    sh(repo, "checkout", "-q", "main")
    plan = draft_git.plan()
    assert plan.previous == f"draft/{first}" and plan.previous_id == first
    assert draft_git.plan(since="HEAD~1").previous == "HEAD~1"
    with pytest.raises(ThesisError, match="names no commit"):
        draft_git.plan(since="nosuchref")


def stage(folder, did):
    folder.mkdir(parents=True)
    for name in ("thesis.pdf", "thesis.docx", "thesis.json"):
        (folder / name).write_bytes(b"x")
    (folder / "draft.json").write_text(
        json.dumps({"id": did, "commit": "c", "date": "2026-01-10", "pages": 1, "words": {}, "markers": 0}),
        encoding="utf-8",
    )


def test_publish_is_one_rename_then_the_index_then_the_tag(repo):
    did = draft_git.draft_id()
    stage(repo / "build" / did, did)
    publish.publish(did, repo / "build" / did)
    assert sorted(p.name for p in (repo / "drafts" / did).iterdir()) == [
        "draft.json",
        "thesis.docx",
        "thesis.json",
        "thesis.pdf",
    ]
    assert f"Draf {did}" in (repo / "drafts" / "index.html").read_text(encoding="utf-8")
    assert sh(repo, "tag", "--list").split() == [f"draft/{did}"]
    # a second publication of the same commit is refused and changes nothing
    before = {p: p.read_bytes() for p in (repo / "drafts").rglob("*") if p.is_file()}
    with pytest.raises(ThesisError, match="already published"):
        publish.publish(did, repo / "build" / did)
    assert {p: p.read_bytes() for p in (repo / "drafts").rglob("*") if p.is_file()} == before


def test_publish_refuses_a_tree_changed_while_building(repo):
    did = draft_git.draft_id()
    stage(repo / "build" / did, did)
    (repo / "chapters" / "01-a.md").write_text("# A\n\nBerubah.\n", encoding="utf-8")
    with pytest.raises(ThesisError, match="uncommitted changes"):
        publish.publish(did, repo / "build" / did)
    assert not (repo / "drafts").exists() and sh(repo, "tag", "--list") == ""


def test_publish_refuses_missing_files(repo):
    did = draft_git.draft_id()
    (repo / "build" / did).mkdir(parents=True)
    with pytest.raises(ThesisError, match="were not built"):
        publish.publish(did, repo / "build" / did)
    assert not (repo / "drafts" / did).exists()


# -- revisions --------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = (
    "<w:p><w:r><w:t>tetap</w:t></w:r></w:p>"
    '<w:p><w:ins w:id="1" w:author="draft x" w:date="d"><w:r><w:t>baru</w:t></w:r></w:ins></w:p>'
    '<w:p><w:del w:id="1" w:author="draft x" w:date="d"><w:r><w:delText>lama</w:delText></w:r></w:del></w:p>'
    '<w:p><w:r><w:t>ubah </w:t></w:r><w:del w:id="2" w:author="draft x" w:date="d"><w:r><w:delText>a</w:delText></w:r></w:del>'
    '<w:ins w:id="2" w:author="draft x" w:date="d"><w:r><w:t>b</w:t></w:r></w:ins></w:p>'
)


def docx(body):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def test_finish_marks_whole_paragraphs_and_numbers_revisions_once():
    done = revisions.finish(docx(BODY))
    xml = zipfile.ZipFile(io.BytesIO(done)).read("word/document.xml").decode()
    from lxml import etree

    root = etree.fromstring(xml.encode())
    ids = [el.get(f"{{{W}}}id") for el in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    assert len(ids) == len(set(ids)) == 6  # 4 runs + 2 paragraph marks
    assert revisions.resolved_text(done, accept=True)["body"] == ["tetap", "baru", "ubah b"]
    assert revisions.resolved_text(done, accept=False)["body"] == ["tetap", "lama", "ubah a"]
    # without the paragraph marks, an empty paragraph would be left behind
    assert revisions.resolved_text(docx(BODY), accept=True)["body"] == ["tetap", "baru", "", "ubah b"]
