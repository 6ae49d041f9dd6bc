"""Read the data once: the codebook, the evidence and timeline tables and the
diagram specs are loaded and validated here, in the `data` rule, into
build/data.json. figure_data, figures and the check read that file; none of
them parses data/ again.

An error stops the rule with located messages (nothing can be computed or
drawn from invalid data); warnings travel in the file for the check to
report. Source keys are checked by the check, which has the bibliography.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scripts.common import ThesisError, main_guard, rel, write_atomic


def pick(files, name):
    """The handed file called ``name``, or None."""
    return next((Path(f) for f in files if Path(f).name == name), None)


def read(files, specs, legend) -> dict:
    """The data document: ``files`` are data/*.csv and data/*.yaml as the
    workflow hands them, ``specs`` the diagram specs, ``legend`` their
    shared vocabulary."""
    from scripts import diagram_specs, evidence
    from scripts.common import load_yaml

    vocab = load_yaml(legend)
    findings, doc = [], {"codebook": None, "evidence": None, "timeline": None, "legend": vocab, "warnings": []}
    ev_path = pick(files, "evidence.csv")
    if ev_path is not None:
        tl_path = pick(files, "timeline.csv")
        cb_path = pick(files, "codebook.yaml") or ev_path.parent / "codebook.yaml"  # missing: a located error
        codebook, rows, timeline, found = evidence.load_files(cb_path, ev_path, tl_path)
        findings += found
        doc.update(
            codebook=codebook,
            evidence={"path": rel(ev_path), "rows": rows},
            timeline={"path": rel(tl_path), "rows": timeline} if tl_path else None,
        )
    try:
        loaded = diagram_specs.load_specs([Path(p) for p in specs], vocab)
    except ThesisError as exc:
        findings += exc.findings
        loaded = []
    doc["diagrams"] = [{"path": rel(path), "spec": spec} for path, spec in loaded]
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise ThesisError(errors)
    doc["warnings"] = [f.as_dict() for f in findings]
    return doc


def load(path) -> dict:
    """build/data.json as the data rule wrote it."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def rows(doc, table: str) -> list[dict]:
    """The rows of ``evidence`` or ``timeline`` (none when absent)."""
    return (doc.get(table) or {}).get("rows", [])


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", nargs="*", default=[], help="data/*.csv and data/*.yaml")
    ap.add_argument("--specs", nargs="*", default=[], help="the diagram specs")
    ap.add_argument("--legend", required=True, help="the diagrams' legend (_legend.yaml)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    doc = read(args.data, args.specs, args.legend)
    write_atomic(args.output, json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run())
