"""The closing lines of every build, on success and on failure: where the
PDF and DOCX are and how many pages, words per chapter, the check's
warnings by kind, open draft markers, and the slowest step — or what
failed, in one line, with its log.

It reads only what the steps wrote: build/checks/report.json (the check;
``report.failed.json`` when it failed), build/checks/verify.json (the
publish step: pages and notes) and the published files' times. Nothing is
parsed again. Called from the workflow's ``onsuccess``/``onerror`` with
the :class:`scripts.console.Console` that timed the jobs.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PDF, DOCX = Path("build/thesis.pdf"), Path("build/thesis.docx")
REPORT = Path("build/checks/report.json")
FAILED_REPORT = Path("build/checks/report.failed.json")
VERIFY = Path("build/checks/verify.json")


@dataclass
class Run:
    """What the run itself knows: success, seconds, per-step times, failures."""

    ok: bool
    elapsed: float
    started: float = 0.0  # wall-clock start: a file older than this was not written by this run
    durations: dict = field(default_factory=dict)
    failed: list = field(default_factory=list)  # (rule, [log files])
    snakemake_log: str = ""


def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def latest_report():
    """The check's report of this state of the text: the failed one when it
    is newer than the last passing one."""
    candidates = [p for p in (REPORT, FAILED_REPORT) if p.exists()]
    if not candidates:
        return None
    return read_json(max(candidates, key=lambda p: p.stat().st_mtime_ns))


def when(path: Path) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))


ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def thesis_words() -> dict:
    """The thesis's words for BAB/CHAPTER and LAMPIRAN/APPENDIX, by the
    language build/config.json records (Indonesian before a first build)."""
    from scripts.labels import labels

    handed = read_json(Path("build/config.json")) or {}
    return labels(handed.get("config") or {})


def chapter_label(path: str, words=None) -> str:
    """``chapters/01-pendahuluan.md`` → ``BAB I``; front matter (``f…``) and
    appendices (``a…``) by their part's name; anything else by its stem."""
    words = words or {"chapter": "BAB", "appendix": "LAMPIRAN"}
    stem = Path(path).stem
    number = stem.split("-", 1)[0]
    if number.isdigit() and 0 < int(number) < len(ROMAN):
        return f"{words['chapter']} {ROMAN[int(number)]}"
    if number[:1] == "f" and number[1:].isdigit():
        return "front matter"
    if number[:1] == "a" and number[1:].isdigit():
        return words["appendix"]
    return stem


def outputs(run: Run, verify) -> list[str]:
    pages = f", {verify['pdf_pages']} pages" if verify and verify.get("pdf_pages") else ""
    rows = []
    if PDF.exists():
        # written by this run: newer than its start, and not restored by
        # Snakemake after a failed publish (a restore makes it new too)
        published = PDF.stat().st_mtime >= run.started and "publish" not in {rule for rule, _ in run.failed}
        fresh = run.ok or published
        note = "" if fresh else f" (unchanged: the last good build, {when(PDF)})"
        rows.append(f"  PDF   {PDF}{pages}{note}")
    else:
        rows.append(f"  PDF   not built yet{'' if run.ok else ' — nothing was published'}")
    if DOCX.exists():
        rows.append(f"  DOCX  {DOCX}")
    return rows


def words(report) -> list[str]:
    counts = (report or {}).get("words") or {}
    if not counts:
        return []
    parts: dict[str, int] = {}
    names = thesis_words()
    for p, n in counts.items():
        label = chapter_label(p, names)
        parts[label] = parts.get(label, 0) + n
    listed = ", ".join(f"{label} {n:,}" for label, n in parts.items())
    return [f"  words {sum(counts.values()):,} ({listed})"]


def findings(report) -> list[str]:
    if not report:
        return []
    rows = []
    by_kind: dict[str, Counter] = {"error": Counter(), "warning": Counter()}
    for f in report.get("findings", []):
        by_kind.setdefault(f.get("severity", "warning"), Counter())[f.get("code") or "other"] += 1
    for severity in ("error", "warning"):
        kinds = by_kind.get(severity) or Counter()
        total = sum(kinds.values())
        if total:
            detail = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
            rows.append(f"  check {total} {severity}(s): {detail}")
    if not rows:
        rows.append("  check no errors, no warnings")
    markers = report.get("draft_markers", [])
    if markers:
        places = Counter(Path(m["path"]).parts[0] for m in markers)
        where = ", ".join(f"{p} {n}" for p, n in sorted(places.items()))
        rows.append(f"  draft markers {len(markers)} open ({where}), listed in build/checks/markers.txt")
    return rows


BENCHMARKS = Path("logs/benchmarks")


def measured(run: Run) -> dict[str, float]:
    """Seconds per step of this run: Snakemake's own measurement (the
    rules' ``benchmark:`` files written since the run started), else the
    console's timing from a job's start to Snakemake's noting its end (which
    can lag for a step run inside Snakemake's process)."""
    found = {}
    for tsv in BENCHMARKS.glob("*.tsv") if run.started else []:
        try:
            if tsv.stat().st_mtime < run.started:
                continue
            found[tsv.stem] = float(tsv.read_text(encoding="utf-8").splitlines()[1].split("\t")[0])
        except (OSError, IndexError, ValueError):
            continue
    return found or dict(run.durations)


def slowest(run: Run) -> list[str]:
    times = measured(run) if run.durations else {}
    if not times:
        return []
    rule, seconds = max(times.items(), key=lambda kv: kv[1])
    return [f"  slowest step {rule} {seconds:.1f} s of {run.elapsed:.1f} s"]


def lines(run: Run) -> list[str]:
    """The summary, as lines (pure but for reading the files above)."""
    report, verify = latest_report(), read_json(VERIFY)
    if run.ok:
        head = f"Thesis built in {run.elapsed:.1f} s." if run.durations else "Thesis up to date."
    elif run.failed:
        rule, logs = run.failed[0]
        log = f" — see {logs[0]}" if logs else ""
        head = f"Build FAILED at step {rule}{log}."
    else:
        log = f" — see {run.snakemake_log}" if run.snakemake_log else ""
        head = f"Build FAILED before any step ran{log}."
    return [head, *outputs(run, verify), *words(report), *findings(report), *slowest(run)]


def show(console, ok: bool, snakemake_log: str = "", stream=None) -> None:
    """Print the summary (to the console's stream). Never raises: a summary
    must not turn a good build into a failed one."""
    import sys

    stream = stream or (console.stream if console else sys.stderr)
    try:
        run = Run(
            ok=ok,
            elapsed=console.elapsed() if console else 0.0,
            started=console.started if console else 0.0,
            durations=dict(console.durations) if console else {},
            failed=list(console.failed) if console else [],
            snakemake_log=str(snakemake_log or ""),
        )
        stream.write("\n" + "\n".join(lines(run)) + "\n")
        stream.flush()
    except Exception as exc:  # noqa: BLE001 — report, never fail the build here
        stream.write(f"(summary unavailable: {type(exc).__name__}: {exc})\n")
