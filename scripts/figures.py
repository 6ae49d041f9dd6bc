"""Figures of the thesis, in two steps that run in parallel in the workflow,
both from build/data.json (the data rule validated every spec and row):

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


def build(doc: dict, out_dir="build/figures", draw=True, fonts=None, language=None) -> dict:
    """Metadata (and, with ``draw``, the drawings) of every figure;
    ``fonts``: the thesis's fonts in order of preference (config layout.fonts);
    ``language``: the thesis's (config language), for the figures' words."""
    from scripts import diagrams, evidence_charts, evidence_numbers
    from scripts.data import rows
    from scripts.labels import figure_words

    words = figure_words(language)

    if draw:
        chosen = diagrams.use_fonts(fonts)
        wanted = ", ".join(fonts or []) or "none configured"
        print(
            f"figures: font {chosen} (first installed of: {wanted}; fallback {diagrams.FALLBACK_FONT})", file=sys.stderr
        )
    specs = [(d["path"], d["spec"]) for d in doc.get("diagrams", [])]
    meta = diagrams.render_all(specs, doc["legend"], out_dir, draw=draw, words=words)
    data = {"values": {}, "tables": {}}
    if doc.get("evidence"):
        codebook, evidence, timeline = doc["codebook"], rows(doc, "evidence"), rows(doc, "timeline")
        tl_path = (doc.get("timeline") or {}).get("path", "")
        meta.update(evidence_charts.chart_meta(codebook, timeline, doc["evidence"]["path"], tl_path, words))
        if draw:
            evidence_charts.render_charts(codebook, evidence, timeline, out_dir, words)
        data = evidence_numbers.data_for_text(codebook, evidence, timeline, words)
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

    from scripts.data import load

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-json", default="build/data.json", help="what the data rule wrote")
    ap.add_argument("--out-dir", default="build/figures")
    ap.add_argument("--metadata-only", action="store_true", help="write figures.json; draw nothing")
    ap.add_argument("--fonts", nargs="*", help="fonts in order of preference (config layout.fonts)")
    ap.add_argument("--language", default=None, help="the thesis's language (config language: id, en)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    meta = build(
        load(args.data_json), args.out_dir, draw=not args.metadata_only, fonts=args.fonts, language=args.language
    )
    out = meta if args.metadata_only else manifest(meta, args.out_dir)
    write_atomic(args.output, json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run())
