"""Run pandoc and Typst for the three heavy steps of the build.

``cite``: the assembled AST -> crossref, figures, citeproc -> cited AST (once
for both outputs). ``pdf``: cited AST -> Typst source -> PDF, compiled in
process by the typst package. ``docx``: cited AST -> DOCX with the generated
reference document. Outputs are written atomically; every tool call has a
timeout; tool messages are turned into one line naming the source.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from scripts.common import ROOT, fail, main_guard, pandoc_path, rel, run_tool, write_atomic

FILTERS = ROOT / "filters"


def source_date_epoch() -> int:
    """The commit's time: same commit, same bytes, whatever the clock says."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env and env.isdigit():
        return int(env)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], capture_output=True, text=True, encoding="utf-8", timeout=10, cwd=ROOT
        )
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.TimeoutExpired):
        pass
    return 0


def tool_env():
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(source_date_epoch())
    return env


def lua(name: str) -> str:
    return str(FILTERS / name / f"{name}.lua")


def cite(doc: dict, ast_out, bib, csl, log=None, bib_json=None, groups=None):
    """The assembled thesis AST -> data, crossrefs, figures, citeproc -> cited
    AST; DAFTAR PUSTAKA split into ``groups`` (bibliography_groups) if given."""
    import json

    argv = [
        pandoc_path(),
        "-f",
        "json",
        "-t",
        "json",
        "-L",
        lua("data-in-text"),
        "-L",
        lua("crossref"),
        "-L",
        lua("figures"),
        # a figure's citations out of the notes' way, then written in its line
        "-L",
        lua("inline-sources"),
        "--citeproc",
        "-L",
        lua("inline-sources"),
        "--bibliography",
        str(bib),
        "--csl",
        str(csl),
        "-o",
        "-",
    ]
    # pandoc stops on a syntax error and never returns on a crossref cycle;
    # this step runs beside the check, so it refuses such a bibliography
    # itself, from what the bibliography rule read (no second parse).
    if bib_json:
        from scripts import bibliography
        from scripts.common import ThesisError, finding

        stops = bibliography.fatal(bibliography.load(bib_json)[2])
        if stops:
            raise ThesisError(
                [finding((f["path"], f["line"], f["col"]), f["message"], f["fix"], f["code"]) for f in stops]
            )
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")

    proc = run_tool(argv, what="pandoc (citations)", source=rel(bib), input_bytes=data)

    warnings = proc.stderr.decode("utf-8", "replace")
    if log:
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        Path(log).write_text(warnings, encoding="utf-8")
    out = proc.stdout
    if groups and bib_json:
        from scripts import bibliography

        cited = json.loads(out)
        types = {k: e.type for k, e in bibliography.load(bib_json)[0].items()}
        group_bibliography(cited, types, groups)
        out = json.dumps(cited, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomic(ast_out, out)
    return warnings


def schema_default(section: str, key: str):
    """A config key's default, from the schema (the one place defaults live)."""
    import yaml

    schema = yaml.safe_load((ROOT / "schemas" / "config.schema.yaml").read_text(encoding="utf-8"))
    return schema["properties"][section]["properties"][key].get("default")


# The headings of the groups of the kinds the schema's default names, per
# thesis language (the language of citations.locale).
GROUP_TITLES = {
    "id": {
        "books": "Buku",
        "journals": "Jurnal dan Artikel",
        "documents": "Dokumen dan Peraturan Perundang-undangan",
        "online": "Internet",
    },
    "en": {
        "books": "Books",
        "journals": "Journals and Articles",
        "documents": "Documents and Legislation",
        "online": "Online Sources",
    },
}


def bibliography_groups(citations: dict) -> list[dict] | None:
    """The groups of DAFTAR PUSTAKA when ``citations.group_by_kind`` is on:
    [{"title", "types"}], a group's title the config's or its kind's in the
    thesis language."""
    if not citations.get("group_by_kind", schema_default("citations", "group_by_kind")):
        return None
    lang = str(citations.get("locale", "id-ID")).split("-")[0].lower()
    titles = GROUP_TITLES.get(lang, GROUP_TITLES["id"])
    groups = citations.get("groups") or schema_default("citations", "groups")
    return [{"title": g.get("title") or titles[g["kind"]], "types": g["types"]} for g in groups]


def group_bibliography(doc: dict, types: dict, groups: list[dict]) -> int:
    """Split citeproc's list (the Div #refs) by kind of work: a heading per
    group that has works, its entries in citeproc's (alphabetical) order.
    ``types``: entry key -> BibLaTeX type; a type no group names goes to the
    last group. The headings stay out of the contents lists (unlisted)."""
    from scripts.assemble import heading

    def refs_div(blocks):
        for b in blocks:
            if b.get("t") == "Div":
                if b["c"][0][0] == "refs":
                    return b
                found = refs_div(b["c"][1])
                if found:
                    return found
        return None

    refs = refs_div(doc["blocks"])
    if refs is None:
        return 0
    group_of = {t: i for i, g in reversed(list(enumerate(groups))) for t in g["types"]}
    filed: list[list] = [[] for _ in groups]
    for entry in refs["c"][1]:
        key = entry["c"][0][0].removeprefix("ref-") if entry.get("t") == "Div" else ""
        filed[group_of.get(types.get(key, "").lower(), len(groups) - 1)].append(entry)
    blocks = []
    for g, entries in zip(groups, filed, strict=True):
        if entries:
            ident = "pustaka-" + re.sub(r"[^a-z0-9]+", "-", g["title"].lower()).strip("-")
            blocks.append(heading(g["title"], level=2, ident=ident, classes=("unnumbered", "unlisted")))
            blocks.extend(entries)
    refs["c"][1] = blocks
    return sum(1 for e in filed if e)


def meta_args(extra_meta) -> list[str]:
    return [a for k, v in sorted((extra_meta or {}).items()) for a in ("-M", f"{k}={v}")]


def render_argv(ast_in, to: str, extra_meta=None, *options) -> list[str]:
    """pandoc from the cited AST to one output format, with the render filters."""
    return [
        pandoc_path(),
        str(ast_in),
        "-f",
        "json",
        "-t",
        to,
        *options,
        "-L",
        lua("draft-markers"),
        "-L",
        lua("layout"),
        *meta_args(extra_meta),
        "-o",
        "-",
    ]


def typst_source(ast_in, template, extra_meta=None) -> str:
    argv = render_argv(ast_in, "typst-citations", extra_meta, "--template", str(template))
    return run_tool(argv, what="pandoc (Typst)", source=rel(ast_in)).stdout.decode("utf-8")


def typst_location(src: str, diagnostic: str) -> str:
    m = re.search(r"┌─ [^\n]*?:(\d+):(\d+)", diagnostic or "") or re.search(r"(\d+):(\d+)", diagnostic or "")
    return f"{m.group(1)}:{m.group(2)}" if m else "1:1"


def typst_meta(ast_in, extra_meta=None) -> dict:
    """Title, author, keywords and layout for the template, as plain JSON;
    a draft's identity (``subject``, scripts/drafts/identity.py) becomes the
    PDF's subject (``/Subject`` and XMP ``dc:description``)."""
    import json

    from scripts.assemble import from_meta

    meta = json.loads(Path(ast_in).read_text(encoding="utf-8"))["meta"]
    plain = {
        k: from_meta(v) for k, v in meta.items() if k in ("title", "author", "keywords", "thesis-layout", "labels")
    }
    kw = plain.get("keywords", [])
    return {
        "title": plain.get("title", ""),
        "author": plain.get("author", ""),
        "keywords": kw if isinstance(kw, list) else [kw],
        "layout": plain.get("thesis-layout", {}),
        "description": (extra_meta or {}).get("subject") or None,
        **({"labels": plain["labels"]} if "labels" in plain else {}),
    }


def body_font(data: bytes, fonts) -> str | None:
    """Which of the configured ``fonts`` Typst set the text in, read from the
    fonts embedded in the PDF (``/BaseFont /ABCDEF+LiberationSerif``)."""
    embedded = {m.split(b"-")[0].decode("latin-1") for m in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([\w-]+)", data)}
    return next((f for f in fonts if f.replace(" ", "") in embedded), None)


def pdf(ast_in, template, typ_out, pdf_out, standards=(), extra_meta=None):
    """Typst source from the cited AST, compiled from memory with the project
    as root, so image paths need no rewriting; the metadata goes in as the
    Typst input ``thesis-meta``. ``typ_out`` keeps the source for diagnostics
    and verification (its line numbers are the ones Typst reports)."""
    import json

    import typst

    src = typst_source(ast_in, template, extra_meta)
    write_atomic(typ_out, src)
    plain_meta = typst_meta(ast_in, extra_meta)
    meta = json.dumps(plain_meta, ensure_ascii=False, sort_keys=True)
    try:
        data = typst.compile(
            src.encode("utf-8"),
            root=str(ROOT),
            format="pdf",
            timestamp=source_date_epoch(),
            pdf_standards=list(standards),
            sys_inputs={"thesis-meta": meta},
        )
    except typst.TypstError as exc:
        where = typst_location(str(typ_out), getattr(exc, "diagnostic", ""))
        hint = (
            "; ".join(getattr(exc, "hints", []) or [])
            or "see the Typst source line; it comes from a chapter or the template"
        )
        line, col = where.split(":")
        fail(rel(typ_out), int(line), int(col), f"Typst could not set the thesis: {exc.message}", hint)
    fonts = list(plain_meta["layout"].get("fonts") or [])
    used = body_font(data, fonts) or "Typst's bundled Libertinus Serif"
    print(f"pdf: body font {used} (first installed of: {', '.join(fonts)})", file=sys.stderr)
    write_atomic(pdf_out, data)


def footer_rid(reference) -> str | None:
    """Relationship id of the page-number footer in the reference document;
    pandoc keeps it, and the front-matter section break must point at it."""
    import zipfile

    with zipfile.ZipFile(reference) as z:
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
    m = re.search(r'<Relationship [^>]*Id="(rId\d+)"[^>]*relationships/footer"', rels) or re.search(
        r'<Relationship [^>]*relationships/footer"[^>]*Id="(rId\d+)"', rels
    )
    return m.group(1) if m else None


def docx(ast_in, reference, docx_out, extra_meta=None):
    rid = footer_rid(reference)
    meta = {**(extra_meta or {}), **({"docx-footer-rid": rid} if rid else {})}
    argv = render_argv(ast_in, "docx", meta, "--reference-doc", str(reference), "--resource-path", str(ROOT))
    # pandoc dates the DOCX from SOURCE_DATE_EPOCH: the commit's time, not the clock's
    proc = run_tool(argv, what="pandoc (DOCX)", source=rel(ast_in), env=tool_env())
    from scripts.docx_finish import finish

    write_atomic(docx_out, finish(proc.stdout))


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    sub = ap.add_subparsers(dest="step", required=True)
    c = sub.add_parser("cite")
    c.add_argument("--config", default="config.yaml")
    c.add_argument("--front-pages", required=True)
    c.add_argument("--chapters", nargs="*", default=[], help="the chapters' ASTs, in thesis order")
    c.add_argument("--figures-meta", required=True)
    c.add_argument("--bib", required=True)
    c.add_argument("--bib-json", help="what the bibliography rule read (build/bib.json)")

    c.add_argument("--csl", required=True)
    c.add_argument("--log")
    c.add_argument("-o", "--output", required=True)
    p = sub.add_parser("pdf")
    p.add_argument("ast")
    p.add_argument("--template", required=True)
    p.add_argument("--typst-source", required=True)
    p.add_argument("--standard", action="append", default=[])
    p.add_argument("--meta", action="append", default=[], help="KEY=VALUE metadata (the draft stamp)")
    p.add_argument("-o", "--output", required=True)
    d = sub.add_parser("docx")
    d.add_argument("ast")
    d.add_argument("--reference", required=True)
    d.add_argument("--meta", action="append", default=[], help="KEY=VALUE metadata (the draft stamp)")
    d.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    if args.step == "cite":
        import json

        from scripts.assemble import assemble
        from scripts.chapters import role_of
        from scripts.config import load_config

        # The workflow hands the ASTs over in thesis order; a chapter's role
        # and source file follow from its name (scripts/chapters.py).
        chapters = [(role_of(Path(a).stem), f"chapters/{Path(a).stem}.md", a) for a in args.chapters]
        figures = json.loads(Path(args.figures_meta).read_text(encoding="utf-8"))
        config = load_config(args.config)
        doc = assemble(config, args.front_pages, chapters, figures)
        cite(doc, args.output, args.bib, args.csl, args.log, args.bib_json, bibliography_groups(config["citations"]))

    elif args.step == "pdf":
        meta = dict(m.split("=", 1) for m in args.meta)
        pdf(args.ast, args.template, args.typst_source, args.output, args.standard, meta)
    else:
        docx(args.ast, args.reference, args.output, dict(m.split("=", 1) for m in args.meta))
    return 0


if __name__ == "__main__":
    sys.exit(run())
