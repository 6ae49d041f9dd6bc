# Helpers shared by all rules. Config is validated here, before any rule
# runs, so a typo in config.yaml stops the build with one located message.
import shutil
import sys
from pathlib import Path

sys.path.insert(0, workflow.basedir)

from snakemake.utils import update_config

from scripts import console, step, summary
from scripts.chapters import discover
from scripts.common import TOOL_TIMEOUT_S, ThesisError, cancel_pending_timers, load_yaml
from scripts.config import command_line_value, validate

# The terminal shows one line per step and a closing summary (scripts/console.py);
# the full Snakemake log is still written to .snakemake/log/.
CONSOLE = console.install(dryrun=workflow.dryrun)

# A build/thesis.pdf held open by a viewer on Windows: the publish step's one
# line, not Snakemake's traceback when it restores the file (scripts/step.py).
step.keep_files_held_open()


# config.yaml is read here rather than by Snakemake's `configfile:`, so a
# YAML mistake is reported at its line and column like every other input
# mistake; values given with --config still win.
try:
    _config = load_yaml("config.yaml") or {}
    update_config(_config, {k: command_line_value(v) for k, v in config.items()})
    config.clear()
    config.update(_config)
    validate(config, "config.yaml")
except ThesisError as exc:
    sys.stderr.write(f"{exc}\n")
    sys.exit(1)

# Chapter files are found here, once; every step is handed them.
AST_DIR = "build/ast"
CHAPTERS, STRAY_CHAPTERS = discover("chapters", AST_DIR)


def get_chapter_asts(wildcards=None):
    return [c.ast for c in CHAPTERS]


def get_chapter_sources(wildcards=None):
    return [str(c.path) for c in CHAPTERS]


def get_drawn_figures(wildcards=None):
    """Every file the figures step draws, declared: each diagram spec's SVG
    and PNG (a spec's id is its file name) and, with evidence, the
    triangulation matrix and, when the timeline has an event (a line under
    its header), the timeline."""
    names = [
        p.stem
        for p in sorted(Path("data/diagrams").glob("*.yaml"))
        if not p.name.startswith("_")
    ]
    if Path("data/evidence.csv").exists():
        names.append("matriks-triangulasi")
        timeline = Path("data/timeline.csv")
        if timeline.exists():
            with timeline.open(encoding="utf-8") as fh:
                lines = [line for line, _ in zip(fh, range(2)) if line.strip()]
            if len(lines) > 1:
                names.append("linimasa")
    return [f"build/figures/{n}.{ext}" for n in sorted(names) for ext in ("svg", "png")]


def get_pdf_standards():
    return [
        arg
        for s in config.get("output", {}).get("pdf_standards", [])
        for arg in ("--standard", s)
    ]


def get_stray_flags():
    """Files in chapters/ that are not built: the check warns about them."""
    return [arg for p in STRAY_CHAPTERS for arg in ("--stray", str(p))]


def get_strict_flag():
    return ["--strict"] if config.get("strict") else []


def get_feedback_review(wildcards):
    """The review to read: a draft's DOCX or PDF, told apart by content."""
    path = config.get("feedback")
    if not path:
        raise WorkflowError(
            "feedback needs the reviewed file — run: snakemake --cores 1 feedback --config feedback=PATH.docx (or .pdf)"
        )
    return path


# Snakemake's job-rate limiter leaves a one-second timer that the interpreter
# waits for at exit; see scripts.common.cancel_pending_timers.
onsuccess:
    cancel_pending_timers()
    if CONSOLE:
        summary.show(CONSOLE, ok=True)


onerror:
    cancel_pending_timers()
    if CONSOLE:
        summary.show(CONSOLE, ok=False, snakemake_log=log)
