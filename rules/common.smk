# Helpers shared by all rules. Config is validated here, before any rule
# runs, so a typo in config.yaml stops the build with one located message.
import sys
from pathlib import Path

sys.path.insert(0, workflow.basedir)

from scripts.chapters import discover
from scripts.common import ThesisError, pandoc_path
from scripts.config import validate

try:
    validate(config, "config.yaml")
except ThesisError as exc:
    sys.stderr.write(f"{exc}\n")
    sys.exit(1)

PY = sys.executable
PANDOC = pandoc_path()

CHAPTERS, STRAY_CHAPTERS = discover("chapters")
CHAPTER_NAMES = [c.name for c in CHAPTERS]


def get_chapter_asts(wildcards=None):
    return [c.ast for c in CHAPTERS]


def get_chapter_sources(wildcards=None):
    return [str(c.path) for c in CHAPTERS]


def get_pdf_standards():
    return " ".join(
        f"--standard {s}" for s in config.get("output", {}).get("pdf_standards", [])
    )


def get_strict_flag():
    return "--strict" if config.get("strict") else ""
