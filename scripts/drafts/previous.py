"""The previous draft's cited AST, the "old" side of the redline: the one
stored with the published draft (drafts/<id>/thesis.json) when there is one,
else its chapters read from git at that commit and cited with the current
bibliography, style and figures (since=<commit> of no draft).

    python -m scripts.drafts.previous --ref REF [--stored drafts/ID/thesis.json] \
        --config build/config.json --front-pages F --figures-meta M --bib B --csl C -o previous.json
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from scripts.common import main_guard, pandoc_path, run_tool
from scripts.drafts import git as draft_git


def read_markdown(text: str, source: str) -> dict:
    proc = run_tool(
        [pandoc_path(), "-f", "markdown", "-t", "json"],
        what="pandoc (reading the previous draft)",
        source=source,
        input_bytes=text.encode("utf-8"),
    )
    return json.loads(proc.stdout)


def recite(ref: str, config_json, front_pages, figures_meta, bib, csl, out, bib_json=None) -> None:
    from scripts import render
    from scripts.assemble import assemble
    from scripts.chapters import chapter
    from scripts.config import load_config

    config = load_config(config_json)
    figures = json.loads(Path(figures_meta).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        chapters = []
        for name in draft_git.files_at(ref, "chapters"):
            src = f"chapters/{name}"
            c = chapter(src)
            if c is None:
                continue
            ast = Path(tmp) / f"{Path(name).stem}.json"
            ast.write_text(json.dumps(read_markdown(draft_git.show(ref, src) or "", f"{ref}:{src}")), encoding="utf-8")
            chapters.append((c.role, src, str(ast)))
        doc = assemble(config, front_pages, chapters, figures)
        # as the thesis is cited: the same groups of DAFTAR PUSTAKA, so the
        # redline shows no change the author did not make
        render.cite(doc, out, bib, csl, bib_json=bib_json, groups=render.bibliography_groups(config["citations"]))


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ref", required=True)
    ap.add_argument("--stored")
    for a in ("--config", "--front-pages", "--figures-meta", "--bib", "--bib-json", "--csl"):
        ap.add_argument(a)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    if args.stored:
        shutil.copyfile(args.stored, args.output)
    else:
        recite(
            args.ref, args.config, args.front_pages, args.figures_meta, args.bib, args.csl, args.output, args.bib_json
        )
    return 0


if __name__ == "__main__":
    sys.exit(run())
