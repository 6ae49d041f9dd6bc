"""The check as a whole: runs as a module, one finding constructor."""

from __future__ import annotations

import subprocess
import sys

from conftest import env
from scripts.common import Finding, finding
from scripts.locate import Position


def test_python_m_scripts_check_run_works(built_tiny):
    # source_markers used to be defined after the __main__ block: NameError.
    out = built_tiny / "build" / "checks" / "again.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.check.run", "-o", str(out)],
        cwd=built_tiny,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env(),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "check passed" in proc.stderr and out.exists()


def test_finding_takes_a_position_a_tuple_or_a_path():
    a = finding(Position("c.md", 3, 4), "bad", "fix it", "x")
    b = finding(("c.md", 3, 4), "bad", "fix it", "x")
    assert a == b == Finding("c.md", 3, 4, "error", "bad", "fix it", "x")
    assert str(finding("refs.bib", "w", code="y", severity="warning")) == "refs.bib:1:1: warning: w"


def test_stray_chapter_files_handed_over_by_the_workflow_are_warned(built_tiny):
    out = built_tiny / "build" / "checks" / "stray.json"
    proc = subprocess.run(
        [sys.executable, "-m", "scripts.check.run", "--stray", "chapters/Bab 3.md", "--strict", "-o", str(out)],
        cwd=built_tiny,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env(),
        timeout=120,
    )
    assert proc.returncode == 1
    assert "chapters/Bab 3.md:1:1: warning: 'Bab 3.md' is not built" in proc.stderr


def test_two_unknown_keys_on_one_line_get_their_own_columns(tmp_path):
    import json

    from conftest import pandoc
    from scripts.check.document import check_chapters

    md = tmp_path / "01-bab.md"
    md.write_text("Teks [@x1, 5] dan [@x2] lalu [@x1].\n", encoding="utf-8")
    ast = json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)
    findings, cited = check_chapters([(str(md), ast)], {}, bib_path="refs.bib")
    got = sorted((f.line, f.col, f.message) for f in findings if f.code == "cite-missing")
    assert got == [
        (1, 7, "citation key 'x1' is not in refs.bib"),
        (1, 20, "citation key 'x2' is not in refs.bib"),
        (1, 31, "citation key 'x1' is not in refs.bib"),
    ]
    assert cited == {"x1", "x2"}
