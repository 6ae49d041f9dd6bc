"""The check's required fields are biber's mandatory ones, never more: for
every fixture and corpus file, with every entry cited, each "lacks required
field" error names an entry and field that biber's own data-model validation
(`biber --tool --validate-datamodel`) reports as a missing mandatory field.
Strictness beyond biber (a publisher, an access date) is a warning.
Skips where biber is not installed (Debian: biber)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from test_bib_pandoc import CORPORA, FIXTURES

from scripts import bibliography
from scripts.check.bib import check_bib

BIBER = shutil.which("biber")
MANDATORY = re.compile(
    r"Entry '(?P<key>[^']+)' \([^)]*\): Missing mandatory field (?:'(?P<one>[^']+)'|- one of '(?P<alts>[^']+)')"
)
OURS = re.compile(r"'(?P<key>[^']+)' lacks required field (?P<alts>.+)$")


def required_errors(path: Path) -> set[tuple[str, frozenset]]:
    try:
        entries, _, _ = bibliography.read(path.read_bytes(), str(path))
    except Exception:  # noqa: BLE001 — a file the reader refuses has no entry errors to compare
        return set()
    _, _, found = check_bib(str(path), cited=set(entries))
    out = set()
    for f in found:
        m = OURS.search(f.message) if f.code == "bib-required" and f.severity == "error" else None
        if m:
            out.add((m["key"], frozenset(a.strip() for a in m["alts"].split(" or "))))
    return out


def biber_mandatory(path: Path, workdir: Path) -> set[tuple[str, frozenset]]:
    proc = subprocess.run(
        [
            BIBER,
            "--tool",
            "--validate-datamodel",
            "--output-file",
            str(workdir / f"{path.stem}.out.bib"),
            "--logfile",
            str(workdir / f"{path.stem}.blg"),
            str(path),
        ],
        cwd=workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    if "ERROR - " in proc.stdout + proc.stderr:
        return None  # biber could not read it all: no entry-level verdict to compare
    found = set()
    # biber reports keys in NFD
    for m in MANDATORY.finditer(unicodedata.normalize("NFC", proc.stdout + proc.stderr)):
        fields = m["one"] or m["alts"]
        found.add((m["key"], frozenset(a.strip() for a in fields.split(","))))
    return found


def real_files() -> list[Path]:
    """Exports and real bibliographies (not the one-rule grammar probes,
    which biber mostly cannot read to the end anyway)."""
    return sorted(FIXTURES.glob("*.bib")) + (sorted(CORPORA.glob("*.bib")) if CORPORA.exists() else [])


@pytest.mark.skipif(not BIBER, reason="biber is not installed (Debian: biber)")
def test_required_fields_are_bibers_mandatory_fields(tmp_path):
    ours = {p: required_errors(p) for p in real_files()}
    with_errors = [p for p, errs in ours.items() if errs]
    assert with_errors, "no fixture has a missing required field: the test would prove nothing"
    with ThreadPoolExecutor(2) as pool:
        theirs = dict(zip(with_errors, pool.map(lambda p: biber_mandatory(p, tmp_path), with_errors), strict=True))
    compared = [p for p in with_errors if theirs[p] is not None]
    assert compared, "biber read no file cleanly: nothing to compare"

    def biber_says(path, key, fields):
        # our alternatives include biber's names (journal|journaltitle, school|institution)
        return any(k == key and f & fields for k, f in theirs[path])

    beyond = {p.name: sorted((k, sorted(f)) for k, f in ours[p] if not biber_says(p, k, f)) for p in compared}
    assert not any(beyond.values()), f"required by the check, not by biber: {beyond}"


def test_a_book_without_publisher_is_a_warning_not_an_error(tmp_path):
    bib = tmp_path / "b.bib"
    bib.write_text("@book{k,\n  author = {A, B},\n  title = {T},\n  year = {2001},\n}\n", encoding="utf-8")
    _, _, found = check_bib(str(bib), cited={"k"})
    assert [(f.severity, f.code) for f in found if "publisher" in f.message] == [("warning", "bib-recommended")]
    assert not [f for f in found if f.severity == "error"]
