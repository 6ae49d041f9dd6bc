"""Git for drafts: the draft id of HEAD, the preconditions of publishing
(clean tree, not yet published, the previous draft to compare with) and the
``draft/<id>`` tags. Every refusal is a ThesisError, raised before anything
is written."""

from __future__ import annotations

import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from scripts.common import ThesisError, fail, finding

DRAFTS = Path("drafts")
# What a draft is made of: an uncommitted change here makes it lie about its commit.
TRACKED = [
    "chapters",
    "data",
    "config.yaml",
    "Snakefile",
    "rules",
    "scripts",
    "filters",
    "templates",
    "schemas",
    "requirements.txt",
]


def git(*args, check=True, cwd=None) -> str:
    try:
        proc = subprocess.run(["git", *args], capture_output=True, text=True, encoding="utf-8", timeout=30, cwd=cwd)
    except (OSError, subprocess.TimeoutExpired):
        fail(".", 1, 1, "git is not available", "install git; drafts are recorded as git tags")
    if check and proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["?"])[0]
        fail(".", 1, 1, f"git {' '.join(args)} failed: {first}", "run this inside the thesis repository")
    return proc.stdout.rstrip("\n")


def draft_id(ref="HEAD", cwd=None) -> str:
    """``<commit date>-<short commit>``: one id per commit."""
    date, short = git("log", "-1", "--format=%cs %h", ref, cwd=cwd).split()
    return f"{date}-{short}"


def uncommitted(paths=(), cwd=None) -> list[str]:
    """Files of the draft with uncommitted changes (untracked ones included)."""
    out = git("status", "--porcelain", "--", *TRACKED, *paths, cwd=cwd)
    return sorted({ln[3:].strip().strip('"') for ln in out.splitlines() if ln.strip()})


def is_ancestor(commit: str, head: str, cwd=None) -> bool:
    return subprocess.run(["git", "merge-base", "--is-ancestor", commit, head], cwd=cwd).returncode == 0


def previous_draft(since: str | None = None, cwd=None) -> str | None:
    """``since`` when given, else the newest draft/* tag that is an
    ancestor of HEAD (HEAD's own tag excepted)."""
    if since:
        if git("rev-parse", "--verify", "--quiet", since + "^{commit}", check=False, cwd=cwd) == "":
            fail("config", 1, 1, f"since={since} names no commit", "give a draft tag (draft/<id>) or a commit")
        return since
    head = git("rev-parse", "HEAD", cwd=cwd)
    for tag in git("tag", "--list", "draft/*", "--sort=-committerdate", cwd=cwd).splitlines():
        commit = git("rev-parse", tag + "^{commit}", cwd=cwd)
        if commit != head and is_ancestor(commit, head, cwd):
            return tag
    return None


@dataclass(frozen=True)
class Plan:
    """What ``draft`` will publish: decided, and refused, before any job runs."""

    id: str
    commit: str
    date: str
    previous: str | None  # a ref (draft/<id> or what since= named)
    previous_id: str | None  # its draft id
    published: bool  # drafts/<id>/ exists: nothing to do

    def as_dict(self) -> dict:
        return asdict(self)


def plan(since: str | None = None, bibliography: str = "references.bib", cwd=None) -> Plan:
    """The draft of HEAD, or a ThesisError saying why not: not a repository,
    uncommitted changes. A draft already published is no error (``published``)."""
    if git("rev-parse", "--is-inside-work-tree", check=False, cwd=cwd) != "true":
        fail(
            ".", 1, 1, "this folder is not a git repository", "drafts are made from commits: git init and commit first"
        )
    if not git("rev-parse", "--verify", "--quiet", "HEAD", check=False, cwd=cwd):
        fail(".", 1, 1, "the repository has no commit yet", "commit the thesis first: a draft is a commit")
    dirty = uncommitted([bibliography], cwd)
    if dirty:
        more = f" and {len(dirty) - 3} more" if len(dirty) > 3 else ""
        raise ThesisError(
            [
                finding(
                    (dirty[0], 1, 1),
                    f"uncommitted changes in {', '.join(dirty[:3])}{more}; no draft was made",
                    "commit them first (git commit -am …): a draft is built from the committed state and tagged",
                )
            ]
        )
    did = draft_id(cwd=cwd)
    root = Path(cwd or ".")
    published = (root / DRAFTS / did).is_dir()
    prev = None if published else previous_draft(since, cwd)
    prev_id = draft_id(prev, cwd) if prev else None
    return Plan(
        id=did,
        commit=git("rev-parse", "--short", "HEAD", cwd=cwd),
        date=git("log", "-1", "--format=%cI", "HEAD", cwd=cwd),
        previous=prev,
        previous_id=prev_id,
        published=published,
    )


def tag(did: str, cwd=None) -> None:
    """Tag HEAD draft/<id> (the last step of publishing); an existing tag
    on the same commit is kept."""
    name = f"draft/{did}"
    have = git("rev-parse", "--verify", "--quiet", name + "^{commit}", check=False, cwd=cwd)
    head = git("rev-parse", "HEAD", cwd=cwd)
    if have == head:
        return
    if have:
        fail(".", 1, 1, f"tag {name} names another commit", f"delete it (git tag -d {name}) if it is stale")
    git("tag", name, cwd=cwd)


def show(ref: str, path: str, cwd=None) -> str | None:
    """A file's text at ``ref``, None where it did not exist."""
    proc = subprocess.run(["git", "show", f"{ref}:{path}"], capture_output=True, timeout=30, cwd=cwd)
    return proc.stdout.decode("utf-8", "replace") if proc.returncode == 0 else None


def files_at(ref: str, folder: str, cwd=None) -> list[str]:
    out = git("ls-tree", "--name-only", f"{ref}:{folder}", check=False, cwd=cwd)
    return sorted(out.splitlines())
