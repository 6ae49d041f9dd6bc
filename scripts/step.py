"""How every rule runs its step: without a shell, on any OS.

A rule's ``run:`` block calls :func:`run` with the step's command written as
a shell command would be (``python -m scripts.check --bib {input.bib} …``);
the fields are filled from the rule's own ``input``, ``output``, ``params``,
``wildcards`` and ``log`` (taken from the calling ``run:`` block, as
Snakemake's ``shell()`` does), and the command is started with
``subprocess.run`` — no bash, ``cmd.exe``, ``timeout``, ``cat`` or
redirection. The words are split before the fields are filled in, so a path
with spaces or backslashes stays one argument and nothing needs quoting.

- ``python`` as the first word is the interpreter that runs Snakemake
  (``sys.executable``), ``pandoc`` the one pypandoc-binary ships; ``{pandoc}``
  elsewhere is that pandoc's path too.
- A field that is a whole word and holds a list (``{input.md}``) becomes one
  argument per item; an empty one (``{params.strict}`` when not strict)
  becomes none.
- The step's stderr goes to its log file (written by Python, UTF-8: the
  children run with ``PYTHONUTF8=1``). The log reaches the terminal when the
  step fails, and always with ``echo=True`` (the steps whose messages the
  author reads on success: the check's findings, ``verify passed``, the
  figures' font). Its stdout goes to the terminal as it comes.
- Every step is bounded (``timeout``; ``THESIS_STEP_TIMEOUT`` seconds by
  default): a hung step is stopped and says so in one line.

A failed step raises :class:`StepFailed`; the terminal filter
(scripts/console.py) shows it as the step's one ``✗`` line, since the step's
own message has been shown already.
"""

from __future__ import annotations

import functools
import os
import string
import subprocess
import sys
from pathlib import Path

from scripts.common import TOOL_TIMEOUT_S, pandoc_path

# A whole step (which may call several tools, each bounded by
# THESIS_TOOL_TIMEOUT) gets twice a tool's time unless told otherwise.
STEP_TIMEOUT_S = int(os.environ.get("THESIS_STEP_TIMEOUT", str(2 * TOOL_TIMEOUT_S)))

# What the children need to read and write UTF-8 whatever the platform's
# locale (Windows' is a code page): their stderr becomes the UTF-8 log.
CHILD_ENV = {"PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}


class _JoiningFormatter(string.Formatter):
    """Fields inside a longer word (``--since={params.since}``): a list is
    joined with spaces, as a shell command would show it. Only the value a
    field resolves to is joined, so ``{params.plan[id]}`` still reaches the
    attribute and item of Snakemake's list-like ``params``."""

    def format_field(self, value, format_spec):
        if isinstance(value, (list, tuple)):
            value = " ".join(_items(value))
        return super().format_field(value, format_spec)


_FORMATTER = _JoiningFormatter()
_pandoc = functools.cache(pandoc_path)
_NAMESPACE = ("input", "output", "params", "wildcards", "log", "rule", "threads", "resources")


class StepFailed(Exception):
    """A step exited non-zero or ran out of time; its message is in its log
    and has reached the terminal."""


def run(*commands: str, echo: bool = False, timeout: float | None = None) -> None:
    """Run ``commands`` one after the other (the first failure stops the
    rest), all into the calling rule's log. See the module doc."""
    caller = sys._getframe(1).f_locals
    ns = {k: caller[k] for k in _NAMESPACE if k in caller}
    if "{pandoc}" in "".join(commands):
        ns["pandoc"] = _pandoc()
    argvs = [argv(command, ns) for command in commands]
    execute(argvs, log_path(ns), rule=str(ns.get("rule", "step")), echo=echo, timeout=timeout)


def say(message: str) -> None:
    """A step that needs no command: its message, into its log and to the
    terminal."""
    caller = sys._getframe(1).f_locals
    log = log_path(caller)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text(message + "\n", encoding="utf-8")
    _show(message + "\n")


def copy(source, target) -> None:
    """A step that copies one file (what ``cp`` did), its log kept empty."""
    import shutil

    caller = sys._getframe(1).f_locals
    log = log_path(caller)
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("", encoding="utf-8")
    shutil.copyfile(source, target)


def log_path(ns) -> Path:
    log = ns.get("log")
    if not log:
        raise ValueError("scripts.step needs the rule's log: directive")
    return Path(log[0])


def argv(command: str, ns: dict) -> list[str]:
    """The command's words, each field filled from ``ns``."""
    words = command.split()
    out: list[str] = []
    for word in words:
        parts = list(_FORMATTER.parse(word))
        if len(parts) == 1 and parts[0][0] == "" and parts[0][1] and not parts[0][2] and not parts[0][3]:
            value, _ = _FORMATTER.get_field(parts[0][1], (), ns)
            out.extend(_items(value))
        else:
            out.append(_FORMATTER.vformat(word, (), ns))
    if out and out[0] == "python":
        out[0] = sys.executable
    elif out and out[0] == "pandoc":
        out[0] = _pandoc()
    return out


def _items(value) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, (str, os.PathLike, int, float)):
        return [os.fspath(value) if isinstance(value, os.PathLike) else str(value)]
    return [item for v in value for item in _items(v)]


def execute(argvs: list[list[str]], log: Path, *, rule: str, echo: bool = False, timeout=None) -> None:
    """Run each argv with its stderr in ``log``; show the log (see
    :func:`run`) and raise :class:`StepFailed` on the first failure."""
    timeout = timeout or STEP_TIMEOUT_S
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **CHILD_ENV}
    failure = ""
    with open(log, "wb") as err:
        for cmd in argvs:
            try:
                proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stderr=err, env=env, timeout=timeout)
            except subprocess.TimeoutExpired:
                failure = (
                    f"error: step {rule} did not finish within {timeout:g} s and was stopped — look for a runaway"
                    " filter or a circular cross-reference; for a very large thesis set THESIS_STEP_TIMEOUT"
                    " (seconds) higher\n"
                )
            except OSError as exc:
                failure = f"error: step {rule} could not start {cmd[0]!r}: {exc.strerror or exc} — run: python -m pip install -r requirements.txt\n"
            else:
                if proc.returncode != 0:
                    failure = f"exit status {proc.returncode}"
                    break
                continue
            err.write(failure.encode("utf-8"))
            break
    if echo or failure:
        _show(log.read_text(encoding="utf-8", errors="replace"))
    if failure:
        raise StepFailed(f"step {rule} failed ({failure.strip()}); its log: {log.as_posix()}")


def _show(text: str) -> None:
    if text:
        sys.stderr.write(text)
        sys.stderr.flush()


def keep_files_held_open() -> None:
    """Let a failed publish end in its own one line on Windows too.

    Snakemake restores an ``update()`` output of a failed job (the
    published build/thesis.pdf and .docx) by copying its backup over it. On
    Windows a PDF open in a viewer cannot be written, so that copy raises
    PermissionError and the build would end in Snakemake's traceback. The
    publish step never writes such a file in place (it replaces it by
    rename, and leaves it alone when the rename is refused), so the file is
    still the last good one: the restore counts as done."""
    from snakemake.persistence import FileBackupMixin

    restore = FileBackupMixin.restore_output
    if getattr(restore, "keeps_files_held_open", False):
        return

    def restore_output(self, path):
        try:
            return restore(self, path)
        except PermissionError:
            return True  # unchanged by the step, so not deleted as "corrupted" either

    restore_output.keeps_files_held_open = True
    FileBackupMixin.restore_output = restore_output
