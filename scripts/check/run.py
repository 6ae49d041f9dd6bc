"""Run every pre-render check and report: one line per finding,
``path:line:col: error|warning: message — fix``, sorted by file and line,
then a summary and the open draft markers; ``build/checks/report.json`` for CI.
Exit status 1 on any error (or any warning with --strict).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from scripts.common import Finding, ThesisError, load_yaml, main_guard, watchdog, write_atomic


def read_bibliography(bib, bib_json=None):
    """(entries, parents, findings) from build/bib.json when the build made
    it, else read from the .bib itself (the check run by hand)."""
    from scripts import bibliography

    if bib_json:
        return bibliography.load(bib_json)
    return bibliography.read(Path(bib).read_bytes(), str(bib))


def collect(
    config_path="config.yaml",
    chapters_dir="chapters",
    bib=None,
    diagrams="data/diagrams",
    data_dir="data",
    ast_dir="build/ast",
    bib_json=None,
):
    from scripts import markers as mk
    from scripts.chapters import discover
    from scripts.check.bib import as_findings, entry_findings
    from scripts.check.document import check_chapters
    from scripts.config import load_config

    findings: list[Finding] = []
    try:
        config = load_config(config_path)
    except ThesisError as exc:
        return exc.findings, [], {}, {}
    bib = bib or config["citations"]["bibliography"]
    chapters, strays = discover(chapters_dir)
    for s in strays:
        findings.append(
            Finding(
                str(s),
                1,
                1,
                "warning",
                f"{s.name!r} is not built: its name does not follow the scheme",
                "name it NN-title.md (chapter), fN-title.md (front matter) or aN-title.md (appendix)",
                "chapter-name",
            )
        )
    entries, parents, bib_found = read_bibliography(bib, bib_json)
    bib_found += entry_findings(bib, entries, parents)

    # Figures some rule produces: one per diagram spec (validated here too).
    produced, figure_meta, figure_sources = set(), {}, set()
    from scripts import diagrams as dg

    for path in dg.spec_files(diagrams):
        spec = load_yaml(path)
        problems = dg.validate_spec(spec, path)
        findings += problems
        if isinstance(spec, dict) and spec.get("id"):
            produced.add(path.stem)
            figure_meta[path.stem] = {
                "alt": spec.get("alt", ""),
                "source": (spec.get("source") or {}).get("key") if isinstance(spec.get("source"), dict) else None,
            }

            src = spec.get("source") or {}
            if isinstance(src, dict) and src.get("key"):
                figure_sources.add(src["key"])
            if isinstance(src, dict) and src.get("key") and src["key"] not in entries:
                from scripts.common import node_line

                line, col = node_line(path, ["source", "key"])
                findings.append(
                    Finding(
                        str(path),
                        line,
                        col,
                        "error",
                        f"source key {src['key']!r} is not in {bib}",
                        "fix the key or add the entry",
                        "figure-source",
                    )
                )
    try:
        from scripts import evidence
    except ImportError:
        evidence = None
    data_cited: set[str] = set()
    data_names = {"tables": set(), "values": set()}
    if evidence is not None:
        ev_findings, ev_charts, data_cited = evidence.check(data_dir, entries)
        findings += ev_findings
        produced |= set(ev_charts)
        figure_meta.update(ev_charts)
        if not any(f.severity == "error" for f in ev_findings) and (Path(data_dir) / "evidence.csv").exists():
            d = evidence.data_for_text(data_dir)
            data_names = {"tables": set(d["tables"]), "values": set(d["values"])}

    docs = []
    for c in chapters:
        ast_path = Path(ast_dir) / f"{c.name}.json"
        docs.append((str(c.path), json.loads(ast_path.read_text(encoding="utf-8"))))
    # PDF/UA-1 needs alt text on every image: then its absence is an error.
    require_alt = "ua-1" in config.get("output", {}).get("pdf_standards", [])
    doc_findings, cited = check_chapters(docs, entries, parents, produced, figure_meta, bib, data_names, require_alt)

    findings += doc_findings

    used = set(cited) | data_cited | figure_sources
    todo = list(used)
    while todo:  # crossref/xdata parents of what is cited are used too (a cycle must not loop)
        for p in parents.get(todo.pop(), []):
            if p not in used:
                used.add(p)
                todo.append(p)
    # Entry-level bibliography errors count for what is printed: the cited entries.
    findings += as_findings(bib_found, used)

    for key, e in entries.items():
        if key not in used and e.type != "xdata":
            findings.append(
                Finding(
                    bib, e.line, e.col, "warning", f"entry {key!r} is never cited", "cite it or delete it", "bib-unused"
                )
            )

    markers = []
    for src, ast in docs:
        markers += mk.markers_in_ast(ast, src)
        markers += source_markers(src, ast, figure_meta)

    markers += mk.markers_in_config(config, config_path)
    for key, e in entries.items():
        if "incomplete" in (e.get("keywords") or "").lower():
            markers.append(mk.Marker(bib, e.line, "bib", f"{key}: entri belum lengkap"))
    return findings, markers, entries, cited


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
    ap.add_argument("--bib-json", default=None, help="what the bibliography rule read (build/bib.json)")
    ap.add_argument("--ast-dir", default="build/ast")
    ap.add_argument("--chapters", default="chapters")
    ap.add_argument("--diagrams", default="data/diagrams")
    ap.add_argument("--data", default="data")
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("-o", "--output", default="build/checks/report.json")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with watchdog("the check", args.config):
        findings, markers, _, _ = collect(
            args.config, args.chapters, args.bib, args.diagrams, args.data, args.ast_dir, args.bib_json
        )
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


def source_markers(path, ast, figure_meta):
    """A figure whose spec names no source and whose caption cites nothing
    is printed with "Sumber: belum disebutkan": count it as unfinished."""
    from scripts.check.document import Locator, walk_blocks
    from scripts.markers import Marker

    loc, found = Locator(path), []

    def visit(el, _):
        if el.get("t") != "Figure":
            return
        cites, images = [], []
        walk_blocks(el["c"][1], lambda x, _p: x.get("t") == "Cite" and cites.append(x))
        walk_blocks(el["c"][2], lambda x, _p: x.get("t") == "Image" and images.append(x["c"][2][0]))
        for name in images:
            meta = figure_meta.get(name)
            if meta is not None and not meta.get("source") and not meta.get("source_text") and not cites:
                line, _ = loc.find(r"\]\(" + name + r"\)", "srcmark:" + name)
                found.append(Marker(path, line, "figure", f"{name}: sumber gambar belum disebutkan"))

    walk_blocks(ast.get("blocks", []), visit)
    return found
