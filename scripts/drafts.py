"""Drafts for supervisors: publish stamped, immutable drafts with tracked
changes since the previous draft, keep the index page, and read reviewed
DOCX files back into feedback lists that point at chapter lines.

    python -m scripts.drafts publish   # snakemake --cores all draft
    python -m scripts.drafts feedback REVIEWED.docx
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from scripts.common import ROOT, fail, main_guard, pandoc_path, rel, run_tool, write_atomic
from scripts.pandoc_ast import cite_keys as pandoc_cite_keys
from scripts.pandoc_ast import elements, text, visit

DRAFTS = Path("drafts")
TRACKED = ["chapters", "data", "references.bib", "config.yaml"]


# ---------------------------------------------------------------- git


def git(*args, check=True) -> str:
    try:
        proc = subprocess.run(["git", *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        fail(".", 1, 1, "git is not available", "install git; drafts are recorded as git tags")
    if check and proc.returncode != 0:
        fail(
            ".",
            1,
            1,
            f"git {' '.join(args)} failed: {proc.stderr.strip().splitlines()[:1]}",
            "run this inside the thesis repository",
        )
    return proc.stdout.strip()


def draft_id(ref="HEAD") -> str:
    date, short = git("log", "-1", "--format=%cs %h", ref).split()
    return f"{date}-{short}"


def uncommitted() -> list[str]:
    out = git("status", "--porcelain", "--", *TRACKED)
    return [ln[2:].strip() for ln in out.splitlines() if ln.strip()]


def previous_draft(since: str | None = None) -> str | None:
    """The newest draft/* tag that is an ancestor of HEAD (not HEAD itself)."""
    if since:
        git("rev-parse", "--verify", since + "^{commit}")
        return since
    head = git("rev-parse", "HEAD")
    tags = git("tag", "--list", "draft/*", "--sort=-committerdate").splitlines()
    for tag in tags:
        commit = git("rev-parse", tag + "^{commit}")
        if commit == head:
            continue
        if subprocess.run(["git", "merge-base", "--is-ancestor", commit, head]).returncode == 0:
            return tag
    return None


# ---------------------------------------------------------------- AST helpers


def read_markdown(text: str) -> dict:
    proc = run_tool(
        [pandoc_path(), "-f", "markdown", "-t", "json"],
        what="pandoc (reading a chapter)",
        input_bytes=text.encode("utf-8"),
    )
    return json.loads(proc.stdout)


def plain(node, notes=False) -> str:
    """Body text: without notes and, unless notes are wanted, citations."""
    return text(node, notes=notes, cites=notes)


def words(ast) -> int:
    """Body words: text of the chapter without notes, citations or code."""
    return len(plain(ast.get("blocks", [])).split())


def cite_keys(ast) -> set[str]:
    return pandoc_cite_keys(ast.get("blocks", []))


def figure_ids(ast) -> set[str]:
    return {el["c"][0][0] for el in elements(ast.get("blocks", [])) if el["t"] in ("Figure", "Table") and el["c"][0][0]}


# ---------------------------------------------------------------- tracked changes


def mark(kind, inlines, author, date):
    return {"t": "Span", "c": [["", [kind], [["author", author], ["date", date]]], inlines]}


INLINE_BLOCKS = ("Para", "Plain")


def mark_block(block, kind, author, date):
    """A whole block inserted or deleted: every run of text in it is marked."""
    block = json.loads(json.dumps(block))

    def mark_text(x):
        t = x["t"]
        if t in INLINE_BLOCKS and x["c"]:
            x["c"] = [mark(kind, x["c"], author, date)]
            return True
        if t == "Header":
            x["c"][2] = [mark(kind, x["c"][2], author, date)]
            return True
        return False

    visit(block, mark_text)
    return block


def diff_inlines(old, new, author, date, stats):
    key = lambda x: json.dumps(x, sort_keys=True)  # noqa: E731
    sm = difflib.SequenceMatcher(None, [key(x) for x in old], [key(x) for x in new], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out += new[j1:j2]
            continue
        if i2 > i1:
            out.append(mark("deletion", old[i1:i2], author, date))
            stats["removed"] += len(plain(old[i1:i2]).split())
        if j2 > j1:
            out.append(mark("insertion", new[j1:j2], author, date))
            stats["added"] += len(plain(new[j1:j2]).split())
    return out


def inlines_of(block):
    t = block.get("t")
    if t in INLINE_BLOCKS:
        return block["c"]
    if t == "Header":
        return block["c"][2]
    return None


def with_inlines(block, inlines):
    block = dict(block)
    if block["t"] in INLINE_BLOCKS:
        block["c"] = inlines
    else:
        block["c"] = [block["c"][0], block["c"][1], inlines]
    return block


def diff_blocks(old, new, author, date, stats):
    """The new blocks with the changes since ``old`` marked, word by word
    inside paragraphs that changed, whole blocks where they were added or
    removed; unchanged text carries no marks."""
    key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
    sm = difflib.SequenceMatcher(None, [key(b) for b in old], [key(b) for b in new], autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out += new[j1:j2]
            continue
        olds, news = old[i1:i2], new[j1:j2]
        # pair blocks of the same kind whose text is similar: a paragraph edited
        paired = []
        remaining = list(olds)
        for nb in news:
            best, score = None, 0.0
            for ob in remaining:
                if ob["t"] == nb["t"] and inlines_of(ob) is not None:
                    r = difflib.SequenceMatcher(None, plain(ob), plain(nb)).ratio()
                    if r > score:
                        best, score = ob, r
            if best is not None and score >= 0.5:
                # deleted blocks before the paired one keep their place
                while remaining and remaining[0] is not best:
                    drop = remaining.pop(0)
                    out.append(mark_block(drop, "deletion", author, date))
                    stats["removed"] += len(plain(drop).split())
                remaining.pop(0)
                out.append(with_inlines(nb, diff_inlines(inlines_of(best), inlines_of(nb), author, date, stats)))
                paired.append(nb)
            else:
                out.append(mark_block(nb, "insertion", author, date))
                stats["added"] += len(plain(nb).split())
        for drop in remaining:
            out.append(mark_block(drop, "deletion", author, date))
            stats["removed"] += len(plain(drop).split())
    return out


# ---------------------------------------------------------------- publish


def publish(config, since=None) -> str:
    from scripts import render

    if not (ROOT / ".git").exists() and git("rev-parse", "--is-inside-work-tree", check=False) != "true":
        fail(
            ".", 1, 1, "this folder is not a git repository", "drafts are made from commits: git init and commit first"
        )
    dirty = uncommitted()
    if dirty:
        fail(
            dirty[0],
            1,
            1,
            f"uncommitted changes in {', '.join(dirty[:3])}{' …' if len(dirty) > 3 else ''}",
            "commit them first: a draft is built from the committed state and recorded as a git tag",
        )
    did = draft_id()
    commit = git("rev-parse", "--short", "HEAD")
    date = git("log", "-1", "--format=%cI", "HEAD")
    final = DRAFTS / did
    if final.exists() and any(final.iterdir()):
        fail(
            str(final),
            1,
            1,
            f"draft {did} is already published and drafts are never overwritten",
            "commit your changes to make a new draft",
        )
    prev = previous_draft(since)
    stage = DRAFTS / f".{did}.part"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    standards = config.get("output", {}).get("pdf_standards", [])
    meta = {"draft-id": did, "draft-commit": commit, "subject": f"draft {did}"}
    render.pdf(
        "build/thesis.cited.json", "templates/thesis.typ", stage / "thesis.typ", stage / "thesis.pdf", standards, meta
    )
    render.docx("build/thesis.cited.json", "build/reference.docx", stage / "thesis.docx", meta)
    (stage / "thesis.typ").unlink()
    record = describe(did, commit, date, stage)
    if prev:
        record["previous"] = prev.removeprefix("draft/") if prev.startswith("draft/") else prev
        record["changes"] = changes(config, prev, did, commit, date, stage)
    write_atomic(stage / "draft.json", json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    if final.exists():
        final.rmdir()  # the empty folder Snakemake made for the rule's output
    stage.rename(final)

    git("tag", f"draft/{did}")
    write_index()
    return did


def describe(did, commit, date, folder: Path) -> dict:
    import pypdf

    from scripts.chapters import discover

    chapters, _ = discover()
    per_chapter = {}
    for c in chapters:
        if c.role == "body":
            ast = json.loads(Path(c.ast).read_text(encoding="utf-8"))
            per_chapter[c.name] = words(ast)
    report = Path("build/checks/report.json")
    rep = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return {
        "id": did,
        "commit": commit,
        "date": date,
        "pages": len(pypdf.PdfReader(folder / "thesis.pdf").pages),
        "words": per_chapter,
        "markers": len(rep.get("draft_markers", [])),
        "check": {"errors": rep.get("errors"), "warnings": rep.get("warnings")},
    }


def changes(config, prev, did, commit, date, stage: Path) -> dict:
    """changes.docx (tracked changes since ``prev``) and changes.html."""
    from scripts import render
    from scripts.assemble import assemble
    from scripts.chapters import discover

    author = f"draft {did}"
    chapters, _ = discover()
    summary = []
    diffed = {}
    with tempfile.TemporaryDirectory(dir="build") as tmp:
        tmp = Path(tmp)
        for c in chapters:
            new = json.loads(Path(c.ast).read_text(encoding="utf-8"))
            old_text = git("show", f"{prev}:{c.path.as_posix()}", check=False)
            old = read_markdown(old_text) if old_text else {"blocks": []}
            stats = {"added": 0, "removed": 0}
            blocks = diff_blocks(old["blocks"], new["blocks"], author, date, stats)
            out = tmp / f"{c.name}.json"
            out.write_text(json.dumps({**new, "blocks": blocks}), encoding="utf-8")
            diffed[c.name] = str(out)
            summary.append(
                {
                    "chapter": str(c.path),
                    "added": stats["added"],
                    "removed": stats["removed"],
                    "cites_added": sorted(cite_keys(new) - cite_keys(old)),
                    "cites_removed": sorted(cite_keys(old) - cite_keys(new)),
                    "figures_added": sorted(figure_ids(new) - figure_ids(old)),
                    "figures_removed": sorted(figure_ids(old) - figure_ids(new)),
                }
            )
        figures = json.loads(Path("build/figures/figures.json").read_text(encoding="utf-8"))
        doc = assemble(
            config, "build/ast/_front-pages.json", [(c.role, str(c.path), diffed[c.name]) for c in chapters], figures
        )
        cited = tmp / "cited.json"
        render.cite(doc, cited, config["citations"]["bibliography"], "build/style.csl")
        render.docx(
            cited,
            "build/reference.docx",
            stage / "changes.docx",
            {"draft-id": did, "draft-commit": commit, "subject": f"draft {did} (changes)"},
        )
    report = Path("build/checks/report.json")
    rep = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    html = render_template(
        "changes.html.j2", draft=did, previous=prev.removeprefix("draft/"), chapters=summary, check=rep
    )
    write_atomic(stage / "changes.html", html)
    return {"added": sum(s["added"] for s in summary), "removed": sum(s["removed"] for s in summary)}


def render_template(name, **ctx) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ROOT / "templates")),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        keep_trailing_newline=True,
    )
    return env.get_template(name).render(**ctx)


def write_index():
    records = []
    for d in DRAFTS.iterdir() if DRAFTS.exists() else []:
        f = d / "draft.json"
        if d.is_dir() and not d.name.startswith(".") and f.exists():
            rec = json.loads(f.read_text(encoding="utf-8"))
            rec["files"] = [p.name for p in sorted(d.iterdir()) if p.suffix in (".pdf", ".docx", ".html")]
            records.append(rec)
    records.sort(key=lambda r: (r["date"], r["id"]), reverse=True)
    write_atomic(DRAFTS / "index.html", render_template("drafts-index.html.j2", drafts=records))


# ---------------------------------------------------------------- feedback


def open_docx(path: Path) -> zipfile.ZipFile:
    if not path.exists():
        fail(str(path), 1, 1, "the file does not exist", "give the path of the reviewed .docx")
    head = path.read_bytes()[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        fail(
            str(path),
            1,
            1,
            "the file is encrypted (password-protected) or an old .doc",
            "ask the reviewer to remove the password, or save it as .docx",
        )
    try:
        z = zipfile.ZipFile(path)
        z.getinfo("word/document.xml")
        z.testzip()
        return z
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        fail(
            str(path),
            1,
            1,
            "the file is not a readable DOCX (corrupt, or another format)",
            "open it in Word or LibreOffice and save it again as .docx",
        )


def source_paragraphs():
    """(chapter path, line, normalised text) for every Markdown paragraph."""
    from scripts.chapters import discover

    out = []
    chapters, _ = discover()
    for c in chapters:
        lines = c.path.read_text(encoding="utf-8").splitlines()
        start, buf = None, []
        for i, ln in enumerate(lines + [""], 1):
            if ln.strip() and not ln.startswith(":::"):
                if start is None:
                    start = i
                buf.append(ln)
            elif buf:
                out.append((str(c.path), start, normalise(" ".join(buf))))
                start, buf = None, []
    return out


def normalise(text: str) -> str:
    text = re.sub(r"\[(-?@[^\]]*)\]", " ", text)  # citations
    text = re.sub(r"\{[#.][^}]*\}", " ", text)  # attributes
    text = re.sub(r"^#+\s*", "", text)
    text = re.sub(r"[*_`\[\]()!]", " ", text)
    return " ".join(text.lower().split())


def locate(text, paragraphs):
    t = normalise(text)
    best, score = None, 0.0
    for path, line, para in paragraphs:
        if not para:
            continue
        if t and t[:60] in para:
            return f"{path}:{line}"
        r = difflib.SequenceMatcher(None, t[:400], para[:400], autojunk=False).ratio()
        if r > score:
            best, score = f"{path}:{line}", r
    return best if score >= 0.5 else "(tidak ditemukan)"


def feedback(docx_path) -> list[Path]:
    path = Path(docx_path)
    z = open_docx(path)
    core = z.read("docProps/core.xml").decode("utf-8", "replace") if "docProps/core.xml" in z.namelist() else ""
    m = re.search(r"<dc:subject>draft ([^<(]+?)(?: \(changes\))?</dc:subject>", core)
    did = m.group(1).strip() if m else path.stem
    comments_xml = z.read("word/comments.xml").decode("utf-8", "replace") if "word/comments.xml" in z.namelist() else ""
    proc = run_tool(
        [pandoc_path(), str(path), "--track-changes=all", "-t", "json"],
        what="pandoc (reading the review)",
        source=rel(path),
    )
    ast = json.loads(proc.stdout)
    paragraphs = source_paragraphs()
    items = []

    def scan(block):
        inl = block["c"] if block["t"] in INLINE_BLOCKS else block["c"][2]
        text = plain(inl, notes=False)
        where = None
        open_comments = {}
        for x in inl:
            if x.get("t") != "Span":
                continue
            (_, classes, kv), content = x["c"]
            kv = dict(kv)
            kind = next((k for k in ("comment-start", "insertion", "deletion") if k in classes), None)
            if not kind:
                continue
            where = where or locate(text, paragraphs)
            if kind == "comment-start":
                open_comments[kv.get("id")] = True
                items.append(
                    {
                        "kind": "komentar",
                        "author": kv.get("author", ""),
                        "date": kv.get("date", ""),
                        "text": text[:200],
                        "comment": plain(content),
                        "source": where,
                    }
                )
            else:
                items.append(
                    {
                        "kind": "sisipan" if kind == "insertion" else "hapusan",
                        "author": kv.get("author", ""),
                        "date": kv.get("date", ""),
                        "text": plain(content),
                        "comment": "",
                        "source": where,
                    }
                )

    def scan_text(x):
        if x["t"] in INLINE_BLOCKS or x["t"] == "Header":
            scan(x)
            return True
        return False

    visit(ast["blocks"], scan_text)
    if not items and "<w:comment " in comments_xml:
        fail(str(path), 1, 1, "the comments could not be read", "save the file again as .docx and retry")
    authors = Counter(i["author"] for i in items if i["author"])
    reviewer = authors.most_common(1)[0][0] if authors else "reviewer"
    slug = re.sub(r"[^a-z0-9]+", "-", reviewer.lower()).strip("-") or "reviewer"
    out = Path("feedback")
    out.mkdir(exist_ok=True)
    md_path, csv_path = out / f"{did}-{slug}.md", out / f"{did}-{slug}.csv"
    lines = [f"# Masukan {reviewer} untuk draf {did}", "", f"Berkas: `{path.name}`; {len(items)} butir.", ""]
    for n, i in enumerate(items, 1):
        what = {"komentar": "Komentar", "sisipan": "Sisipan", "hapusan": "Hapusan"}[i["kind"]]
        lines.append(f"{n}. **{what}** oleh {i['author']} ({i['date']}) — `{i['source']}`")
        if i["comment"]:
            lines.append(f"   > {i['comment']}")
        lines.append(f"   pada: “{i['text']}”")
        lines.append("")
    write_atomic(md_path, "\n".join(lines))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["kind", "author", "date", "source", "text", "comment"], lineterminator="\n")
    w.writeheader()
    for i in items:
        w.writerow({k: i[k] for k in w.fieldnames})
    write_atomic(csv_path, buf.getvalue())
    print(f"{len(items)} item(s) from {reviewer} written to {md_path} and {csv_path}", file=sys.stderr)
    return [md_path, csv_path]


@main_guard
def run(argv=None) -> int:
    import argparse

    from scripts.config import load_config

    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("publish")
    p.add_argument("--config", default="config.yaml")
    p.add_argument("--since", default=None)
    f = sub.add_parser("feedback")
    f.add_argument("docx")
    sub.add_parser("index")
    args = ap.parse_args(argv)
    if args.cmd == "publish":
        did = publish(load_config(args.config), args.since or None)
        print(f"draft {did} published in drafts/{did}/ and tagged draft/{did}", file=sys.stderr)
    elif args.cmd == "feedback":
        feedback(args.docx)
    else:
        write_index()
    return 0


if __name__ == "__main__":
    sys.exit(run())
