"""Finish a thesis project that `copier copy` has just made (copier.yml's task).

copier writes the student's starting files (chapters, data, references.bib,
config.yaml) to ``skeleton/``, because it matches its exclusions against the
paths it writes and the template's own thesis has the same paths. Here they
are moved into place, never over a file that exists; the university's logo
is copied into the project; a template given by a relative path is recorded
by its absolute path, for `copier update`; and the project becomes a git
repository with a first commit, which drafts and `copier update` both need. Only the standard
library: it runs in copier's Python, before the project's requirements are
installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SKELETON = Path("skeleton")


def move_skeleton(project: Path) -> list[Path]:
    """skeleton/X -> X for every file, unless X exists; skeleton/ removed."""
    moved = []
    root = project / SKELETON
    if not root.is_dir():
        return moved
    for src in sorted(p for p in root.rglob("*") if p.is_file()):
        dst = project / src.relative_to(root)
        if dst.exists():
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(src), str(dst))
        moved.append(dst)
    shutil.rmtree(root)
    return moved


def copy_logo(project: Path, logo: str, to: str) -> None:
    """The logo, from where the student named it, to ``to`` in the project.
    A relative path is taken from where copier was run (the shell's PWD), else
    from the project."""
    if not logo or not to:
        return
    given = Path(logo).expanduser()
    candidates = [given] if given.is_absolute() else [Path(os.environ.get("PWD", ".")) / given, project / given]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        print(
            f"warning: logo {logo!r} not found; config.yaml names {to!r}: put the logo there,"
            " or set thesis.logo to null",
            file=sys.stderr,
        )
        return
    target = project / to
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(found, target)


def absolute_template_path(project: Path, answers: str = ".copier-answers.yml") -> None:
    """A template given to `copier copy` as a relative path is recorded as
    given, and `copier update`, run from the project, no longer finds it:
    make it absolute (from where copier was run). URLs are left alone."""
    path = project / answers
    if not path.is_file():
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.startswith("_src_path:"):
            continue
        value = line.split(":", 1)[1].strip().strip("'\"")
        if not value or "://" in value or value.startswith(("git@", "gh:", "gl:")) or Path(value).is_absolute():
            return
        where = Path(os.environ.get("PWD", ".")) / value
        if where.is_dir():
            quoted = where.resolve().as_posix().replace("'", "''")
            lines[i] = f"_src_path: '{quoted}'\n"
            path.write_text("".join(lines), encoding="utf-8")
        return


def git(project: Path, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=check, timeout=60)


def first_commit(project: Path, author: str) -> None:
    """git init and a first commit, unless the project is already inside a
    work tree. Without a git identity the commit is made in the author's
    name, and the student is told how to put their own."""
    if shutil.which("git") is None:
        print("warning: git is not installed: drafts and `copier update` need the project in git", file=sys.stderr)
        return
    if git(project, "rev-parse", "--is-inside-work-tree", check=False).returncode == 0:
        return
    git(project, "init", "-q")
    git(project, "add", "-A")
    identity = []
    if not git(project, "config", "user.name", check=False).stdout.strip():
        name = author or "Thesis author"
        identity = ["-c", f"user.name={name}", "-c", "user.email=thesis@localhost"]
        print(
            f"note: the first commit is made as {name!r} <thesis@localhost>; set your own with"
            ' git config --global user.name "…" and user.email "…"',
            file=sys.stderr,
        )
    git(project, *identity, "commit", "-q", "-m", "Start the thesis from the template (copier copy)")


def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--logo", default="")
    ap.add_argument("--logo-to", default="")
    ap.add_argument("--author", default="")
    args = ap.parse_args(argv)
    project = Path.cwd()
    move_skeleton(project)
    copy_logo(project, args.logo, args.logo_to)
    absolute_template_path(project)
    first_commit(project, args.author)
    return 0


if __name__ == "__main__":
    sys.exit(run())
