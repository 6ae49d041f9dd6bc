"""Draw every figure of the thesis in one process (matplotlib's import is
the slow part) and write ``figures.json``: alt text, status and source of
each figure for the figures filter, and the tables and numbers computed from
the evidence for the data-in-text filter.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from scripts.common import main_guard, write_atomic


def build(diagrams="data/diagrams", evidence_dir="data", out_dir="build/figures") -> dict:
    from scripts import diagrams as dg

    meta = dg.render_all(diagrams, out_dir)
    try:
        from scripts import evidence
    except ImportError:  # evidence charts are optional while data/ has none
        evidence = None
    data = {"values": {}, "tables": {}}
    if evidence is not None and Path(evidence_dir, "evidence.csv").exists():
        meta.update(evidence.render_charts(evidence_dir, out_dir))
        data = evidence.data_for_text(evidence_dir)
    return {"figures": dict(sorted(meta.items())), "data": data}


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--diagrams", default="data/diagrams")
    ap.add_argument("--data", default="data")
    ap.add_argument("--out-dir", default="build/figures")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    meta = build(args.diagrams, args.data, args.out_dir)
    write_atomic(args.output, json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run())
