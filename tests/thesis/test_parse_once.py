"""Each input file is read by one step per build: shown by running the real
thesis's build with THESIS_AUDIT_READS, which makes every Python step log the
project files it opens for reading (scripts/common.py, an audit hook on
"open"). Snakemake's own reads (it hashes inputs to decide what to rerun) and
the files handed on between steps (build/...) are not counted; pandoc and
Typst are not audited, their inputs are on their command lines in rules/.

data/ (the codebook, evidence and timeline tables, the diagram specs and
their legend) is read by the data rule alone, into build/data.json, which
figure_data, figures and the check read.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from conftest import make_project, snakemake


@pytest.fixture(scope="module")
def readers(tmp_path_factory):
    """path -> the Python step processes (pid, program) that read it."""
    project = make_project(tmp_path_factory.mktemp("audit"), fixture=None)
    log = project / "reads.tsv"
    proc = snakemake(project, extra_env={"THESIS_AUDIT_READS": str(log)})
    assert proc.returncode == 0, proc.stderr
    out = defaultdict(set)
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, prog, path = line.split("\t")
        if prog != "snakemake":
            out[path].add((pid, prog))
    return out, project


def inputs(readers, prefix, suffix=""):
    found, _ = readers
    return {p: r for p, r in found.items() if p.startswith(prefix) and p.endswith(suffix)}


def test_the_audit_sees_the_steps(readers):
    found, _ = readers
    progs = {prog for r in found.values() for _pid, prog in r}
    assert {"check", "render", "figures", "verify"} <= progs


def test_each_chapter_is_read_by_one_step(readers):
    # pandoc parses it (chapters rule); the check reads the text only to put
    # a line on each finding.
    chapters = inputs(readers, "chapters/", ".md")
    assert chapters and all(len(r) == 1 for r in chapters.values()), chapters


def test_figure_metadata_is_computed_once(readers):
    # the check reads figures.json instead of validating the specs again
    specs = inputs(readers, "data/diagrams/", ".yaml")
    assert specs and not [r for r in specs.values() if any(prog == "check" for _pid, prog in r)]


def test_the_bibliography_is_read_once(readers):
    """The bibliography rule reads it and hands on build/bib.json (pandoc's
    own read in cite is not audited)."""
    bib = inputs(readers, "references.bib")
    assert bib and all(len(r) == 1 for r in bib.values()), bib


def test_the_data_is_read_once(readers):
    data = inputs(readers, "data/")
    assert data and all(len(r) == 1 for r in data.values()), data
    assert {prog for r in data.values() for _pid, prog in r} == {"data"}


def test_the_config_is_read_once(readers):
    # the front_pages step hands it on as build/config.json
    (readers_of_config,) = inputs(readers, "config.yaml").values()
    assert [prog for _pid, prog in readers_of_config] == ["frontmatter"]


def test_the_printed_thesis_has_the_authors_24_citations(readers):
    """The real thesis, built: BAB I's 24 citations are the only ones
    (issue 15: the four notes the author did not write are gone) — 21
    footnotes and the three on figure captions written out in the figures'
    "Sumber:" lines (issue 25: a note in a float prints out of order)."""
    import docx

    from scripts.check.verify import docx_footnotes, docx_parts

    _, project = readers
    _body, notes = docx_parts(project / "build" / "thesis.docx")
    assert docx_footnotes(notes) == 21
    d = docx.Document(str(project / "build" / "thesis.docx"))
    cited = [p.text for p in d.paragraphs if p.style.name == "Figure Source" and "Jatmika" in p.text]
    assert len(cited) == 3, cited
