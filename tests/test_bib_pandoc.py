"""The gate beside pandoc: on every fixture (ours, and the shared corpus of
real exports when it is there), the bibliography check and pandoc's own
biblatex reader must agree. Check passes and pandoc fails or hangs: the gate
let through a file that breaks ``cite``. Check errors and pandoc reads the
file without a word: a false error — unless biber rejects the file, listed
in BIBER_REJECTS with the reason.

"Check" here is the bibliography file on its own, nothing cited: entry-level
errors (required fields, a bad month) count only for cited entries and are
tested in test_bib_check.py.
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest

from scripts.check.bib import check_bib
from scripts.common import pandoc_path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures" / "bib"
CORPORA = HERE.parents[1] / "shared" / "corpora" / "bib"
PANDOC_TIMEOUT_S = 3  # pandoc reads the largest fixture in 0.2 s; past 3 s it hangs

# File -> why biber rejects (or warns on) it although pandoc reads it
# silently. Empty today: with nothing cited, the check errors only where
# pandoc fails; the errors it adds for cited entries are held to
# PRINT_CHANGING below.
BIBER_REJECTS: dict[str, str] = {}


def fixture_files():
    files = sorted(FIXTURES.rglob("*.bib"))
    if CORPORA.exists():
        files += sorted(CORPORA.glob("*.bib"))
    return files


def pandoc_verdict(path: Path):
    """'fails' (error or hang), 'warns' or 'ok', and the seconds it took."""
    t = time.perf_counter()
    try:
        proc = subprocess.run(
            [pandoc_path(), "-f", "biblatex", "-t", "csljson", str(path)],
            capture_output=True,
            timeout=PANDOC_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired:
        return "fails", time.perf_counter() - t, "hangs"
    dt = time.perf_counter() - t
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        return "fails", dt, err
    return ("warns" if "WARNING" in err else "ok"), dt, err


def check_verdict(path: Path):
    t = time.perf_counter()
    _, _, found = check_bib(str(path), cited=set())
    dt = time.perf_counter() - t
    errors = [f for f in found if f.severity == "error"]
    return ("errors" if errors else "passes"), dt, errors


@pytest.fixture(scope="module")
def pandoc_verdicts():
    """pandoc on every fixture at once: the hangs wait out their timeouts together."""
    from concurrent.futures import ThreadPoolExecutor

    files = fixture_files()
    with ThreadPoolExecutor(8) as pool:
        return dict(zip(files, pool.map(pandoc_verdict, files), strict=True))


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_check_and_pandoc_agree(path, pandoc_verdicts):
    check, _, errors = check_verdict(path)
    pandoc, _, perr = pandoc_verdicts[path]
    if pandoc == "fails":
        assert check == "errors", f"pandoc fails ({perr.strip()[:300]}) but the check passes"
        line = next((int(x) for x in re.findall(r"\(line (\d+),", perr)), None)
        # (a file that is not UTF-8 is an error at its first bad byte; pandoc,
        # reading it as Latin-1, stops wherever that first breaks its grammar)
        if line is not None and line <= len(path.read_bytes().splitlines()) and "not UTF-8 encoded" not in perr:
            # an error at the line pandoc names (end-of-file errors are
            # located at the construct left open instead)
            # (a cause found earlier, e.g. the '{' never closed, is named with pandoc's line)
            assert any(f.line == line or f"line {line}," in f.fix for f in errors), (line, [str(f) for f in errors])
    elif check == "errors" and pandoc == "ok":
        assert path.name in BIBER_REJECTS, f"false error, pandoc reads it: {[str(f) for f in errors]}"


# With every entry cited (as pandoc -t csljson prints them all), the check may
# error beyond pandoc only where what is printed would differ from what the
# author wrote (biber warns on each of these, pandoc prints silently):
PRINT_CHANGING = {
    "bib-required": "a required field is missing: the reference prints incomplete (biber --validate-datamodel)",
    "bib-date": "biber: 'Invalid format of field date'; pandoc drops or garbles the date",
    "bib-year": "a year that is not a number prints as text and sorts wrong",
    "bib-month": "pandoc drops a month it cannot parse; biber warns",
    "bib-macro": "btparse: 'undefined macro'; pandoc prints the macro's name",
    "bib-duplicate-key": "biber: 'Duplicate entry key'; pandoc silently keeps one",
    "bib-stray": "an entry closed early: pandoc silently drops the fields after it",
    "bib-crossref-missing": "biber warns; the fields to inherit are not printed",
    "bib-names": "btparse: 'too many commas in name'; the name prints wrong",
}


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.name)
def test_with_every_entry_cited_errors_beyond_pandoc_change_what_is_printed(path, pandoc_verdicts):
    if pandoc_verdicts[path][0] != "ok":
        return
    _, _, found = check_bib(str(path))
    unexplained = [str(f) for f in found if f.severity == "error" and f.code not in PRINT_CHANGING]
    assert not unexplained


def mutants(n=120, seed=14):
    """Fixtures with 1-3 random edits each (braces, commas, '@', '%', quotes,
    line ends deleted or inserted): the slips authors make by hand."""
    import random

    rng = random.Random(seed)
    sources = [p for p in sorted(FIXTURES.rglob("*.bib")) if b"\x00" not in p.read_bytes()]
    tokens = ["{", "}", ",", "@", "%", '"', "=", "#", "\n", "\\", "(", ")", " ", "_", "@book{", "@comment{", "\r\n"]
    out = []
    for _ in range(n):
        b = bytearray(rng.choice(sources).read_bytes())
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(b) + 1)
            if rng.random() < 0.4 and len(b) > 1:
                del b[i : i + rng.randint(1, 3)]
            else:
                b[i:i] = rng.choice(tokens).encode()
        out.append(bytes(b))
    return out


def test_mutated_files_agree_with_pandoc(tmp_path):
    """A seeded fuzz: 120 broken variants of the fixtures, each read by the
    check and by pandoc; any disagreement is listed."""
    from concurrent.futures import ThreadPoolExecutor

    files = []
    for i, data in enumerate(mutants()):
        f = tmp_path / f"m{i}.bib"
        f.write_bytes(data)
        files.append(f)
    with ThreadPoolExecutor(8) as pool:
        verdicts = list(pool.map(pandoc_verdict, files))
    wrong = []
    for f, (pandoc, _, perr) in zip(files, verdicts, strict=True):
        check = check_verdict(f)[0]
        if (pandoc == "fails" and check == "passes") or (pandoc == "ok" and check == "errors"):
            wrong.append((f.name, pandoc, check, perr.strip()[:120]))
    assert not wrong


def test_allowlist_names_only_files_that_exist():
    names = {p.name for p in fixture_files()}
    assert set(BIBER_REJECTS) <= names
