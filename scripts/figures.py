"""Figures of the thesis, in two steps that run in parallel in the workflow:

- ``--metadata-only`` writes ``figures.json`` — alt text, status and source of
  each figure for the figures filter, and the tables and numbers computed
  from the evidence for the data-in-text filter. It imports no matplotlib,
  so citing the thesis never waits for drawing.
- without it, every figure is drawn in one process (matplotlib's import is
  the slow part) and ``-o`` gets a manifest of the files drawn, with their
  SHA-256, which the PDF and DOCX renders depend on.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from scripts.common import main_guard, write_atomic


def build(
    diagrams="data/diagrams", evidence_dir="data", out_dir="build/figures", draw=True, legend=None, fonts=None
) -> dict:
    """``diagrams``: the specs' folder or the list of spec files (with their
    ``legend``), as the workflow hands them over; ``fonts``: the thesis's
    fonts in order of preference (config layout.fonts)."""
    from scripts import diagrams as dg

    if draw:
        chosen = dg.use_fonts(fonts)
        wanted = ", ".join(fonts or []) or "none configured"
        print(f"figures: font {chosen} (first installed of: {wanted}; fallback {dg.FALLBACK_FONT})", file=sys.stderr)

    meta = dg.render_all(diagrams, out_dir, legend, draw=draw)
    try:
        from scripts import evidence
    except ImportError:  # evidence charts are optional while data/ has none
        evidence = None
    data = {"values": {}, "tables": {}}
    if evidence is not None and Path(evidence_dir, "evidence.csv").exists():
        meta.update(evidence.render_charts(evidence_dir, out_dir, draw=draw))
        data = evidence.data_for_text(evidence_dir)
    return {"figures": dict(sorted(meta.items())), "data": data}


def manifest(meta: dict, out_dir) -> dict:
    """The drawn files of every figure and their SHA-256."""
    files = {}
    for name in meta["figures"]:
        for ext in ("svg", "png"):
            path = Path(out_dir) / f"{name}.{ext}"
            files[path.name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"files": files}


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--specs", nargs="*", help="the diagram specs (default: data/diagrams/*.yaml)")
    ap.add_argument("--legend", help="the diagrams' legend (default: data/diagrams/_legend.yaml)")
    ap.add_argument("--data", default="data")
    ap.add_argument("--out-dir", default="build/figures")
    ap.add_argument("--metadata-only", action="store_true", help="write figures.json; draw nothing")
    ap.add_argument("--fonts", nargs="*", help="fonts in order of preference (config layout.fonts)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    specs = "data/diagrams" if args.specs is None else args.specs
    meta = build(specs, args.data, args.out_dir, draw=not args.metadata_only, legend=args.legend, fonts=args.fonts)
    out = meta if args.metadata_only else manifest(meta, args.out_dir)
    write_atomic(args.output, json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run())
