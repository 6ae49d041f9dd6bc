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


def powershell_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```powershell\n(.*?)```", section, re.S)]


def workflow_steps() -> dict:
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "thesis.yml").read_text(encoding="utf-8"))
    return {step.get("name", ""): step for step in flow["jobs"]["build"]["steps"]}, flow["jobs"]["build"]


def test_the_workflow_runs_the_quick_start_on_linux_windows_and_macos():
    steps, job = workflow_steps()
    assert set(job["strategy"]["matrix"]["os"]) == {"ubuntu-latest", "windows-latest", "macos-latest"}
    posix = next(s for s in steps.values() if s.get("if") == "runner.os != 'Windows'")
    windows = next(s for s in steps.values() if s.get("if") == "runner.os == 'Windows'")
    assert windows.get("shell") == "pwsh"  # no bash for the Windows build
    posix_lines = [ln.strip() for ln in posix["run"].splitlines()]
    windows_lines = [ln.strip() for ln in windows["run"].splitlines()]
    for command in quick_start_commands():
        assert command in posix_lines, command
    ps = powershell_commands()
    assert len(ps) == 2 and "snakemake --cores all" in ps[0] and "pytest" in ps[1], ps
    for block in ps:
        for line in block.splitlines():
            assert line.strip() in windows_lines, line
    lines = [ln for block in ps for ln in block.splitlines()]
    assert lines[0] == "py -m venv .venv"
    assert all(ln.startswith(".venv\\Scripts\\") for ln in lines[1:]), lines  # the venv's, not a global pip


def test_one_list_of_system_packages_for_ci_and_the_workflow():
    listed = [
        ln.strip()
        for ln in (ROOT / ".ci" / "apt-packages").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    assert {"qpdf", "poppler-utils", "libreoffice-writer-nogui", "chromium", "biber"} <= set(listed)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    flow = (ROOT / ".github" / "workflows" / "thesis.yml").read_text(encoding="utf-8")
    for text in (ci, flow):
        assert ".ci/apt-packages" in text
        for line in text.splitlines():  # no second list written out by hand
            if "apt-get install" in line:
                assert not any(re.search(rf"\b{re.escape(p)}\b", line) for p in listed), line


def sample_output() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("ends with a\nsummary:", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    return block.splitlines()
