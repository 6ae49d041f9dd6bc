"""This repository's README about this thesis: its sample output is this
thesis's build, its test count this repository's (moved from
tests/test_readme.py: a new thesis's README quotes them as the reference's)."""

from __future__ import annotations

import re

from test_readme import sample_output

from conftest import ROOT


def test_the_sample_output_is_this_thesis_build(built_thesis, monkeypatch):
    """The README's summary is what building this thesis prints: pages,
    words per part, the check's warnings, open draft markers (the timings
    are a quiet machine's and are not compared)."""
    from scripts import summary

    monkeypatch.chdir(built_thesis)
    report, verify = summary.latest_report(), summary.read_json(summary.VERIFY)
    run = summary.Run(ok=True, elapsed=0.0)
    built = [*summary.outputs(run, verify), *summary.words(report), *summary.findings(report)]
    shown = [line for line in sample_output() if line.startswith("  ") and "slowest step" not in line]
    assert shown == built


def test_the_test_count_is_about_right():
    """ "runs about N tests": N within 15% of what pytest collects."""
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    claimed = int(re.search(r"runs about (\d+) tests", readme).group(1))
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    ).stdout
    collected = int(re.search(r"(\d+) tests? collected", out).group(1))
    assert abs(claimed - collected) <= 0.15 * collected, (claimed, collected)
