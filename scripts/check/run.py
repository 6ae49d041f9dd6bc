"""Run every pre-render check and report: one line per finding,
``path:line:col: error|warning: message — fix``, sorted by file and line,
then a summary and the open draft markers; ``build/checks/report.json`` for CI.
Exit status 1 on any error (or any warning with --strict).
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from scripts.common import Finding, ThesisError, finding, main_guard, watchdog, write_atomic


@dataclass
class Inputs:
    """What one run of the check reads, each file once."""

    config: dict  # build/config.json: "config", "source" (config.yaml) and "unfinished"
    bib: str
    chapters: list  # scripts.check.document.Doc, in thesis order
    figure_meta: dict = field(default_factory=dict)  # build/figures/figures.json's "figures"
    data_names: dict = field(default_factory=lambda: {"tables": set(), "values": set()})
    data_tables: dict = field(default_factory=dict)  # figures.json's "data"."tables"
    entries: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    figure_sources: set = field(default_factory=set)
    data_cited: set = field(default_factory=set)


def stray_chapters(strays) -> list[Finding]:
    """A Markdown file in chapters/ whose name follows no scheme is not built."""
    return [
        finding(
            str(s),
            f"{s.name!r} is not built: its name does not follow the scheme",
            "name it NN-title.md (chapter), fN-title.md (front matter) or aN-title.md (appendix)",
            "chapter-name",
            "warning",
        )
        for s in strays
    ]


def figure_sources(inp: Inputs) -> list[Finding]:
    """A diagram's source key (from figures.json) is an entry."""
    from scripts.common import node_line

    findings = []
    for meta in inp.figure_meta.values():
        key = meta.get("source")
        if not key:
            continue
        inp.figure_sources.add(key)
        if key not in inp.entries:
            spec = meta.get("spec", "")
            where = (spec, *node_line(spec, ["source", "key"])) if spec.endswith(".yaml") else spec
            findings.append(
                finding(
                    where, f"source key {key!r} is not in {inp.bib}", "fix the key or add the entry", "figure-source"
                )
            )
    return findings


def read_data(data_json, data_dir="data") -> dict:
    """build/data.json as the data rule wrote it, or (the check run by hand
    without a build) the same read from the data folder."""
    from scripts import data

    if data_json and Path(data_json).exists():
        return data.load(data_json)
    folder = Path(data_dir)
    files = sorted(str(p) for p in folder.glob("*.csv")) + sorted(str(p) for p in folder.glob("*.yaml"))
    specs = sorted(str(p) for p in (folder / "diagrams").glob("*.yaml") if not p.name.startswith("_"))
    return data.read(files, specs, folder / "diagrams" / "_legend.yaml")


def evidence_data(inp: Inputs, doc: dict) -> list[Finding]:
    """The data rule's warnings; the evidence and timeline rows cite entries
    of the bibliography (the keys they cite count as used); rows marked
    kutipan quote their passage."""
    from scripts import evidence
    from scripts.data import rows

    findings = [Finding(**w) for w in doc.get("warnings", [])]
    tables = {t: rows(doc, t) for t in ("evidence", "timeline")}
    inp.data_cited = {r["source"] for t in tables.values() for r in t if r.get("source")}
    for name, table in tables.items():
        if table:
            located = evidence.Rows(doc[name]["path"], [(evidence.RowStart(r["line"], r.get("at")), r) for r in table])
            findings += evidence.unknown_sources(located, set(inp.entries), inp.bib)
    if tables["evidence"]:
        findings += quoted_evidence(inp, tables["evidence"], doc["evidence"]["path"])
    return findings


def section_text(doc, label: str) -> str | None:
    """The text of the section whose heading has ``label`` (to the next
    heading of the same or a higher level), citations left out; None when
    no heading has it."""
    from scripts.pandoc_ast import text

    blocks, taken, level = doc.ast.get("blocks", []), [], None
    for b in blocks:
        if b["t"] == "Header":
            if level is not None and b["c"][0] <= level:
                break
            if b["c"][1][0] == label:
                level = b["c"][0]
                continue
        if level is not None:
            taken.append(b)
    if level is None:
        return None
    return " ".join(text(taken, cites=False).replace(" .", ".").replace(" ,", ",").split())


def quoted_evidence(inp: Inputs, rows, path) -> list[Finding]:
    """A row marked ``kutipan`` quotes its chapter passage word for word."""
    docs = {str(d.source): d for d in inp.chapters}
    found = []
    for r in rows:
        if r.get("wording") != "kutipan" or "#" not in r.get("passage", ""):
            continue
        chapter, label = r["passage"].split("#", 1)
        doc = docs.get(chapter)
        section = section_text(doc, label) if doc else None
        if section is None:
            msg, fix = (
                f"passage {r['passage']!r} is not a section of the thesis",
                "name a chapter file and a heading label",
            )
        elif " ".join(r["claim"].split()) not in section:
            msg, fix = (
                f"row {r['id']} is marked kutipan but its claim is not in {r['passage']} word for word",
                "quote the passage exactly (typos included), or mark the row parafrase",
            )
        else:
            continue
        found.append(finding((str(path), r["line"], 2), msg, fix, "data-quote"))
    return found


def nocite_keys(inp: Inputs) -> tuple[set, list[Finding]]:
    """Works listed without a note (``citations.nocite``): each must be an
    entry, and each counts as used."""
    from scripts.common import node_line

    keys = inp.config["config"]["citations"].get("nocite") or []
    source = inp.config["source"]
    findings = [
        finding(
            (source, *node_line(source, ["citations", "nocite", i])),
            f"nocite key {key!r} is not in {inp.bib}",
            "fix the key or add the entry",
            "nocite-key",
        )
        for i, key in enumerate(keys)
        if key not in inp.entries
    ]
    return set(keys), findings


def used_keys(inp: Inputs, cited) -> set:
    """Entries cited by the text, the data or a figure, and their crossref
    and xdata parents (a cycle must not loop forever)."""
    used = set(cited) | inp.data_cited | inp.figure_sources
    todo = list(used)
    while todo:
        for p in inp.parents.get(todo.pop(), []):
            if p not in used:
                used.add(p)
                todo.append(p)
    return used


def unused_entries(inp: Inputs, used) -> list[Finding]:
    """Every entry is used; an @xdata entry is only ever inherited from."""
    return [
        finding(
            (inp.bib, e.line, e.col), f"entry {key!r} is never cited", "cite it or delete it", "bib-unused", "warning"
        )
        for key, e in inp.entries.items()
        if key not in used and e.type != "xdata"
    ]


def source_markers(doc, figure_meta) -> list:
    """A figure whose spec names no source and whose caption cites nothing
    is printed with "Sumber: belum disebutkan": count it as unfinished."""
    from scripts.markers import Marker
    from scripts.pandoc_ast import elements

    found = []
    for fig in doc.all("Figure"):
        if any(x["t"] == "Cite" for x in elements(fig["c"][1])):
            continue
        for img in (x for x in elements(fig["c"][2]) if x["t"] == "Image"):
            name = img["c"][2][0]
            meta = figure_meta.get(name)
            if meta is not None and not meta.get("source") and not meta.get("source_text"):
                line = doc.where.image(img).line
                found.append(Marker(doc.source, line, "figure", f"{name}: sumber gambar belum disebutkan"))
    return found


def data_gap_markers(doc, tables) -> list:
    """A data table printed with a gap (a ``{todo: …}`` cell: no evidence
    yet for a hypothesis) is unfinished: one marker per gap, at the table."""
    from scripts.markers import Marker
    from scripts.pandoc_ast import elements

    found = []
    for div in (x for x in elements(doc.ast.get("blocks", [])) if x["t"] == "Div" and "data-table" in x["c"][0][1]):
        name = dict(div["c"][0][2]).get("name", "")
        for row in tables.get(name, {}).get("rows", []):
            for cell in row:
                if isinstance(cell, dict) and "todo" in cell:
                    line = doc.where.element(div, "data-table").line
                    found.append(Marker(doc.source, line, "data", f"{name}: {row[0]}: {cell['todo']}"))
    return found


def composed_table_markers(doc, tables) -> list:
    """A data table the build composes is printed "[DRAF]" while its
    status is draft, and with "Sumber: belum disebutkan" until a source_text
    is given (filters/data-in-text): count each as unfinished, at the table."""
    from scripts.markers import Marker
    from scripts.pandoc_ast import elements

    found = []
    for div in (x for x in elements(doc.ast.get("blocks", [])) if x["t"] == "Div" and "data-table" in x["c"][0][1]):
        name = dict(div["c"][0][2]).get("name", "")
        table = tables.get(name)
        if table is None:
            continue
        line = doc.where.element(div, "data-table").line
        if table.get("status", "draft") == "draft":
            found.append(Marker(doc.source, line, "data", f"{name}: tabel masih draf"))
        if not table.get("source_text"):
            found.append(Marker(doc.source, line, "data", f"{name}: sumber tabel belum disebutkan"))
    return found


def draft_figure_markers(doc, figure_meta) -> list:
    """A figure whose spec says ``status: draft`` (a reconstruction the
    source does not show) is printed "[DRAF]": count it as unfinished."""
    from scripts.markers import Marker
    from scripts.pandoc_ast import elements

    found = []
    for img in (x for x in elements(doc.ast.get("blocks", [])) if x["t"] == "Image"):
        name = img["c"][2][0]
        if (figure_meta.get(name) or {}).get("status") == "draft":
            found.append(Marker(doc.source, doc.where.image(img).line, "figure", f"{name}: gambar masih draf"))
    return found


def draft_markers(inp: Inputs) -> list:
    """Everything still unfinished: todo blocks and spans, figures without
    a source or still drafts, gaps in data tables, composed tables still
    drafts or without a source, null config values,
    entries marked incomplete or in conflict with the source."""
    from scripts import markers as mk

    found = []
    for doc in inp.chapters:
        found += mk.markers_in_ast(doc.ast, doc.source, doc.where)
        found += source_markers(doc, inp.figure_meta)
        found += draft_figure_markers(doc, inp.figure_meta) + data_gap_markers(doc, inp.data_tables)
        found += composed_table_markers(doc, inp.data_tables)
    found += mk.config_markers(inp.config["unfinished"], inp.config["source"])
    for key, e in inp.entries.items():
        keywords = (e.get("keywords") or "").lower()
        if "incomplete" in keywords:
            found.append(mk.Marker(inp.bib, e.line, "bib", f"{key}: entri belum lengkap"))
        if "source-conflict" in keywords:
            # the source gives two readings (name, year); the entry keeps one
            found.append(mk.Marker(inp.bib, e.line, "bib", f"{key}: sumber tidak konsisten, periksa karya aslinya"))
    return found


def read_inputs(config, bib, sources, asts, figures_meta) -> Inputs:
    """Each file the check is handed, read once."""
    from scripts.check.document import Doc

    figures = json.loads(Path(figures_meta).read_text(encoding="utf-8")) if figures_meta else {}
    data = figures.get("data", {})
    return Inputs(
        config,
        bib,
        [Doc(src, json.loads(Path(ast).read_text(encoding="utf-8"))) for src, ast in zip(sources, asts, strict=True)],
        figure_meta=figures.get("figures", {}),
        data_names={"tables": set(data.get("tables", {})), "values": set(data.get("values", {}))},
        data_tables=data.get("tables", {}),
    )


def read_bibliography(bib, bib_json=None):
    """(entries, parents, findings) from build/bib.json when the build made
    it, else read from the .bib itself (the check run by hand)."""
    from scripts import bibliography

    if bib_json:
        return bibliography.load(bib_json)
    return bibliography.read(Path(bib).read_bytes(), str(bib))


def collect(
    config_path, bib, sources, asts, figures_meta, data_json=None, strays=(), bib_json=None, reader_warnings=None
):
    """Run every rule on the files the workflow hands over: the config
    (build/config.json, or config.yaml run by hand), the chapters'
    Markdown (``sources``, for line numbers) and ASTs (``asts``, same order),
    pandoc's reader warnings (build/checks/reader-warnings.json),
    build/figures/figures.json and build/data.json. Returns (findings,
    draft markers, entries, cited keys)."""
    from scripts.check import reader
    from scripts.check.bib import as_findings, entry_findings
    from scripts.check.document import check_chapters
    from scripts.config import read_config

    try:
        handed = read_config(config_path)
    except ThesisError as exc:
        return exc.findings, [], {}, {}
    config = handed["config"]
    bib = bib or config["citations"]["bibliography"]
    inp = read_inputs(handed, bib, sources, asts, figures_meta)
    inp.entries, inp.parents, bib_found = read_bibliography(bib, bib_json)
    bib_found += entry_findings(bib, inp.entries, inp.parents)
    findings = stray_chapters(strays) + reader.reader_findings(inp.chapters, reader.load(reader_warnings))
    findings += figure_sources(inp) + evidence_data(inp, read_data(data_json))
    # PDF/UA-1 needs alt text on every image: then its absence is an error.
    require_alt = "ua-1" in config.get("output", {}).get("pdf_standards", [])
    doc_findings, cited = check_chapters(
        inp.chapters, inp.entries, inp.parents, set(inp.figure_meta), inp.figure_meta, bib, inp.data_names, require_alt
    )
    listed, nocite_found = nocite_keys(inp)
    used = used_keys(inp, set(cited) | listed)
    # Entry-level bibliography errors count for what is printed: the entries used.
    findings += doc_findings + nocite_found + as_findings(bib_found, used) + unused_entries(inp, used)
    return findings, draft_markers(inp), inp.entries, cited, chapter_words(inp)


def chapter_words(inp: Inputs) -> dict[str, int]:
    """Words of each chapter's own text (footnotes and citations not
    counted), for the build's summary."""
    from scripts.pandoc_ast import text

    return {str(doc.source): len(text(doc.ast["blocks"], notes=False, cites=False).split()) for doc in inp.chapters}


def report(findings, markers, strict=False, elapsed=0.0, out=sys.stdout, markers_file=None):
    """Print the findings, then the draft markers: listed here, or, when
    ``markers_file`` is given (the build), written there one per line
    (``path:line: kind: text``, which editors jump to) and only counted here,
    so a build's output is not a page of markers every time."""
    order = {"error": 0, "warning": 1}
    findings = sorted(findings, key=lambda f: (f.path, f.line, f.col, order.get(f.severity, 2), f.message))
    for f in findings:
        print(str(f), file=out)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    listed = [str(m) for m in sorted(markers, key=lambda m: (m.path, m.line))]
    if markers_file:
        write_atomic(Path(markers_file), "".join(f"{m}\n" for m in listed))
        if markers:
            print(f"draft markers: {len(markers)} open, listed in {markers_file}", file=out)
    elif markers:
        print(f"draft markers: {len(markers)} open", file=out)
        for m in listed:
            print(f"  {m}", file=out)
    failed = errors > 0 or (strict and warnings > 0)
    verdict = "FAILED" if failed else "passed"
    print(
        f"check {verdict}: {errors} error(s), {warnings} warning(s), {len(markers)} draft marker(s) in {elapsed:.2f} s",
        file=out,
    )
    return failed, findings


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", default="config.yaml")
    ap.add_argument("--bib", default=None)
    ap.add_argument("--bib-json", default=None, help="what the bibliography rule read (build/bib.json)")
    ap.add_argument("--chapters", nargs="*", default=None, help="the chapters' Markdown, in thesis order")
    ap.add_argument("--asts", nargs="*", default=None, help="their ASTs, in the same order")
    ap.add_argument(
        "--reader-warnings",
        default="build/checks/reader-warnings.json",
        help="pandoc's reader warnings per chapter (the chapters rule writes them)",
    )
    ap.add_argument("--figures-meta", default="build/figures/figures.json")
    ap.add_argument("--data-json", default="build/data.json", help="what the data rule wrote")
    ap.add_argument("--stray", action="append", default=[], help="a file in chapters/ that is not built")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--markers", default=None, help="write the draft markers here instead of listing them")
    ap.add_argument("-o", "--output", default="build/checks/report.json")
    args = ap.parse_args(argv)
    if args.chapters is None:  # run by hand: the chapters the workflow would hand over
        from scripts.chapters import discover

        chapters, strays = discover("chapters")
        args.chapters, args.asts = [str(c.path) for c in chapters], [c.ast for c in chapters]
        args.stray = args.stray or [str(p) for p in strays]
    t0 = time.perf_counter()
    with watchdog("the check", args.config):  # bounded like every tool call
        findings, markers, _, _, words = collect(
            args.config,
            args.bib,
            args.chapters,
            args.asts or [],
            args.figures_meta,
            args.data_json,
            [Path(p) for p in args.stray],
            args.bib_json,
            args.reader_warnings,
        )
    elapsed = time.perf_counter() - t0
    # Findings go to stderr (Snakemake shows it); the summary too.
    failed, findings = report(findings, markers, args.strict, elapsed, out=sys.stderr, markers_file=args.markers)
    doc = {
        "passed": not failed,
        "strict": args.strict,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [f.as_dict() for f in findings],
        "draft_markers": [{"path": m.path, "line": m.line, "kind": m.kind, "text": m.text} for m in markers],
        "words": words,
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    # The report is written even when the check fails (CI reads it), but
    # under a different name so Snakemake does not take it as a success.
    out = Path(args.output)
    write_atomic(out if not failed else out.with_name(out.stem + ".failed.json"), text)
    if failed:
        return 1
    Path(out.with_name(out.stem + ".failed.json")).unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(run())
