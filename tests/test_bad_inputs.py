"""Each kind of author mistake stops the build with one located message,
no traceback, and the last good build/thesis.pdf untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import snakemake


def sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def replace(path: Path, old, new):
    data = path.read_bytes()
    old = old.encode() if isinstance(old, str) else old
    new = new.encode() if isinstance(new, str) else new
    assert old in data, old
    path.write_bytes(data.replace(old, new, 1))


CASES = {
    "unknown citation key": (
        "chapters/01-pendahuluan.md",
        "[@masoed1994, 232]. Kalimat kedua",
        "[@masoed1995, 232]. Kalimat kedua",
        r"chapters/01-pendahuluan\.md:5:\d+: error: citation key 'masoed1995'",
    ),
    "hand-typed Ibid": (
        "chapters/02-penutup.md",
        "Kesimpulan uji",
        "Ibid. Kesimpulan uji",
        r"chapters/02-penutup\.md:3:\d+: error: hand-typed 'Ibid\.'",
    ),
    "missing comma in bib": (
        "references.bib",
        "title     = {Otonomi Daerah Perspektif Hubungan Internasional},",
        "title     = {Otonomi Daerah Perspektif Hubungan Internasional}",
        r"references\.bib:4:\d+: error: missing comma",
    ),
    "circular crossref": (
        "references.bib",
        "@book{jatmika2001,",
        "@book{c1,\n  title = {A},\n  crossref = {c2},\n}\n@book{c2,\n  title = {B},\n  crossref = {c1},\n}\n\n"
        "@book{jatmika2001,",
        r"references\.bib:3:3: error: circular crossref: c1 -> c2 -> c1",
    ),
    "entry type pandoc cannot read (Mendeley's @book_section)": (
        "references.bib",
        "@book{jatmika2001,",
        "@book_section{jatmika2001,",
        r"references\.bib:\d+:6: error: @book_section: pandoc reads entry types of letters only.*@incollection",
    ),
    "unresolved cross-reference": (
        "chapters/02-penutup.md",
        "Kesimpulan uji",
        "Lihat @fig:polaa. Kesimpulan uji",
        r"chapters/02-penutup\.md:3:\d+: error: cross-reference @fig:polaa.*did you mean @fig:pola",
    ),
    "config unknown key": (
        "config.yaml",
        "  line_spacing: 1.5",
        "  line_spacing: 1.5\n  linespacing: 2",
        r"config\.yaml:\d+:\d+: error: unknown key 'linespacing'",
    ),
    "config wrong type": (
        "config.yaml",
        "font_size_pt: 12",
        "font_size_pt: besar",
        r"config\.yaml:\d+:\d+: error: layout\.font_size_pt is 'besar'",
    ),
    "config YAML syntax error": (
        "config.yaml",
        "  line_spacing: 1.5",
        "  line_spacing: [1.5",
        r"config\.yaml:\d+:\d+: error: YAML syntax error: .* — ",
    ),
    "config tab indentation": (
        "config.yaml",
        "  line_spacing: 1.5",
        "\tline_spacing: 1.5",
        r"config\.yaml:\d+:1: error: YAML syntax error: found a tab character .* — indent with spaces",
    ),
    "'??' that the renders would take for an unresolved reference": (
        "chapters/02-penutup.md",
        "Kesimpulan uji",
        "Apa?? Kesimpulan uji",
        r"chapters/02-penutup\.md:3:4: error: '\?\?' in the text reads as an unresolved cross-reference",
    ),
    "relation to unknown actor": (
        "data/diagrams/pola.yaml",
        "{from: G1, to: G2, type: inter-state}",
        "{from: G1, to: G3, type: inter-state}",
        r"data/diagrams/pola\.yaml:\d+:\d+: error: relation to 'G3' is not an actor",
    ),
    "alt text naming a relation not drawn": (
        "data/diagrams/pola.yaml",
        'alt: "Diagram uji: dua pemerintah dan masyarakatnya."\n',
        'alt: "Diagram uji: G2–S1 berhubungan dalam negeri."\n',
        r"data/diagrams/pola\.yaml:6:1: error: alt names the relation G2–S1, which the diagram does not draw",
    ),
    "image that does not exist": (
        "chapters/02-penutup.md",
        "Kesimpulan uji",
        "![Foto](gambar/foto.png){#fig:foto}\n\nKesimpulan uji",
        r"chapters/02-penutup\.md:3:\d+: error: image file 'gambar/foto\.png' does not exist",
    ),
    "chapter not UTF-8": (
        "chapters/02-penutup.md",
        "Kesimpulan",
        b"Kesimp\xfclan",
        r"chapters/02-penutup\.md:3:7: error: byte 0xfc is not UTF-8",
    ),
}


@pytest.fixture(scope="module")
def good(built_tiny, tmp_path_factory):
    return built_tiny


@pytest.mark.parametrize("name", sorted(CASES))
def test_mistake_stops_build_with_located_message_and_keeps_pdf(good, tmp_path, name):
    project = tmp_path / "thesis"
    shutil.copytree(good, project, symlinks=True)
    before = sha(project / "build/thesis.pdf")
    rel_path, old, new, pattern = CASES[name]
    replace(project / rel_path, old, new)
    proc = snakemake(project)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert re.search(pattern, out), out[-3000:]
    assert "Traceback" not in out
    assert sha(project / "build/thesis.pdf") == before


def test_cited_circular_crossref_fails_within_seconds(good, tmp_path):
    import time

    project = tmp_path / "thesis"
    shutil.copytree(good, project, symlinks=True)
    before = sha(project / "build/thesis.pdf")
    replace(
        project / "references.bib",
        "@book{jatmika2001,",
        "@book{c1,\n  title = {A},\n  crossref = {c2},\n}\n@book{c2,\n  title = {B},\n  crossref = {c1},\n}\n\n"
        "@book{jatmika2001,",
    )
    replace(project / "chapters/02-penutup.md", "Kesimpulan uji", "Siklus [@c1]. Kesimpulan uji")
    t = time.perf_counter()
    proc = snakemake(project)
    assert time.perf_counter() - t < 60  # pandoc alone would never return
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "circular crossref: c1 -> c2 -> c1" in out and "Traceback" not in out
    assert sha(project / "build/thesis.pdf") == before


def test_render_that_fails_verification_keeps_the_last_good_pdf(good, tmp_path):
    """The publish step's outputs are the published thesis: Snakemake must
    neither delete them before the step nor leave them deleted when
    verification refuses the new render. (Every input mistake known to fail
    verification is caught by the check first, so a refusing verifier
    stands in for the next unknown one.)"""
    project = tmp_path / "thesis"
    shutil.copytree(good, project, symlinks=True)
    before = {name: sha(project / "build" / name) for name in ("thesis.pdf", "thesis.docx")}
    (project / "scripts/check/verify.py").write_text(
        'import sys\nsys.exit("build/render/thesis.pdf:1:1: error: refused — a stand-in verifier")\n',
        encoding="utf-8",
    )
    proc = snakemake(project, quiet=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "refused — a stand-in verifier" in out, out[-3000:]
    assert "Traceback" not in out
    assert {name: sha(project / "build" / name) for name in before} == before
    assert "Build FAILED at step publish — see logs/publish.log." in out
    assert "(unchanged: the last good build" in out
