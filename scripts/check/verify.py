"""After rendering, before publishing: check what the reader gets.

pandoc's citeproc reported no warning; neither output holds a raw ``[@`` or
``??`` (an unresolved citation or cross-reference); every cited entry is in
DAFTAR PUSTAKA; the DOCX has as many real footnotes as the PDF has notes.
Only then are the renders copied to build/thesis.pdf and build/thesis.docx,
so a bad render never replaces the last good thesis.

The text check reads the Typst source the PDF was compiled from and the
DOCX (python-docx, lxml): extracting the PDF's text takes about 1.3 s for 50 pages and
grows with the thesis (``--pdf-text`` does it anyway).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

from scripts.common import finding, main_guard, write_atomic

RAW_TYPST = re.compile(r"\\?\[\\?@[\w:.-]+|\?\?")
RAW_TEXT = re.compile(r"\[@[\w:.-]+|\?\?")


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_parts(docx) -> tuple[object, object]:
    """The body and the footnotes of a DOCX as lxml trees (footnotes None
    when there are none). lxml alone, not python-docx: python-docx has no
    footnotes API, and importing and opening it cost 70 ms on the way to
    every published PDF for what two XPath queries do."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml")) if "word/footnotes.xml" in z.namelist() else None
    return body, notes


def docx_text(body) -> str:
    """All text runs of the body, in order (tables and links included)."""
    return "".join(body.xpath(".//w:t/text()", namespaces={"w": W}))


def docx_footnotes(notes) -> int:
    """Real footnotes: Word's separator notes carry a w:type."""
    if notes is None:
        return 0
    return len(notes.xpath("w:footnote[not(@w:type)]", namespaces={"w": W}))


def context(text, i):
    return " ".join(text[max(0, i - 40) : i + 30].split())


def verify(pdf, docx, typ, cited_ast, warnings, pdf_text=False):
    """Findings on the renders (empty when they may be published) and the
    counts the report states. ``warnings`` is the file of citeproc warnings
    the cite step wrote."""
    findings = []

    def err(path, msg, fix, code):
        findings.append(finding(path, msg, fix, code))

    for line in Path(warnings).read_text(encoding="utf-8").splitlines():
        if "WARNING" in line:
            err(warnings, f"pandoc reported: {line.strip()}", "fix the citation or entry it names", "verify-citeproc")
    typ_src = Path(typ).read_text(encoding="utf-8")
    body, notes = docx_parts(docx)
    sources = [(typ, typ_src, RAW_TYPST), (docx, docx_text(body), RAW_TEXT)]
    if pdf_text:
        import pypdf

        sources.append((pdf, "".join((p.extract_text() or "") for p in pypdf.PdfReader(pdf).pages), RAW_TEXT))
    for path, text, rx in sources:
        m = rx.search(text)
        if m:
            err(
                path,
                f"unresolved citation or cross-reference {m.group(0)!r} in …{context(text, m.start())}…",
                "run `snakemake --cores 1 check` to find it in the chapters",
                "verify-raw",
            )
    # A regex over the JSON text: parsing a 600-page AST only to list its
    # citation ids and bibliography anchors took longer than the rest.
    raw = Path(cited_ast).read_text(encoding="utf-8")
    cited = {k for k in re.findall(r'"citationId":"([^"]+)"', raw) if not re.match(r"^(fig|tbl|sec):", k)}
    listed = set(re.findall(r'\["ref-([^"]+)",\[', raw))
    for key in sorted(cited - listed):
        err(
            pdf,
            f"cited entry {key!r} is not in the bibliography",
            "keep the ::: {#refs} block in the thesis",
            "verify-bibliography",
        )
    docx_notes = docx_footnotes(notes)
    pdf_notes = typ_src.count("#footnote[")
    if docx_notes != pdf_notes:
        err(
            docx,
            f"the DOCX has {docx_notes} footnotes but the PDF has {pdf_notes}",
            "report this as a bug in the layout filters",
            "verify-notes",
        )
    return findings, {
        "pdf_notes": pdf_notes,
        "docx_notes": docx_notes,
        "cited": len(cited),
        "pdf_pages": pdf_pages(pdf),
    }


PAGE_TREE = re.compile(rb"<<\s*/Type\s*/Pages\b((?:(?!>>).)*)>>", re.S)


def pdf_pages(pdf) -> int | None:
    """Pages of the PDF: the /Count of its root page tree, which Typst
    writes as a plain object (``<</Type/Pages/Count 49/Kids[...]>>``); with
    pypdf (0.12 s to import) only when that is not found, e.g. a tree in
    compressed object streams. None when neither can tell (the count is
    for the build's summary; verifying does not depend on it)."""
    data = Path(pdf).read_bytes()
    roots = [m.group(1) for m in PAGE_TREE.finditer(data) if b"/Parent" not in m.group(1)]
    counts = [re.search(rb"/Count\s+(\d+)", r) for r in roots]
    if len(counts) == 1 and counts[0]:
        return int(counts[0].group(1))
    import pypdf

    try:
        return len(pypdf.PdfReader(pdf).pages)
    except (pypdf.errors.PyPdfError, OSError, ValueError):
        return None


# Who holds a published file open, by its kind: what to close.
VIEWERS = {".pdf": "your PDF viewer", ".docx": "Word or LibreOffice"}


def publish(pairs) -> list[str]:
    """Copy each render into place atomically (temporary file, then rename).
    On Windows a file open in a viewer cannot be replaced (PermissionError):
    that file keeps the last good build and a line says where the new one
    is; the lines are returned (empty when all were published)."""
    refused = []
    for src, dst in pairs:
        dst = Path(dst)
        tmp = dst.with_name(f".{dst.name}.part")
        shutil.copyfile(src, tmp)
        try:
            os.replace(tmp, dst)
        except PermissionError:
            tmp.unlink(missing_ok=True)
            viewer = VIEWERS.get(dst.suffix.lower(), "the program that has it open")
            refused.append(
                f"{dst.as_posix()}: error: could not be replaced, it is open elsewhere — close it in {viewer}"
                f" and build again; the new build is at {Path(src).as_posix()}"
            )
    return refused


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--pdf", required=True)
    ap.add_argument("--docx", required=True)
    ap.add_argument("--typst-source", required=True)
    ap.add_argument("--cited", required=True)
    ap.add_argument("--citeproc-warnings", required=True, help="the warnings file the cite step wrote")
    ap.add_argument("--pdf-text", action="store_true", help="also extract the PDF's text (slow)")
    ap.add_argument("--publish-pdf", help="copy the PDF here when it passes")
    ap.add_argument("--publish-docx", help="copy the DOCX here when it passes")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    findings, counts = verify(args.pdf, args.docx, args.typst_source, args.cited, args.citeproc_warnings, args.pdf_text)
    for f in findings:
        print(str(f), file=sys.stderr)
    if findings:
        print(f"verify FAILED: {len(findings)} problem(s); build/thesis.pdf was left as it was", file=sys.stderr)
        return 1
    print(
        f"verify passed: {counts['pdf_notes']} notes in PDF and DOCX, {counts['cited']} works cited, "
        "all in the bibliography",
        file=sys.stderr,
    )
    refused = publish([p for p in ((args.pdf, args.publish_pdf), (args.docx, args.publish_docx)) if p[1]])
    if refused:
        print("\n".join(refused), file=sys.stderr)
        return 1
    write_atomic(args.output, json.dumps({"passed": True, **counts}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(run())
