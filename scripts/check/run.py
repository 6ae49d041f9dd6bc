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

from scripts.common import Finding, ThesisError, finding, load_yaml, main_guard, write_atomic


@dataclass
class Inputs:
    """What one run of the check reads, each file once."""

    config: dict
    config_path: str
    bib: str
    chapters: list  # scripts.check.document.Doc, in thesis order
    entries: dict = field(default_factory=dict)
    parents: dict = field(default_factory=dict)
    figure_meta: dict = field(default_factory=dict)
    figure_sources: set = field(default_factory=set)
    data_names: dict = field(default_factory=lambda: {"tables": set(), "values": set()})
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


def diagram_specs(inp: Inputs, diagrams) -> list[Finding]:
    """Each diagram spec is valid and its source key is an entry."""
    from scripts import diagrams as dg
    from scripts.common import node_line

    findings = []
    for path in dg.spec_files(diagrams):
        spec = load_yaml(path)
        findings += dg.validate_spec(spec, path)
        if not (isinstance(spec, dict) and spec.get("id")):
            continue
        src = spec.get("source") if isinstance(spec.get("source"), dict) else {}
        inp.figure_meta[path.stem] = {"alt": spec.get("alt", ""), "source": src.get("key")}
        if src.get("key"):
            inp.figure_sources.add(src["key"])
            if src["key"] not in inp.entries:
                where = (str(path), *node_line(path, ["source", "key"]))
                findings.append(
                    finding(
                        where,
                        f"source key {src['key']!r} is not in {inp.bib}",
                        "fix the key or add the entry",
                        "figure-source",
                    )
                )
    return findings


def evidence_data(inp: Inputs, data_dir) -> list[Finding]:
    """The evidence and timeline rows are valid; their charts, quoted
    numbers and cited keys are known to the other rules."""
    from scripts import evidence

    findings, charts, inp.data_cited = evidence.check(data_dir, inp.entries)
    inp.figure_meta.update(charts)
    if not any(f.severity == "error" for f in findings) and (Path(data_dir) / "evidence.csv").exists():
        d = evidence.data_for_text(data_dir)
        inp.data_names = {"tables": set(d["tables"]), "values": set(d["values"])}
    return findings


def unused_entries(inp: Inputs, cited) -> list[Finding]:
    """Every entry is cited (by the text, the data or a figure), or is the
    crossref parent of one that is."""
    used = set(cited) | inp.data_cited | inp.figure_sources
    for k in list(used):
        seen = {k}
        while k in inp.parents and inp.parents[k] not in seen:  # a crossref cycle must not loop forever
            k = inp.parents[k]
            seen.add(k)
            used.add(k)
    return [
        finding(
            (inp.bib, e.line, e.col), f"entry {key!r} is never cited", "cite it or delete it", "bib-unused", "warning"
        )
        for key, e in inp.entries.items()
        if key not in used
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


def draft_markers(inp: Inputs) -> list:
    """Everything still unfinished: todo blocks and spans, figures without
    a source, null config values, entries marked incomplete."""
    from scripts import markers as mk

    found = []
    for doc in inp.chapters:
        found += mk.markers_in_ast(doc.ast, doc.source, doc.where)
        found += source_markers(doc, inp.figure_meta)
    found += mk.markers_in_config(inp.config, inp.config_path)
    for key, e in inp.entries.items():
        if "incomplete" in (e.get("keywords") or "").lower():
            found.append(mk.Marker(inp.bib, e.line, "bib", f"{key}: entri belum lengkap"))
    return found


def read_chapters(chapters, ast_dir) -> list:
    from scripts.check.document import Doc

    return [
        Doc(str(c.path), json.loads((Path(ast_dir) / f"{c.name}.json").read_text(encoding="utf-8"))) for c in chapters
    ]


def collect(
    config_path="config.yaml",
    chapters_dir="chapters",
    bib=None,
    diagrams="data/diagrams",
    data_dir="data",
    ast_dir="build/ast",
):
    """Run every rule; returns (findings, draft markers, entries, cited keys)."""
    from scripts.chapters import discover
    from scripts.check.bib import check_bib
    from scripts.check.document import check_chapters
    from scripts.config import load_config

    try:
        config = load_config(config_path)
    except ThesisError as exc:
        return exc.findings, [], {}, {}
    bib = bib or config["citations"]["bibliography"]
    chapters, strays = discover(chapters_dir)
    inp = Inputs(config, config_path, bib, read_chapters(chapters, ast_dir))
    inp.entries, inp.parents, findings = check_bib(bib)
    findings += stray_chapters(strays) + diagram_specs(inp, diagrams) + evidence_data(inp, data_dir)
    # PDF/UA-1 needs alt text on every image: then its absence is an error.
    require_alt = "ua-1" in config.get("output", {}).get("pdf_standards", [])
    produced = set(inp.figure_meta)
    doc_findings, cited = check_chapters(
        inp.chapters, inp.entries, inp.parents, produced, inp.figure_meta, bib, inp.data_names, require_alt
    )
    findings += doc_findings + unused_entries(inp, cited)
    return findings, draft_markers(inp), inp.entries, cited


def report(findings, markers, strict=False, elapsed=0.0, out=sys.stdout):
    order = {"error": 0, "warning": 1}
    findings = sorted(findings, key=lambda f: (f.path, f.line, f.col, order.get(f.severity, 2), f.message))
    for f in findings:
        print(str(f), file=out)
    errors = sum(f.severity == "error" for f in findings)
    warnings = sum(f.severity == "warning" for f in findings)
    if markers:
        print(f"draft markers: {len(markers)} open", file=out)
        for m in sorted(markers, key=lambda m: (m.path, m.line)):
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
    ap.add_argument("--ast-dir", default="build/ast")
    ap.add_argument("--chapters", default="chapters")
    ap.add_argument("--diagrams", default="data/diagrams")
    ap.add_argument("--data", default="data")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("-o", "--output", default="build/checks/report.json")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    findings, markers, _, _ = collect(args.config, args.chapters, args.bib, args.diagrams, args.data, args.ast_dir)
    elapsed = time.perf_counter() - t0
    # Findings go to stderr (Snakemake shows it); the summary too.
    failed, findings = report(findings, markers, args.strict, elapsed, out=sys.stderr)
    doc = {
        "passed": not failed,
        "strict": args.strict,
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "findings": [f.as_dict() for f in findings],
        "draft_markers": [{"path": m.path, "line": m.line, "kind": m.kind, "text": m.text} for m in markers],
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
