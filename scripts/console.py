"""What the author sees while the thesis builds: one line per step, the
project's own messages (findings, markers, verify), and a closing summary.

Snakemake's terminal output is several hundred lines per build (a header,
job tables, a block per job with every input file, "Select jobs to
execute..."), and `--quiet all` also hides its error messages. So the
workflow keeps Snakemake's logging as it is, for the full log in
`.snakemake/log/`, and puts this filter on the terminal handler only:

- a job's start becomes one line, ``▸ check       citations, cross-references…``;
- a failed job becomes one line naming the step and its log file;
- Snakemake's warnings and errors that are not about a job (a missing
  input file, a locked directory, a syntax error in a rule) pass through;
- everything else (headers, tables, progress counts) is dropped.

The steps' own stderr (the check's findings, `verify passed: …`) is not a
log record and is shown as before. ``THESIS_VERBOSE=1`` shows Snakemake's
full output, and a dry run (``-n``) is never filtered.

The filter also times every job, for "slowest step" in the summary
(:mod:`scripts.summary`).
"""

from __future__ import annotations

import logging
import os
import time

# What each step does, in the author's terms. A rule not listed is shown
# by its name.
STEPS = {
    "chapters": "reading the chapters",
    "front_pages": "title, approval and statement pages from config.yaml",
    "csl_style": "citation style",
    "bibliography": "reading the bibliography",
    "figure_data": "figure captions and the numbers quoted in the text",
    "figures": "drawing the figures",
    "check": "checking citations, cross-references, figures, data",
    "cite": "citations, notes and the bibliography",
    "reference_docx": "Word styles",
    "pdf": "PDF (Typst)",
    "docx": "DOCX",
    "publish": "verifying and publishing the PDF and DOCX",
    "data": "reading and checking data/ (evidence, timeline, diagrams)",
    "draft_plan_file": "draft: what to publish and compare with",
    "draft_pdf": "draft: PDF with the draft stamp",
    "draft_docx": "draft: DOCX with the draft stamp",
    "draft_source": "draft: the cited text kept for the next redline",
    "draft_previous": "draft: the previous draft's text",
    "draft_changes": "draft: changes.docx and changes.html",
    "draft_record": "draft: record of files, pages and words",
    "draft": "publishing the draft (rename, index, tag)",
    "feedback": "reading a supervisor's review",
}

# Error records Snakemake adds after a failed job, which say nothing the
# one-line failure and the summary do not.
GENERIC_ERRORS = (
    "WorkflowError:\nAt least one job",
    "Exiting because a job execution failed",
    "Shutting down, this might take some time",
    "Complete log(s)",
)

ARROW, CROSS = "▸", "✗"


class Console(logging.Filter):
    """A filter for Snakemake's terminal handler (see the module doc)."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.t0 = time.monotonic()
        self.started = time.time()  # wall clock, to tell files this run wrote
        self.running: dict = {}  # jobid -> (rule, start, logs)
        self.durations: dict[str, float] = {}  # rule -> seconds (summed over its jobs)
        self.failed: list[tuple[str, list[str]]] = []  # (rule, log files)

    def say(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()

    def filter(self, record: logging.LogRecord) -> bool:
        event = str(getattr(record, "event", "") or "")
        handler = getattr(self, "on_" + event, None)
        if handler is not None:
            handler(record)
            return False
        if event in ("progress", "run_info", "resources_info", "workflow_started", "shellcmd", "debug_dag"):
            return False
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return not self.already_said(record, message)
        if message.startswith("Nothing to be done"):
            # Snakemake calls no onsuccess handler then: summarise here.
            from scripts import summary

            self.say("Nothing to be done: the thesis is up to date with its sources.")
            summary.show(self, ok=True)
        return False

    def on_job_info(self, record) -> None:
        rule = getattr(record, "rule_name", "?")
        logs = [str(p) for p in (getattr(record, "log", None) or [])]
        self.running[getattr(record, "jobid", None)] = (rule, time.monotonic(), logs)
        if rule != "all":
            self.say(f"{ARROW} {rule:<14} {STEPS.get(rule, '')}".rstrip())

    def on_job_finished(self, record) -> None:
        rule, start, _ = self.running.pop(getattr(record, "job_id", None), (None, None, None))
        if rule and rule != "all":
            self.durations[rule] = self.durations.get(rule, 0.0) + time.monotonic() - start

    def on_job_error(self, record) -> None:
        rule = getattr(record, "rule_name", "?")
        logs = [str(p) for p in (getattr(record, "log", None) or [])]
        self.running.pop(getattr(record, "jobid", None), None)
        self.failed.append((rule, logs))
        where = f" — its log: {', '.join(logs)}" if logs else ""
        self.say(f"{CROSS} {rule} failed{where}")

    on_group_error = on_job_error

    def already_said(self, record, message: str) -> bool:
        """Errors that the failed job's one line says better: a step's
        command that exited non-zero (Snakemake logs the whole command line
        just before the job's failure; the step printed its own message)
        and the closing "At least one job did not complete successfully"."""
        if message.startswith(GENERIC_ERRORS) or "At least one job did not complete successfully" in message:
            return True
        # scripts/step.py raises StepFailed after showing the step's log
        return "StepFailed" in message or (
            "CalledProcessError" in message and "returned non-zero exit status" in message
        )

    def elapsed(self) -> float:
        return time.monotonic() - self.t0


def install(dryrun: bool = False):
    """Put a :class:`Console` on Snakemake's terminal handler and return it;
    None (nothing changed) for a dry run, with THESIS_VERBOSE set, or when
    Snakemake's handler is not found (another logger plugin)."""
    if dryrun or os.environ.get("THESIS_VERBOSE"):
        return None
    from snakemake.logging import logger

    for handler in logger.handlers:
        if getattr(handler, "name", "") == "DefaultStreamHandler":
            # The workflow does not know yet whether this is a dry run
            # (its executor is set later); Snakemake's own filter does.
            if dryrun or any(getattr(f, "dryrun", False) for f in handler.filters):
                return None
            console = Console(handler.stream)
            handler.addFilter(console)
            return console
    return None
