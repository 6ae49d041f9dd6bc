"""A chapter pandoc reads with a warning, or whose markup it gave up on and
printed as text, is one located error that stops the build before
rendering (scripts/read_chapters.lua catches the warnings, the check in
scripts/check/reader.py reports them); a clean chapter gives none."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, pandoc, snakemake
from scripts.check import reader
from scripts.check.document import Doc

READER = ROOT / "scripts" / "read_chapters.lua"


def read(tmp_path: Path, chapters: dict[str, str]) -> tuple[list[Doc], dict]:
    """Read chapters as the build does: one pandoc process running
    scripts/read_chapters.lua; their Docs and reader warnings."""
    paths = []
    for name, text in chapters.items():
        p = tmp_path / "chapters" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    warnings = tmp_path / "checks" / "reader-warnings.json"
    subprocess.run(
        [pandoc(), "lua", str(READER), pandoc(), str(tmp_path / "cache"), str(tmp_path / "ast"), str(warnings)]
        + [str(p) for p in paths],
        check=True,
        capture_output=True,
        timeout=60,
    )
    import json

    docs = [Doc(str(p), json.loads((tmp_path / "ast" / (p.stem + ".json")).read_text(encoding="utf-8"))) for p in paths]
    return docs, reader.load(warnings)


def findings_for(tmp_path, text, name="02-bab.md"):
    docs, warnings = read(tmp_path, {name: text})
    return reader.reader_findings(docs, warnings)


# (chapter text, line:col of the one error, words of its message)
CASES = {
    "unclosed div": (
        "# Bab\n\nKalimat.\n\n::: todo\nUraikan.\n\n## Sub\n\nLagi.\n",
        "5:1",
        "opened by this ':::' fence is never closed",
    ),
    "unclosed nested div": (
        "# Bab\n\n::: {.kutipan}\nA.\n\n::: todo\nB.\n:::\n\n## Sub\n",
        "3:1",
        "never closed",
    ),
    "duplicate identifier": ("# Bab {#bab}\n\nA.\n\n## Sub {#bab}\n\nB.\n", "5:8", "identifier '#bab' is given twice"),
    "duplicate note": ("# Bab\n\nA[^1] b.\n\n[^1]: Satu.\n[^1]: Dua.\n", "6:1", "note [^1] is defined twice"),
    "note never used": ("# Bab\n\nA.\n\n[^x]: Catatan.\n", "5:1", "note [^x] is defined but its mark"),
    "duplicate link definition": (
        "# Bab\n\nLihat [situs].\n\n[situs]: https://a.example\n[situs]: https://b.example\n",
        "6:1",
        "link definition [situs] is given twice",
    ),
    "stray closing fence": ("# Bab\n\nA.\n\n:::\n\nB.\n", "5:1", "opens or closes no block"),
    "fence without blank line": ("# Bab\n\nKalimat.\n::: todo\nLagi.\n:::\n", "4:1", "opens or closes no block"),
    "unclosed div in a list item": (
        "# Bab\n\nKalimat.\n\n- Butir satu.\n\n  ::: todo\n  Uraikan.\n\n- Butir dua.\n",
        "7:3",
        "never closed",
    ),
    "unclosed code fence": ("# Bab\n\nA.\n\n```\nkode\n\nB.\n", "5:1", "code fence '```' is never closed"),
    "unclosed span attributes": ("# Bab\n\nA [teks]{.todo dan b.\n", "3:9", "attributes '{.todo' were not read"),
    "fence attributes not closed": ("# Bab\n\n::: {.todo\nA.\n:::\n", "3:1", "fence's attributes '{.todo'"),
    "footnote mark without note": ("# Bab\n\nA[^9] b.\n", "3:2", "footnote '[^9]' has no note"),
    "reference link without definition": (
        "# Bab\n\nLihat [situs][web] ini.\n",
        "3:7",
        "reference link '[situs][web]' points at no link definition",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_mistake_is_one_located_error(tmp_path, name):
    text, where, words = CASES[name]
    found = findings_for(tmp_path, text)
    assert [f"{f.line}:{f.col}" for f in found] == [where], [str(f) for f in found]
    f = found[0]
    assert f.severity == "error" and words in f.message and f.fix and f.path.endswith("chapters/02-bab.md")
    assert re.match(r"^.+\.md:\d+:\d+: error: .+ — .+$", str(f))


def test_clean_chapters_give_none(tmp_path):
    """Right both ways: this thesis's own chapters (divs, spans, notes,
    figures, data tables, cross-references) and ordinary prose with brackets
    and braces give no finding."""
    chapters = {p.name: p.read_text(encoding="utf-8") for p in sorted((ROOT / "chapters").glob("*.md"))}
    chapters["09-prosa.md"] = (
        "# Prosa {#sec:prosa}\n\nKutipan [sic] dan [catatan penulis], kurung {a, b} dan"
        " `kode {.x}` serta [tautan](https://a.example) dan [ref][].\n\n[ref]: https://b.example\n\n"
        'Catatan[^1] dan [teks]{.todo title="x"}.\n\n[^1]: Isi.\n\n```\n:::\n[^2] {#a\n```\n'
    )
    docs, warnings = read(tmp_path, chapters)
    assert warnings == {}
    assert reader.reader_findings(docs, warnings) == []


def test_crossref_label_twice_is_left_to_the_label_rule(tmp_path):
    """pandoc warns about a duplicate {#sec:…} too; the check's label rule
    already reports it (across chapters): one finding, not two."""
    from scripts.check.document import labels

    docs, warnings = read(tmp_path, {"02-bab.md": "# Bab {#sec:a}\n\nA.\n\n## Sub {#sec:a}\n"})
    assert warnings and reader.reader_findings(docs, warnings) == []
    assert len(labels(docs)[1]) == 1


def test_warnings_survive_the_ast_cache(tmp_path):
    """A cached chapter has no warnings to tell: a chapter read with
    warnings is not cached, so reading it again reports them again."""
    text = CASES["unclosed div"][0]
    assert len(findings_for(tmp_path, text)) == 1
    assert len(findings_for(tmp_path, text)) == 1
    clean = "# Bab\n\nA.\n"
    assert findings_for(tmp_path, clean) == []
    assert findings_for(tmp_path, clean) == []  # from the cache


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


# The case and three other pandoc reader warnings, end to end.
BUILD_CASES = {
    "unclosed div": ("Kesimpulan uji [@jatmika2001, 54].", "::: todo\nKesimpulan uji [@jatmika2001, 54].", "3:1"),
    "duplicate identifier": ("# Penutup {#sec:penutup}", "# Penutup {#penutup}\n\n## Lagi {#penutup}", "3:9"),
    "duplicate note": (
        "Kesimpulan uji [@jatmika2001, 54].",
        "Kesimpulan uji[^a] [@jatmika2001, 54].\n\n[^a]: Satu.\n[^a]: Dua.",
        "6:1",
    ),
    "note never used": ("Kesimpulan uji [@jatmika2001, 54].", "Kesimpulan uji [@jatmika2001, 54].\n\n[^b]: X.", "5:1"),
}


@pytest.mark.parametrize("name", sorted(BUILD_CASES))
def test_reader_warning_stops_the_build_and_keeps_the_pdf(built_tiny, tmp_path, name):
    project = tmp_path / "thesis"
    shutil.copytree(built_tiny, project, symlinks=True)
    before = sha(project / "build/thesis.pdf")
    rendered = (project / "build/render/thesis.pdf").stat().st_mtime_ns
    old, new, where = BUILD_CASES[name]
    chapter = project / "chapters/02-penutup.md"
    text = chapter.read_text(encoding="utf-8")
    assert old in text
    chapter.write_text(text.replace(old, new, 1), encoding="utf-8")
    proc = snakemake(project)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    errors = re.findall(r"^\S+:\d+:\d+: error: .*$", out, re.M)
    assert len(set(errors)) == 1, out[-3000:]
    assert errors[0].startswith(f"chapters/02-penutup.md:{where}: error: "), errors
    assert "[WARNING]" not in out and "Traceback" not in out
    # stopped before rendering: the last render is still there, untouched
    assert (project / "build/render/thesis.pdf").stat().st_mtime_ns == rendered
    assert sha(project / "build/thesis.pdf") == before
