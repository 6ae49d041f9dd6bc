"""What the author sees: one line per step, one line per failure, Snakemake's
own errors kept, its chatter dropped, and a closing summary read from the
files the steps wrote."""

from __future__ import annotations

import io
import json
import logging
import os
import re

import pytest

from conftest import snakemake
from scripts import summary
from scripts.console import Console


def record(msg="", level=logging.INFO, **extra):
    r = logging.LogRecord("snakemake", level, __file__, 1, msg, (), None)
    for k, v in extra.items():
        setattr(r, k, v)
    return r


@pytest.fixture
def console():
    return Console(io.StringIO())


def test_a_job_is_one_line_and_its_block_is_dropped(console):
    shown = console.filter(
        record(" Rule: check, Jobid: 3", event="job_info", jobid=3, rule_name="check", log=["logs/check.log"])
    )
    assert shown is False  # Snakemake's own block (inputs, outputs, reason) is not printed
    assert console.stream.getvalue() == "▸ check          checking citations, cross-references, figures, data\n"


def test_the_all_rule_and_finished_jobs_print_nothing_but_are_timed(console):
    console.filter(record(event="job_info", jobid=0, rule_name="all"))
    console.filter(record(event="job_info", jobid=5, rule_name="pdf"))
    console.filter(record("Finished jobid: 5", event="job_finished", job_id=5))
    console.filter(record("Finished jobid: 0", event="job_finished", job_id=0))
    assert console.stream.getvalue() == "▸ pdf            PDF (Typst)\n"
    assert set(console.durations) == {"pdf"}
    assert console.durations["pdf"] >= 0


def test_a_failed_job_is_one_line_with_its_log(console):
    console.filter(record(event="job_info", jobid=3, rule_name="check"))
    console.filter(record(level=logging.ERROR, event="job_error", jobid=3, rule_name="check", log=["logs/check.log"]))
    assert console.stream.getvalue().splitlines()[-1] == "✗ check failed — its log: logs/check.log"
    assert console.failed == [("check", ["logs/check.log"])]


@pytest.mark.parametrize(
    "message",
    [
        "Select jobs to execute...",
        "Building DAG of jobs...",
        "Assuming unrestricted shared filesystem usage.",
        "Complete log(s): /x/.snakemake/log/a.log",
    ],
)
def test_chatter_is_dropped(console, message):
    assert console.filter(record(message)) is False
    assert console.stream.getvalue() == ""


@pytest.mark.parametrize("event", ["progress", "run_info", "resources_info", "workflow_started", "shellcmd"])
def test_snakemake_tables_and_counts_are_dropped(console, event):
    assert console.filter(record("x", event=event)) is False


def test_errors_that_are_not_about_a_job_pass_through(console):
    missing = record(
        "MissingInputException in rule bibliography ...\nMissing input files for rule bibliography",
        level=logging.ERROR,
        event="error",
        exception="MissingInputException",
    )
    locked = record("Error: Directory cannot be locked.", level=logging.ERROR)
    restored = record("Restored previous version of build/thesis.pdf (updating job failed).", level=logging.WARNING)
    assert console.filter(missing) and console.filter(locked) and console.filter(restored)


def test_the_failed_command_and_the_closing_workflow_error_are_dropped(console):
    cmd = record(
        "RuleException:\nCalledProcessError in file rules/check.smk, line 46:\nCommand 'python -m scripts.check …'"
        " returned non-zero exit status 1.",
        level=logging.ERROR,
        event="error",
        exception="RuleException",
    )
    closing = record("WorkflowError:\nAt least one job did not complete successfully.", level=logging.ERROR)
    generic = record("Exiting because a job execution failed. Look below for error messages", level=logging.ERROR)
    assert not console.filter(cmd) and not console.filter(closing) and not console.filter(generic)


def test_nothing_to_be_done_is_said_with_the_summary(console, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    console.filter(record("Nothing to be done (all requested files are present and up to date)."))
    out = console.stream.getvalue()
    assert out.startswith("Nothing to be done: the thesis is up to date with its sources.")
    assert "Thesis up to date." in out and "PDF   not built yet" in out


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")


REPORT = {
    "passed": True,
    "findings": [
        {"severity": "warning", "code": "bib-recommended"},
        {"severity": "warning", "code": "bib-recommended"},
        {"severity": "warning", "code": "cite-year"},
    ],
    "draft_markers": [{"path": "chapters/01-a.md"}, {"path": "chapters/02-b.md"}, {"path": "config.yaml"}],
    "words": {"chapters/f1-kata.md": 10, "chapters/01-a.md": 1200, "chapters/02-b.md": 34, "chapters/a1-x.md": 5},
}


def test_summary_of_a_good_build(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "build/checks/report.json", REPORT)
    write(tmp_path / "build/checks/verify.json", {"passed": True, "pdf_pages": 49})
    write(tmp_path / "build/thesis.pdf", "%PDF")
    write(tmp_path / "build/thesis.docx", "PK")
    lines = summary.lines(summary.Run(ok=True, elapsed=3.24, durations={"cite": 0.7, "pdf": 1.25}))
    assert lines == [
        "Thesis built in 3.2 s.",
        "  PDF   build/thesis.pdf, 49 pages",
        "  DOCX  build/thesis.docx",
        "  words 1,249 (front matter 10, BAB I 1,200, BAB II 34, LAMPIRAN 5)",
        "  check 3 warning(s): bib-recommended 2, cite-year 1",
        "  draft markers 3 open (chapters 2, config.yaml 1), listed in build/checks/markers.txt",
        "  slowest step pdf 1.2 s of 3.2 s",
    ]


def test_summary_of_a_failed_check_reads_the_failed_report_and_keeps_the_old_pdf(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "build/checks/report.json", REPORT)
    write(tmp_path / "build/thesis.pdf", "%PDF")
    failed = dict(REPORT, passed=False, findings=[{"severity": "error", "code": "cite-missing"}] * 4)
    write(tmp_path / "build/checks/report.failed.json", failed)
    later = os.stat(tmp_path / "build/checks/report.json").st_mtime_ns + 10**9
    os.utime(tmp_path / "build/checks/report.failed.json", ns=(later, later))
    import time

    run = summary.Run(ok=False, elapsed=1.0, failed=[("check", ["logs/check.log"])], started=time.time() + 5)
    lines = summary.lines(run)
    assert lines[0] == "Build FAILED at step check — see logs/check.log."
    assert re.fullmatch(
        r"  PDF   build/thesis\.pdf \(unchanged: the last good build, \d{4}-\d\d-\d\d \d\d:\d\d\)", lines[1]
    )
    assert "  check 4 error(s): cite-missing 4" in lines


def test_summary_of_a_failure_before_any_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    lines = summary.lines(summary.Run(ok=False, elapsed=0.1, snakemake_log=".snakemake/log/x.log"))
    assert lines[0] == "Build FAILED before any step ran — see .snakemake/log/x.log."


def test_summary_never_raises(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "build/checks/report.json", "{not json")
    out = io.StringIO()
    summary.show(None, ok=True, stream=out)
    assert out.getvalue().startswith("\nThesis up to date.")


def test_a_build_reads_well(built_tiny, tmp_path):
    """The real thing: a rebuild after an edit prints one line per step,
    the steps' messages and the summary; no Snakemake job blocks."""
    import shutil

    project = tmp_path / "thesis"
    shutil.copytree(built_tiny, project, symlinks=True)
    src = project / "chapters/02-penutup.md"
    src.write_text(src.read_text(encoding="utf-8").replace("Kesimpulan uji", "Kesimpulan akhir uji"), encoding="utf-8")
    proc = snakemake(project, quiet=False)
    out = proc.stderr + proc.stdout
    assert proc.returncode == 0, out
    assert "▸ check " in out and "▸ publish " in out
    for noise in ("Select jobs to execute", "Job stats", "localrule ", "reason:", "Workflow ID", "Finished jobid"):
        assert noise not in out, noise
    tail = out[out.index("Thesis built in") :].splitlines()
    assert re.fullmatch(r"  PDF   build/thesis\.pdf, \d+ pages", tail[1]), tail
    assert tail[2] == "  DOCX  build/thesis.docx"
    assert tail[3].startswith("  words ") and "BAB I " in tail[3]
    assert tail[-1].startswith("  slowest step ")
    assert len(out.splitlines()) < 30, out
    again = snakemake(project, quiet=False)
    assert "Nothing to be done: the thesis is up to date" in again.stderr + again.stdout


@pytest.mark.parametrize("value", ["true", "True", "false"])
def test_strict_from_the_command_line_as_the_readme_writes_it(built_tiny, value):
    proc = snakemake(built_tiny, "-n", "--config", f"strict={value}")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_a_dry_run_is_snakemakes_own_output(built_tiny):
    proc = snakemake(built_tiny, "-n", "-F", quiet=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Job stats" in out and "▸" not in out and "Thesis built" not in out


def test_a_pdf_published_before_a_later_step_failed_is_not_called_unchanged(tmp_path, monkeypatch):
    """`draft` publishes build/thesis.pdf, then a draft step fails: the PDF
    is this run's, not the last good one of an earlier run."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "build/thesis.pdf", "%PDF")
    run = summary.Run(ok=False, elapsed=1.0, failed=[("draft_changes", ["logs/x.log"])], started=0.0)
    assert summary.lines(run)[1] == "  PDF   build/thesis.pdf"


def test_slowest_step_is_snakemakes_own_benchmark_of_this_run(tmp_path, monkeypatch):
    import time

    monkeypatch.chdir(tmp_path)
    bench = tmp_path / "logs/benchmarks"
    bench.mkdir(parents=True)
    (bench / "pdf.tsv").write_text("s\th:m:s\n0.80\t0:00:00\n", encoding="utf-8")
    (bench / "cite.tsv").write_text("s\th:m:s\n0.65\t0:00:00\n", encoding="utf-8")
    old = bench / "figures.tsv"
    old.write_text("s\th:m:s\n9.00\t0:00:09\n", encoding="utf-8")
    os.utime(old, (time.time() - 3600, time.time() - 3600))  # an earlier run's
    run = summary.Run(ok=True, elapsed=3.0, durations={"draft_plan_file": 2.5, "pdf": 0.9}, started=time.time() - 60)
    assert summary.slowest(run) == ["  slowest step pdf 0.8 s of 3.0 s"]
