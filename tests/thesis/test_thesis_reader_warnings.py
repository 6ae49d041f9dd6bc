"""The issue's own case of a reader warning, on this thesis's BAB II: moved
from tests/test_reader_warnings.py (its chapter is this thesis's)."""

from __future__ import annotations

import re
import shutil

from test_reader_warnings import sha

from conftest import snakemake


def test_the_issues_case_on_this_thesis(built_thesis, tmp_path):
    """The case as an author makes it: the closing ':::' of the todo block
    before "B. Kebijakan dan Dinamika Kerjasama" in BAB II deleted. One
    located error at the block's opening fence, a non-zero exit, and the
    last good build/thesis.pdf byte-identical."""
    project = tmp_path / "thesis"
    shutil.copytree(built_thesis, project, symlinks=True)
    before = sha(project / "build/thesis.pdf")
    chapter = project / "chapters/02-kerjasama-sister-province.md"
    lines = chapter.read_text(encoding="utf-8").split("\n")
    heading = next(i for i, x in enumerate(lines) if x.startswith("## Kebijakan dan Dinamika Kerjasama"))
    close = max(i for i in range(heading) if lines[i] == ":::")
    opening = max(i for i in range(close) if lines[i].startswith("::: todo"))
    chapter.write_text("\n".join(lines[:close] + lines[close + 1 :]), encoding="utf-8")
    proc = snakemake(project)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out[-3000:]
    errors = sorted(set(re.findall(r"^\S+:\d+:\d+: error: .*$", out, re.M)))
    assert len(errors) == 1, out[-3000:]
    assert errors[0].startswith(f"chapters/02-kerjasama-sister-province.md:{opening + 1}:1: error: "), errors
    assert " — " in errors[0] and "[WARNING]" not in out and "Traceback" not in out
    assert sha(project / "build/thesis.pdf") == before
