# Helpers shared by all rules. Config is validated here, before any rule
# runs, so a typo in config.yaml stops the build with one located message.
import shlex
import sys
from pathlib import Path

sys.path.insert(0, workflow.basedir)

from scripts.chapters import discover
from scripts.common import ThesisError, cancel_pending_timers, pandoc_path
from scripts.config import validate

try:
    validate(config, "config.yaml")
except ThesisError as exc:
    sys.stderr.write(f"{exc}\n")
    sys.exit(1)

PY = sys.executable
PANDOC = pandoc_path()

# Chapter files are found here, once; every step is handed them.
AST_DIR = "build/ast"
CHAPTERS, STRAY_CHAPTERS = discover("chapters", AST_DIR)


def get_chapter_asts(wildcards=None):
    return [c.ast for c in CHAPTERS]


def get_chapter_sources(wildcards=None):
    return [str(c.path) for c in CHAPTERS]


def get_pdf_standards():
    return " ".join(
        f"--standard {s}" for s in config.get("output", {}).get("pdf_standards", [])
    )


def get_stray_flags():
    """Files in chapters/ that are not built: the check warns about them."""
    return " ".join(f"--stray {shlex.quote(str(p))}" for p in STRAY_CHAPTERS)


def get_strict_flag():
    return "--strict" if config.get("strict") else ""


def get_feedback_docx(wildcards):
    path = config.get("feedback")
    if not path:
        raise WorkflowError(
            "feedback needs the reviewed file — run: snakemake --cores 1 feedback --config feedback=PATH.docx"
        )
    return path


# Snakemake's job-rate limiter leaves a one-second timer that the interpreter
# waits for at exit; see scripts.common.cancel_pending_timers.
onsuccess:
    cancel_pending_timers()


onerror:
    cancel_pending_timers()
