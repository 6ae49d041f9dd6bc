"""After the build: what the reader gets is checked, not just what went in.

pandoc's citeproc reported no warning; the PDF's text holds no raw ``[@`` or
``??``; every cited entry is in DAFTAR PUSTAKA; the DOCX has as many real
footnotes as the PDF has notes.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

from scripts.common import Finding, main_guard, write_atomic


def cited_keys(ast) -> set[str]:
    keys = set()

    def walk(x):
        if isinstance(x, dict):
            if x.get("t") == "Cite":
                keys.update(c["citationId"] for c in x["c"][0])
            if "c" in x:
                walk(x["c"])
        elif isinstance(x, list):
            for y in x:
                walk(y)

    walk(ast["blocks"])
    return {k for k in keys if not re.match(r"^(fig|tbl|sec):", k)}


def bibliography_ids(ast) -> set[str]:
    ids = set()

    def walk(x):
        if isinstance(x, dict):
            if x.get("t") == "Div" and x["c"][0][0].startswith("ref-"):
                ids.add(x["c"][0][0][4:])
            if "c" in x:
                walk(x["c"])
        elif isinstance(x, list):
            for y in x:
                walk(y)

    walk(ast["blocks"])
    return ids


def verify(pdf, docx, typ, cited_ast, cite_log) -> list[Finding]:
    import pypdf

    findings = []
    log = Path(cite_log).read_text(encoding="utf-8") if Path(cite_log).exists() else ""
    for line in log.splitlines():
        if "WARNING" in line:
            findings.append(
                Finding(
                    str(cite_log),
                    1,
                    1,
                    "error",
                    f"pandoc reported: {line.strip()}",
                    "fix the citation or entry it names",
                    "verify-citeproc",
                )
            )
    text = "".join((p.extract_text() or "") for p in pypdf.PdfReader(pdf).pages)
    for raw in ("[@", "??"):
        if raw in text:
            i = text.index(raw)
            findings.append(
                Finding(
                    str(pdf),
                    1,
                    1,
                    "error",
                    f"the PDF contains raw {raw!r}: …{text[max(0, i - 30) : i + 30]!r}…",
                    "a citation or cross-reference was not resolved; run the check",
                    "verify-raw",
                )
            )
    ast = json.loads(Path(cited_ast).read_text(encoding="utf-8"))
    missing = sorted(cited_keys(ast) - bibliography_ids(ast))
    for key in missing:
        findings.append(
            Finding(
                str(pdf),
                1,
                1,
                "error",
                f"cited entry {key!r} is not in DAFTAR PUSTAKA",
                "check that the bibliography Div #refs exists",
                "verify-bibliography",
            )
        )
    notes_xml = zipfile.ZipFile(docx).read("word/footnotes.xml").decode("utf-8")
    docx_notes = len(re.findall(r"<w:footnote (?![^>]*w:type=)", notes_xml))
    pdf_notes = Path(typ).read_text(encoding="utf-8").count("#footnote[")
    if docx_notes != pdf_notes:
        findings.append(
            Finding(
                str(docx),
                1,
                1,
                "error",
                f"the DOCX has {docx_notes} footnotes but the PDF has {pdf_notes}",
                "report this as a bug in the layout filters",
                "verify-notes",
            )
        )
    return findings, {"pdf_notes": pdf_notes, "docx_notes": docx_notes, "cited": len(cited_keys(ast))}


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pdf", required=True)
    ap.add_argument("--docx", required=True)
    ap.add_argument("--typst-source", required=True)
    ap.add_argument("--cited", required=True)
    ap.add_argument("--cite-log", required=True)
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    findings, counts = verify(args.pdf, args.docx, args.typst_source, args.cited, args.cite_log)
    for f in findings:
        print(str(f), file=sys.stderr)
    ok = not any(f.severity == "error" for f in findings)
    print(
        f"verify {'passed' if ok else 'FAILED'}: {counts['pdf_notes']} notes in PDF and DOCX, "
        f"{counts['cited']} works cited, all in DAFTAR PUSTAKA"
        if ok
        else f"verify FAILED: {len(findings)} problem(s)",
        file=sys.stderr,
    )
    if ok:
        write_atomic(args.output, json.dumps({"passed": True, **counts}, indent=1) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(run())
