"""The README's Quick start is what CI runs: its two commands, pasted as
written, appear as lines of .ci/run, and they use no `python` (stock
Debian/Ubuntu has only `python3`) and no pip outside a virtual environment."""

from __future__ import annotations

import re

from conftest import ROOT


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_quick_start_has_a_build_and_a_test_command():
    commands = quick_start_commands()
    assert len(commands) == 2, commands
    build, test = commands
    assert "snakemake --cores all" in build and "pip install -r requirements.txt" in build
    assert "pytest" in test


def test_ci_runs_exactly_the_quick_start_commands():
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    for command in quick_start_commands():
        assert command in ci_lines, f"{command!r} is not a line of .ci/run"


def test_commands_work_on_a_stock_debian_python():
    for command in quick_start_commands():
        words = re.split(r"[\s;&|]+", command)
        assert "python" not in words, f"stock Debian has no 'python': {command}"
        for word in words:
            if word.endswith("pip") and not word.startswith(".venv/"):
                raise AssertionError(f"pip outside the virtual environment: {command}")


def test_readme_speaks_to_users_not_to_the_issue_tracker():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for jargon in ("issue 7", "issue #", "session", "engineer #"):
        assert jargon not in text.lower(), jargon


def sample_output() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("ends with a\nsummary:", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    return block.splitlines()


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
