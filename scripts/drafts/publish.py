"""Publishing a draft: the record (draft.json), the atomic publication of a
staged folder as ``drafts/<id>/`` and the index page.

The draft's files are made by rules in ``build/drafts/<id>/`` (Snakemake may
delete and remake them); only :func:`publish` writes under ``drafts/``: it
checks the preconditions again, copies the staged files to a hidden folder,
renames that folder to ``drafts/<id>/`` in one step, rewrites the index and
tags the commit last. A refusal changes nothing under ``drafts/`` and no tag.

    python -m scripts.drafts.publish record --id ID --pdf P --cited C --report R [--changes S] -o draft.json
    python -m scripts.drafts.publish publish --id ID --stage build/drafts/ID [--since REF]
    python -m scripts.drafts.publish index
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scripts.common import ROOT, fail, main_guard, write_atomic
from scripts.drafts import git as draft_git

DRAFTS = draft_git.DRAFTS
# What a published draft holds: staged name -> published name.
PUBLISHED = {
    "thesis.pdf": "thesis.pdf",
    "thesis.docx": "thesis.docx",
    "changes.docx": "changes.docx",
    "changes.html": "changes.html",
    "draft.json": "draft.json",
    # the cited AST the draft was rendered from: the next draft compares with it
    "thesis.json": "thesis.json",
}
LISTED = (".pdf", ".docx", ".html")


def chapter_words(cited: dict) -> dict[str, int]:
    """Body words per body chapter (the chapter Divs of the assembled AST)."""
    from scripts.drafts.redline import words_of

    out = {}
    for b in cited.get("blocks", []):
        if b["t"] == "Div" and "chapter" in b["c"][0][1] and "body" in b["c"][0][1]:
            source = dict(b["c"][0][2]).get("source", "")
            out[Path(source).stem] = len(words_of(b["c"][1]))
    return out


def record(did, plan: dict, pdf, cited, report, changes=None) -> dict:
    """draft.json: what the index shows of a draft."""
    import pypdf

    rep = json.loads(Path(report).read_text(encoding="utf-8"))
    rec = {
        "id": did,
        "commit": plan["commit"],
        "date": plan["date"],
        "pages": len(pypdf.PdfReader(pdf).pages),
        "words": chapter_words(json.loads(Path(cited).read_text(encoding="utf-8"))),
        "markers": len(rep.get("draft_markers", [])),
        "check": {"errors": rep.get("errors"), "warnings": rep.get("warnings")},
    }
    if changes:
        summary = json.loads(Path(changes).read_text(encoding="utf-8"))
        rec["previous"] = summary["previous"]
        rec["changes"] = summary["totals"]
    return rec


def render_template(name, **ctx) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ROOT / "templates")),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    return env.get_template(name).render(**ctx)


def write_index(drafts: Path = DRAFTS) -> Path:
    records = []
    for d in sorted(drafts.iterdir()) if drafts.exists() else []:
        f = d / "draft.json"
        if d.is_dir() and not d.name.startswith(".") and f.exists():
            rec = json.loads(f.read_text(encoding="utf-8"))
            rec["files"] = [p.name for p in sorted(d.iterdir()) if p.suffix in LISTED]
            records.append(rec)
    records.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    out = drafts / "index.html"
    write_atomic(out, render_template("drafts-index.html.j2", drafts=records))
    return out


def publish(did: str, stage: Path, since=None, bibliography="references.bib") -> Path:
    """drafts/<id>/ from the staged files, by one rename; then the index and the tag."""
    plan = draft_git.plan(since, bibliography)  # the tree may have changed since the jobs began
    if plan.id != did:
        fail(
            ".",
            1,
            1,
            f"HEAD moved while draft {did} was built (now {plan.id}); nothing was published",
            "run draft again",
        )
    final = DRAFTS / did
    if plan.published or final.exists():
        fail(
            str(final),
            1,
            1,
            f"draft {did} is already published and drafts are never overwritten",
            "commit a change to make a new draft",
        )
    missing = [n for n in ("thesis.pdf", "thesis.docx", "draft.json", "thesis.json") if not (stage / n).is_file()]
    if missing:
        fail(
            str(stage),
            1,
            1,
            f"the draft's {', '.join(missing)} were not built; nothing was published",
            "run draft again",
        )
    # A fresh hidden folder (never one a crashed run left, which Windows may
    # not let us delete), renamed onto the missing drafts/<id>: atomic on
    # every OS, and no file that a reader may have open is replaced.
    DRAFTS.mkdir(parents=True, exist_ok=True)
    part = Path(tempfile.mkdtemp(prefix=f".{did}.", suffix=".part", dir=DRAFTS))
    try:
        os.chmod(part, 0o755)  # mkdtemp's 0700 would hide the draft from a web server
        for staged, name in PUBLISHED.items():
            if (stage / staged).is_file():
                shutil.copy2(stage / staged, part / name)
        os.rename(part, final)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    try:
        write_index()
    except PermissionError:
        # Windows: the index is open in a program that locks it. The draft
        # is published; the index can be written again at any time.
        index = (DRAFTS / "index.html").as_posix()
        print(
            f"{index}: warning: could not be replaced, it is open elsewhere — close it, then run:"
            " python -m scripts.drafts.publish index",
            file=sys.stderr,
        )
    draft_git.tag(did)
    return final


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--id", required=True)
    r.add_argument("--plan", required=True, help="build/drafts/<id>/plan.json")
    r.add_argument("--pdf", required=True)
    r.add_argument("--cited", required=True)
    r.add_argument("--report", required=True)
    r.add_argument("--changes")
    r.add_argument("-o", "--output", required=True)
    p = sub.add_parser("publish")
    p.add_argument("--id", required=True)
    p.add_argument("--stage", required=True)
    p.add_argument("--since", default="")
    p.add_argument("--bibliography", default="references.bib")
    sub.add_parser("index")
    args = ap.parse_args(argv)
    if args.cmd == "record":
        plan = json.loads(Path(args.plan).read_text(encoding="utf-8"))
        rec = record(args.id, plan, args.pdf, args.cited, args.report, args.changes)
        write_atomic(args.output, json.dumps(rec, ensure_ascii=False, indent=1) + "\n")
    elif args.cmd == "publish":
        final = publish(args.id, Path(args.stage), args.since or None, args.bibliography)
        print(f"draft {args.id} published in {final}/ and tagged draft/{args.id}", file=sys.stderr)
    else:
        write_index()
    return 0


if __name__ == "__main__":
    sys.exit(run())
