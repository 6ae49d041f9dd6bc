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
