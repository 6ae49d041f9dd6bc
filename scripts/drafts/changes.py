"""The redline rule: the previous draft's cited AST and this one's ->
changes.docx (Word revisions; Accept All gives this draft, Reject All the
previous one, checked on the DOCX itself), changes.html (words added and
removed per chapter, each changed paragraph with its source line) and
changes.json (the totals, for draft.json).

    python -m scripts.drafts.changes --old previous.json --new build/thesis.cited.json \
        --draft-docx build/drafts/ID/thesis.docx --reference build/reference.docx \
        --id ID --previous-id PREV --date DATE --report report.json \
        --chapters chapters/*.md --asts build/ast/*.json -o DIR
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
from pathlib import Path

from scripts.common import fail, main_guard, write_atomic
from scripts.drafts import redline, revisions
from scripts.drafts.sources import Passages


def _kind(x):
    if isinstance(x, dict) and x.get("t") in ("Span", "Div"):
        return next((k for k in x["c"][0][1] if k in redline.REVISIONS), None)
    return None


def render(inlines, notes=True) -> tuple[str, dict]:
    """HTML of a paragraph's inlines with <ins>/<del>, and its word counts
    (body and notes apart)."""
    counts = {"added": 0, "removed": 0, "notes_added": 0, "notes_removed": 0}
    out: list[str] = []

    def walk(xs, kind, in_note):
        for x in xs:
            t = x.get("t")
            k = _kind(x) or kind
            if t == "Str":
                out.append(html.escape(x["c"]))
                if k:
                    counts[("notes_" if in_note else "") + ("added" if k == "insertion" else "removed")] += 1
            elif t in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif t == "Note":
                out.append('<span class="note">[')
                for b in x["c"]:
                    walk(_inlines(b), k, True)
                out.append("]</span>")
            elif _kind(x) and not kind:
                tag = "ins" if _kind(x) == "insertion" else "del"
                out.append(f"<{tag}>")
                walk(x["c"][1], k, in_note)
                out.append(f"</{tag}>")
            elif t == "Cite":
                walk(x["c"][1], k, in_note)
            elif isinstance(x.get("c"), list):
                walk(_inlines(x), k, in_note)

    walk(inlines, None, False)
    return "".join(out), counts


def _inlines(x) -> list:
    """The inlines directly in an element (a block's text, a container's content)."""
    t, c = x.get("t"), x.get("c")
    if t in ("Para", "Plain"):
        return c
    if t == "Header":
        return c[2]
    if t in ("Span", "Quoted", "Cite") or t == "Link":
        return c[1]
    if isinstance(c, list) and all(isinstance(y, dict) and "t" in y for y in c):
        return c
    return []


def has_revision(x) -> bool:
    if _kind(x):
        return True
    if isinstance(x, dict):
        return any(has_revision(v) for v in x.values())
    if isinstance(x, list):
        return any(has_revision(v) for v in x)
    return False


def paragraphs(blocks):
    """Every paragraph-like block (not inside a note), in order."""
    for b in blocks:
        t = b.get("t")
        if t in ("Para", "Plain", "Header"):
            yield b
        elif t in ("Div", "BlockQuote", "Figure"):
            inner = b["c"][1] if t == "Div" else b["c"] if t == "BlockQuote" else b["c"][1][1] + b["c"][2]
            yield from paragraphs(inner)
        elif t in ("BulletList", "OrderedList"):
            for item in b["c"] if t == "BulletList" else b["c"][1]:
                yield from paragraphs(item)
        elif t == "Table":
            yield from paragraphs(b["c"][1][1])
            for cell in _cells(b["c"]):
                yield from paragraphs(cell[4])


def _cells(table):
    rows = list(table[3][1])
    for body in table[4]:
        rows += body[2] + body[3]
    rows += table[5][1]
    return [c for r in rows for c in r[1]]


def summary(revised: list, passages: Passages) -> list[dict]:
    """Per chapter: words added and removed (body, notes) and the changed paragraphs."""
    out = []
    for b in revised:
        if b["t"] != "Div" or "chapter" not in b["c"][0][1]:
            continue
        source = dict(b["c"][0][2]).get("source", "")
        ch = {"chapter": source, "added": 0, "removed": 0, "notes_added": 0, "notes_removed": 0, "passages": []}
        for p in paragraphs(b["c"][1]):
            if not has_revision(p):
                continue
            text, counts = render(_inlines(p))
            for k, v in counts.items():
                ch[k] += v
            new_text = " ".join(redline.words_of(redline.accept([p])))
            pos = passages.find(new_text, source) if new_text else None
            ch["passages"].append(
                {"html": text, "source": str(pos) if pos else None, "line": pos.line if pos else None}
            )
        out.append(ch)
    return out


def redline_docx(old_ast: dict, new_ast: dict, author: str, date: str, reference, meta: dict) -> tuple[bytes, list]:
    """changes.docx (finished: paragraph marks, unique ids) and the revised blocks."""
    from scripts import render as renderer
    from scripts.assemble import from_meta

    words = from_meta(new_ast["meta"]["labels"]) if "labels" in new_ast.get("meta", {}) else {}
    figure_table = (words.get("figure", "Gambar"), words.get("table", "Tabel"))
    blocks = redline.revise(old_ast["blocks"], new_ast["blocks"], author, date, figure_table)
    with tempfile.TemporaryDirectory() as tmp:
        ast = Path(tmp) / "changes.json"
        ast.write_text(json.dumps({**new_ast, "blocks": blocks}, ensure_ascii=False), encoding="utf-8")
        renderer.docx(ast, reference, Path(tmp) / "changes.docx", meta)
        return revisions.finish((Path(tmp) / "changes.docx").read_bytes()), blocks


def verify(changes: bytes, draft_docx, out_path) -> None:
    """Accept All on changes.docx must give the draft's own DOCX text."""
    got = revisions.resolved_text(changes, accept=True)
    want = revisions.resolved_text(draft_docx, accept=True)
    if got != want:
        bad = next((i for i, (a, b) in enumerate(zip(got["body"], want["body"], strict=False)) if a != b), None)
        fail(
            str(out_path),
            1,
            1,
            f"accepting every change does not give the draft's text (paragraph {bad}); changes.docx was not written",
            "this is a bug in scripts/drafts/redline.py: report it with the two drafts' ids",
        )


def source_url(commit: str) -> str:
    """Where the chapters of a commit are shown on GitHub (in CI), else ''."""
    import os

    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    return f"{server}/{repo}/blob/{commit}" if server and repo else ""


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for a in ("--old", "--new", "--draft-docx", "--reference", "--id", "--previous-id", "--date", "--report"):
        ap.add_argument(a, required=True)
    ap.add_argument("--chapters", nargs="*", default=[])
    ap.add_argument("--asts", nargs="*", default=[])
    ap.add_argument("--docx-out", required=True)
    ap.add_argument("--html-out", required=True)
    ap.add_argument("--json-out", required=True)
    args = ap.parse_args(argv)
    old = json.loads(Path(args.old).read_text(encoding="utf-8"))
    new = json.loads(Path(args.new).read_text(encoding="utf-8"))
    from scripts.drafts.identity import Identity, subject

    commit = Identity(args.id).commit
    meta = {"draft-id": args.id, "draft-commit": commit, "subject": subject(args.id, changes=True)}
    docx, blocks = redline_docx(old, new, f"draft {args.id}", args.date, args.reference, meta)
    verify(docx, args.draft_docx, args.docx_out)
    chapters = summary(blocks, Passages(zip(args.chapters, args.asts, strict=True)))
    report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    totals = {k: sum(c[k] for c in chapters) for k in ("added", "removed", "notes_added", "notes_removed")}
    from scripts.drafts.publish import render_template

    page = render_template(
        "changes.html.j2",
        draft=args.id,
        previous=args.previous_id,
        chapters=chapters,
        totals=totals,
        check=report,
        source_url=source_url(commit),
    )
    write_atomic(args.docx_out, docx)
    write_atomic(args.html_out, page)
    write_atomic(
        args.json_out,
        json.dumps(
            {"previous": args.previous_id, "totals": totals, "chapters": chapters}, ensure_ascii=False, indent=1
        ),
    )
    print(
        f"changes since {args.previous_id}: +{totals['added']}/−{totals['removed']} words (+{totals['notes_added']}/−{totals['notes_removed']} in notes)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(run())
