"""Feedback: a reviewed DOCX back to lines of the chapters.

python -m scripts.drafts.feedback REVIEWED.docx
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path

from scripts.common import fail, main_guard, pandoc_path, rel, run_tool, write_atomic
from scripts.pandoc_ast import text, visit

INLINE_BLOCKS = ("Para", "Plain")


def plain(node, notes=False) -> str:
    return text(node, notes=notes, cites=notes)


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

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("docx")
    args = ap.parse_args(argv)
    feedback(args.docx)
    return 0


if __name__ == "__main__":
    sys.exit(run())
