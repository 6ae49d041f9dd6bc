"""Checks on the chapters, read from pandoc's AST (never by regex on the
Markdown): cited keys exist, no hand-typed Ibid., narrative years agree with
the entries, locators are well formed, cross-references resolve, labels are
unique, figures have captions, alt text and a file some rule produces.
The Markdown is only searched to put a line and column on each finding.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from scripts.common import Finding
from scripts.pandoc_ast import text

CROSSREF = re.compile(r"^(fig|tbl|sec):")
HAND_TYPED = re.compile(r"(?<![\w@])(ibid(em)?|op\.?\s*cit|loc\.?\s*cit|idem)(?!\w)\.?", re.I)
LOCATOR_OK = re.compile(
    r"^\s*,?\s*((hlm\.|halaman)\s*)?[\divxlcdmIVXLCDM]+([–\-][\divxlcdmIVXLCDM]+)?"
    r"(\s*(,|dan|&)\s*[\divxlcdmIVXLCDM]+([–\-][\divxlcdmIVXLCDM]+)?)*\s*$"
)
UNRECOGNISED_LABEL = re.compile(r"^\s*,?\s*(hal\.?|p\.|pp\.|page|pages|halm\.?)\s*\d", re.I)


def stringify(x, notes=True) -> str:
    return text(x, notes=notes)


class Locator:
    """Finds where a thing stands in a chapter's Markdown."""

    def __init__(self, path):
        self.path = str(path)
        try:
            self.lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            self.lines = []
        self.cursor: dict[str, int] = {}

    def find(self, pattern: str, key=None):
        """Line/col of the next match of a regex, moving on after each hit."""
        key = key or pattern
        start = self.cursor.get(key, 0)
        rx = re.compile(pattern)
        for i in range(start, len(self.lines)):
            m = rx.search(self.lines[i])
            if m:
                self.cursor[key] = i + 1
                return i + 1, m.start() + 1
        for i in range(0, min(start, len(self.lines))):
            m = rx.search(self.lines[i])
            if m:
                return i + 1, m.start() + 1
        return 1, 1


def walk_blocks(node, visit, ctx=None):
    """Depth-first walk calling visit(element, parent_block) for every dict."""
    if isinstance(node, dict):
        visit(node, ctx)
        if node.get("t") in ("Para", "Plain"):
            ctx = node
        c = node.get("c")
        if c is not None:
            walk_blocks(c, visit, ctx)
    elif isinstance(node, list):
        for y in node:
            walk_blocks(y, visit, ctx)


def check_chapters(
    chapters,
    entries,
    parents,
    produced_figures: set[str],
    figure_meta: dict,
    bib_path="references.bib",
    data_names=None,
    require_alt=False,
):
    """chapters: list of (source path, ast dict). Returns (findings, cited keys)."""
    findings: list[Finding] = []
    keys = set(entries)
    lower = {k.lower(): k for k in keys}
    cited: set[str] = set()
    labels: dict[str, tuple[str, int, int]] = {}
    refs: list[tuple[str, str, int, int]] = []
    figures: list[tuple[str, dict, str, int, int]] = []

    data_names = data_names or {"tables": set(), "values": set()}
    for source, ast in chapters:
        loc = Locator(source)

        def visit(el, para):
            t = el.get("t")
            if t in ("Div", "Span"):
                classes, kv = el["c"][0][1], dict(el["c"][0][2])
                kind, attr_name = ("tables", "name") if "data-table" in classes else ("values", "value")
                if ("data-table" in classes and t == "Div") or ("data" in classes and t == "Span"):
                    name = kv.get(attr_name, "")
                    if name not in data_names[kind]:
                        line, col = loc.find(re.escape(f'{attr_name}="{name}"'), "data:" + name)
                        near = difflib.get_close_matches(name, sorted(data_names[kind]), n=1, cutoff=0.5)
                        what = "table" if kind == "tables" else "value"
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "error",
                                f"no data {what} named {name!r}",
                                f"did you mean {near[0]!r}?"
                                if near
                                else f"known: {', '.join(sorted(data_names[kind])) or '(none: add data/evidence.csv)'}",
                                "data-name",
                            )
                        )
                    if t == "Div" and not stringify(el["c"][1]).strip():
                        line, col = loc.find(re.escape(f'{attr_name}="{name}"'), "datacap:" + name)
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "error",
                                f"data table {name!r} has no caption",
                                "write the caption as the block's text",
                                "table-caption",
                            )
                        )
            if t == "Cite":
                for c in el["c"][0]:
                    cid = c["citationId"]
                    if CROSSREF.match(cid):
                        line, col = loc.find(r"@" + re.escape(cid) + r"(?![\w:.-]*\w)", "xref:" + cid)
                        refs.append((cid, source, line, col))
                        continue
                    line, col = loc.find(r"@" + re.escape(cid) + r"(?![\w:.-]*\w)", "cite:" + cid)
                    cited.add(cid)
                    if cid not in keys:
                        if cid.lower() in lower:
                            fix = f"the key is written {lower[cid.lower()]!r} in {bib_path}: match its case"
                        else:
                            near = difflib.get_close_matches(cid, sorted(keys), n=1, cutoff=0.6)
                            fix = f"did you mean @{near[0]}?" if near else f"add an entry {cid!r} to {bib_path}"
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "error",
                                f"citation key {cid!r} is not in {bib_path}",
                                fix,
                                "cite-missing",
                            )
                        )
                        continue
                    suffix = stringify(c["citationSuffix"])
                    if suffix.strip() and UNRECOGNISED_LABEL.match(suffix):
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "warning",
                                f"locator {suffix.strip()!r} of @{cid} is not understood by the id-ID locale",
                                "write the page as a bare number or with 'hlm.' ([@key, 51])",
                                "cite-locator",
                            )
                        )
                    elif suffix.strip() and re.match(r"^\s*,", suffix) and not LOCATOR_OK.match(suffix):
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "warning",
                                f"locator {suffix.strip()!r} of @{cid} is not a page or page range",
                                "write pages as 51, 216-217 or 1-2, 13",
                                "cite-locator",
                            )
                        )
            elif t in ("Para", "Plain"):
                for m in HAND_TYPED.finditer(stringify(el["c"], notes=False)):
                    word = m.group(0)
                    pattern = r"(?i)(?<![\w@])" + r"\s+".join(re.escape(w) for w in word.split())
                    line, col = loc.find(pattern, "hand:" + word.lower())
                    findings.append(
                        Finding(
                            source,
                            line,
                            col,
                            "error",
                            f"hand-typed {word!r} in the text",
                            "cite the work again ([@key, page]); the style writes Ibid. itself",
                            "cite-hand-typed",
                        )
                    )
            elif t in ("Header", "Figure", "Table", "Div", "Span", "CodeBlock"):
                attr = el["c"][1] if t == "Header" else el["c"][0]
                ident = attr[0]
                if ident and CROSSREF.match(ident):
                    line, col = loc.find(r"#" + re.escape(ident) + r"\b", "label:" + ident)
                    if ident in labels:
                        s, ln, _ = labels[ident]
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "error",
                                f"label {ident!r} is used twice (first at {s}:{ln})",
                                "give each figure, table and section its own label",
                                "xref-duplicate",
                            )
                        )
                    else:
                        labels[ident] = (source, line, col)
                if t == "Figure":
                    line, col = loc.find(r"!\[", "figure")
                    figures.append((ident, el, source, line, col))
                if t == "Table":
                    caption = stringify(el["c"][1])
                    if not caption.strip():
                        line, col = loc.find(r"^\s*\|", "table")
                        findings.append(
                            Finding(
                                source,
                                line,
                                col,
                                "error",
                                "a table has no caption",
                                "add ': Caption {#tbl:label}' above or below the table",
                                "table-caption",
                            )
                        )

        walk_blocks(ast.get("blocks", []), visit)
        findings += narrative_years(ast, entries, loc)

    for cid, source, line, col in refs:
        if cid not in labels:
            near = difflib.get_close_matches(cid, sorted(labels), n=1, cutoff=0.6)
            findings.append(
                Finding(
                    source,
                    line,
                    col,
                    "error",
                    f"cross-reference @{cid} points at no label",
                    f"did you mean @{near[0]}?" if near else f"add {{#{cid}}} to the figure, table or heading",
                    "xref-missing",
                )
            )
    referenced = {r[0] for r in refs}
    for ident, el, source, line, col in figures:
        caption = stringify(el["c"][1])
        if not caption.strip():
            findings.append(
                Finding(
                    source,
                    line,
                    col,
                    "error",
                    "a figure has no caption",
                    "write the caption inside ![...]",
                    "figure-caption",
                )
            )
        for img in _images(el):
            src = img["c"][2][0]
            alt = stringify(img["c"][1])
            bare = "/" not in src and not re.search(r"\.\w+$", src)
            if bare:
                if src not in produced_figures:
                    near = difflib.get_close_matches(src, sorted(produced_figures), n=1)
                    findings.append(
                        Finding(
                            source,
                            line,
                            col,
                            "error",
                            f"figure {src!r} is made by no rule (no data/diagrams/{src}.yaml or chart)",
                            f"did you mean {near[0]!r}?" if near else "add a diagram spec or fix the name",
                            "figure-missing",
                        )
                    )
                elif not figure_meta.get(src, {}).get("alt"):
                    findings.append(
                        Finding(
                            source,
                            line,
                            col,
                            "error",
                            f"figure {src!r} has no alt text",
                            "add alt: to its spec",
                            "figure-alt",
                        )
                    )
            else:
                if not (Path(src).exists()):
                    findings.append(
                        Finding(
                            source,
                            line,
                            col,
                            "error",
                            f"image file {src!r} does not exist",
                            "fix the path (relative to the repository) or add the file",
                            "figure-missing",
                        )
                    )
                if not alt.strip() or alt.strip() == caption.strip():
                    findings.append(
                        Finding(
                            source,
                            line,
                            col,
                            "error" if require_alt else "warning",
                            f"image {src!r} has no alt text of its own",
                            'add {alt="…"} describing what the image shows',
                            "figure-alt",
                        )
                    )
        if ident and ident not in referenced:
            findings.append(
                Finding(
                    source,
                    line,
                    col,
                    "warning",
                    f"figure @{ident} is never referred to in the text",
                    f"refer to it with @{ident}",
                    "figure-unreferenced",
                )
            )
    return findings, cited


def _images(fig):
    out = []

    def visit(el, _):
        if el.get("t") == "Image":
            out.append(el)

    walk_blocks(fig["c"][2], visit)
    return out


YEAR_AFTER_NAME = re.compile(r"^\((\d{4})\)[.,;:]?$")


def narrative_years(ast, entries, loc) -> list[Finding]:
    """'Sinambela (2012)' in a paragraph that cites an entry by Sinambela
    from another year: warn (the text or the entry is wrong)."""
    findings = []

    def family_names(e):
        names = e.get("author") or e.get("editor") or ""
        fams = set()
        for n in re.split(r"\s+and\s+", names):
            n = n.strip().strip("{}")
            fam = n.split(",")[0] if "," in n else (n.split()[-1] if n.split() else "")
            fams.add(fam.strip("{} ").lower())
        return fams

    def visit(el, _):
        if el.get("t") not in ("Para", "Plain"):
            return
        inl = el["c"]
        words = [(i, x["c"]) for i, x in enumerate(inl) if x.get("t") == "Str"]
        cites = []

        def grab(y, _):
            if y.get("t") == "Cite":
                cites.extend(c["citationId"] for c in y["c"][0])

        walk_blocks(inl, grab)
        for idx, (_i, w) in enumerate(words):
            m = YEAR_AFTER_NAME.match(w)
            if not m or idx == 0:
                continue
            name = words[idx - 1][1].strip("’'").lower()
            for key in cites:
                e = entries.get(key)
                if not e:
                    continue
                year = (e.get("year") or e.get("date") or "")[:4]
                if name in family_names(e) and year and year != m.group(1):
                    line, col = loc.find(re.escape(words[idx - 1][1]) + r"\s+\(" + m.group(1), "narr:" + key)
                    findings.append(
                        Finding(
                            loc.path,
                            line,
                            col,
                            "warning",
                            f"the text says {words[idx - 1][1]} ({m.group(1)}) but @{key} is dated {year}",
                            "correct the year in the text or in the entry",
                            "cite-year",
                        )
                    )

    walk_blocks(ast.get("blocks", []), visit)
    return findings
