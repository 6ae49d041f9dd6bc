"""Golden tests for the templates: templates/frontmatter.md.j2 (the Markdown
it renders) and templates/thesis.typ (the text of each page of the tiny
thesis compiled with it: first and last line, which show the headings, the
page order and the roman/arabic page numbers).

After an intended change to a template, regenerate the goldens and review
the diff before committing:

    THESIS_UPDATE_GOLDEN=1 python -m pytest -q tests/test_templates.py
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from scripts.common import load_yaml
from scripts.frontmatter import render

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("THESIS_UPDATE_GOLDEN") == "1"


def compare(name: str, got: str):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"no golden {path}: run THESIS_UPDATE_GOLDEN=1 python -m pytest {__file__}"
    want = path.read_text(encoding="utf-8")
    assert got == want, f"{name} changed; if intended: THESIS_UPDATE_GOLDEN=1 python -m pytest {Path(__file__).name}"


def tiny_config():
    return load_yaml(FIXTURES / "tiny" / "config.yaml")


@pytest.fixture
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # the template loader reads paths relative to the repository


def test_front_pages_filled(at_root):
    compare("front-pages.filled.md", render(tiny_config(), "templates/frontmatter.md.j2"))


def test_front_pages_unfinished_values_are_visible_markers(at_root):
    config = copy.deepcopy(tiny_config())
    for key in ("author", "student_id", "year", "degree", "programme", "faculty", "university", "city"):
        config["thesis"][key] = None
    config["people"]["supervisors"][0]["name"] = None
    config["people"]["exam_date"] = None
    got = render(config, "templates/frontmatter.md.j2")
    assert "[BELUM DIISI:" in got and "Penulis Uji" not in got
    # a placeholder keeps its wording and class when the line is upper-cased
    assert "**[BELUM DIISI: universitas]{.todo}**" in got and "UNIVERSITAS UJI" not in got
    compare("front-pages.unfinished.md", got)


def page_lines(pdf) -> str:
    import pypdf

    out = []
    for i, page in enumerate(pypdf.PdfReader(pdf).pages, 1):
        lines = [" ".join(ln.split()) for ln in (page.extract_text() or "").splitlines() if ln.strip()]
        out.append(f"page {i}: {lines[0] if lines else ''} | {lines[-1] if lines else ''}")
    return "\n".join(out) + "\n"


def test_thesis_typ_pages(built_tiny):
    compare("thesis-pages.tiny.txt", page_lines(built_tiny / "build" / "thesis.pdf"))
