"""Shared fixtures: a throw-away copy of the pipeline with a tiny thesis."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MACHINERY = ["Snakefile", "rules", "scripts", "filters", "templates", "schemas", "profiles", "environment.yml"]
CONTENT = ["config.yaml", "references.bib", "chapters", "data"]

sys.path.insert(0, str(ROOT))


def copy_tree(src: Path, dst: Path, names):
    for name in names:
        s = src / name
        if s.is_dir():
            shutil.copytree(s, dst / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif s.exists():
            shutil.copy2(s, dst / name)


def make_project(dst: Path, fixture: str | None = "tiny") -> Path:
    """The pipeline's code from this repository plus a fixture's content
    (or the real thesis content when fixture is None)."""
    dst.mkdir(parents=True, exist_ok=True)
    copy_tree(ROOT, dst, MACHINERY)
    copy_tree(FIXTURES / fixture if fixture else ROOT, dst, CONTENT)
    return dst


def env():
    e = dict(os.environ)
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    e.pop("SOURCE_DATE_EPOCH", None)
    return e


def snakemake(project: Path, *args, timeout=600, extra_env=None, quiet=True) -> subprocess.CompletedProcess:
    """Run Snakemake; ``args`` are targets and options, the default target
    when none. ``quiet`` adds "--quiet all", which silences Snakemake's own
    messages (the steps' messages still show); without it the output is
    what the author sees (one line per step and the summary)."""
    cmd = [sys.executable, "-m", "snakemake", *args, "--cores", "2", *(["--quiet", "all"] if quiet else [])]

    return subprocess.run(
        cmd,
        cwd=project,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        env={**env(), **(extra_env or {})},
    )


@pytest.fixture(scope="session")
def built_tiny(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("tiny"))
    proc = snakemake(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


@pytest.fixture(scope="session")
def built_thesis(tmp_path_factory) -> Path:
    """The real thesis (chapters, data, references of this repository), built."""
    project = make_project(tmp_path_factory.mktemp("thesis"), fixture=None)
    proc = snakemake(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


@pytest.fixture
def tiny(tmp_path) -> Path:
    return make_project(tmp_path / "thesis")


def pandoc() -> str:
    from scripts.common import pandoc_path

    return pandoc_path()
