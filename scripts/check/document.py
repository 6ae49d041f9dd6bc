"""Checks on the chapters, read from pandoc's AST (never by regex on the
Markdown): cited keys exist, no hand-typed Ibid., narrative years agree with
the entries, locators are well formed, cross-references resolve, labels are
unique, figures have captions, alt text and a file some rule produces.

One function per rule. A per-chapter rule takes a :class:`Doc` and the
:class:`Context`; the rules across chapters (labels, cross-references,
figures) take all of them. Positions come from scripts.locate, which pairs
the AST with the Markdown; nothing here searches the Markdown itself.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.common import Finding, finding
from scripts.locate import SourceMap
from scripts.pandoc_ast import CROSSREF, elements, text

# "_ibidem_" is emphasis in Markdown: an underscore before the word does not hide it.
HAND_TYPED = re.compile(r"(?<![^\W_])(?<!@)(ibid(em)?|op\.?\s*cit|loc\.?\s*cit|idem)(?![^\W_])\.?", re.I)
# pandoc-crossref's other label kinds, which the crossref filter does not number
OTHER_CROSSREF = re.compile(r"^(eq|lst):")
LOCATOR_OK = re.compile(
    r"^\s*,?\s*((hlm\.|halaman)\s*)?[\divxlcdmIVXLCDM]+([–\-][\divxlcdmIVXLCDM]+)?"
    r"(\s*(,|dan|&)\s*[\divxlcdmIVXLCDM]+([–\-][\divxlcdmIVXLCDM]+)?)*\s*$"
)
UNRECOGNISED_LABEL = re.compile(r"^\s*,?\s*(hal\.?|p\.|pp\.|page|pages|halm\.?)\s*\d", re.I)
YEAR_AFTER_NAME = re.compile(r"^\((\d{4})\)[.,;:]?$")
LABELLED = ("Header", "Figure", "Table", "Div", "Span", "CodeBlock")


@dataclass
class Doc:
    """One chapter: its source path, its AST and where its elements stand."""

    source: str
    ast: dict
    where: SourceMap = None

    def __post_init__(self):
        self.source = str(self.source)
        if self.where is None:
            self.where = SourceMap(self.source, self.ast)
        # one walk over the AST serves every rule
        self._order = list(elements(self.ast.get("blocks", [])))
        self._by_type: dict[str, list] = {}
        for el in self._order:
            self._by_type.setdefault(el["t"], []).append(el)
        echo = {
            id(x)
            for fig in self.all("Figure")
            for img in elements(fig["c"][2])
            if img["t"] == "Image"
            for x in elements(img["c"][1])
            if x["t"] == "Cite"
        }
        self._citations = [
            (c, bool(CROSSREF.match(c["citationId"])))
            for el in self.all("Cite")
            if id(el) not in echo
            for c in el["c"][0]
        ]

    def all(self, *types):
        """The elements of these types, in document order."""
        if len(types) == 1:
            return self._by_type.get(types[0], [])
        return [el for el in self._order if el["t"] in types]

    def citations(self):
        """(citation, crossref?) for every item of every Cite, in order. A
        figure's image repeats its caption as alt text: those Cites are the
        caption's, counted (and located) once."""
        return self._citations


@dataclass
class Context:
    """What the chapters are checked against."""

    entries: dict
    produced: set = field(default_factory=set)
    figure_meta: dict = field(default_factory=dict)
    bib_path: str = "references.bib"
    data_names: dict = field(default_factory=lambda: {"tables": set(), "values": set()})
    require_alt: bool = False


# -- rules on one chapter -------------------------------------------------------


def data_names(doc: Doc, ctx: Context) -> list[Finding]:
    """``::: {.data-table name=…}`` and ``[]{.data value=…}`` name data that
    exists; a data table has a caption."""
    out = []
    for el in doc.all("Div", "Span"):
        classes, kv = el["c"][0][1], dict(el["c"][0][2])
        if el["t"] == "Div" and "data-table" in classes:
            cls, kind, what, name = "data-table", "tables", "table", kv.get("name", "")
        elif el["t"] == "Span" and "data" in classes:
            cls, kind, what, name = "data", "values", "value", kv.get("value", "")
        else:
            continue
        at = doc.where.element(el, cls)
        known = sorted(ctx.data_names[kind])
        if name not in ctx.data_names[kind]:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            fix = (
                f"did you mean {near[0]!r}?"
                if near
                else f"known: {', '.join(known) or '(none: add data/evidence.csv)'}"
            )
            out.append(finding(at, f"no data {what} named {name!r}", fix, "data-name"))
        if el["t"] == "Div" and not text(el["c"][1]).strip():
            out.append(
                finding(
                    at, f"data table {name!r} has no caption", "write the caption as the block's text", "table-caption"
                )
            )
    return out


KEYWORD_LANGS = ("id", "en")  # thesis.keywords in schemas/config.schema.yaml


def keyword_spans(doc: Doc, ctx: Context) -> list[Finding]:
    """``[]{.keywords lang=…}`` names a list config has (id or en): any
    other would print a placeholder no config key fills or counts."""
    out = []
    for el in doc.all("Span"):
        if "keywords" not in el["c"][0][1]:
            continue
        lang = dict(el["c"][0][2]).get("lang")
        if lang is not None and lang not in KEYWORD_LANGS:
            out.append(
                finding(
                    doc.where.element(el, "keywords"),
                    f"keywords in language {lang!r}: config.yaml has thesis.keywords.id and .en only",
                    "write lang=id or lang=en",
                    "keywords-lang",
                )
            )
    return out


def cite_keys(doc: Doc, ctx: Context) -> list[Finding]:
    """Every cited key is an entry of the bibliography."""
    out = []
    lower = {k.lower(): k for k in ctx.entries}
    for c, xref in doc.citations():
        cid = c["citationId"]
        if xref or cid in ctx.entries:
            continue
        if OTHER_CROSSREF.match(cid):
            out.append(
                finding(
                    doc.where.cite(c),
                    f"@{cid} is a pandoc-crossref label, not a citation key; this build numbers only"
                    " figures (@fig:), tables (@tbl:) and sections (@sec:)",
                    "refer to it in words, or make it a figure, table or section with a label",
                    "crossref-unsupported",
                )
            )
            continue
        if cid.lower() in lower:
            fix = f"the key is written {lower[cid.lower()]!r} in {ctx.bib_path}: match its case"
        else:
            near = difflib.get_close_matches(cid, sorted(ctx.entries), n=1, cutoff=0.6)
            fix = f"did you mean @{near[0]}?" if near else f"add an entry {cid!r} to {ctx.bib_path}"
        out.append(finding(doc.where.cite(c), f"citation key {cid!r} is not in {ctx.bib_path}", fix, "cite-missing"))
    return out


def cite_locators(doc: Doc, ctx: Context) -> list[Finding]:
    """Locators are pages the id-ID locale understands (51, 216-217, hlm. 5)."""
    out = []
    for c, xref in doc.citations():
        cid = c["citationId"]
        suffix = text(c["citationSuffix"])
        if xref or cid not in ctx.entries or not suffix.strip():
            continue
        if UNRECOGNISED_LABEL.match(suffix):
            msg = f"locator {suffix.strip()!r} of @{cid} is not understood by the id-ID locale"
            fix = "write the page as a bare number or with 'hlm.' ([@key, 51])"
        elif re.match(r"^\s*,", suffix) and not LOCATOR_OK.match(suffix):
            msg, fix = (
                f"locator {suffix.strip()!r} of @{cid} is not a page or page range",
                "write pages as 51, 216-217 or 1-2, 13",
            )
        else:
            continue
        out.append(finding(doc.where.cite(c), msg, fix, "cite-locator", "warning"))
    return out


def hand_typed(doc: Doc, ctx: Context) -> list[Finding]:
    """No hand-typed Ibid., op. cit., loc. cit., idem: the style writes them."""
    out = []
    for el in doc.all("Para", "Plain"):
        seen: dict[str, int] = {}
        for m in HAND_TYPED.finditer(text(el["c"], notes=False)):
            word = m.group(0)
            pattern = r"(?i)(?<![^\W_])(?<!@)" + r"\s+".join(re.escape(w) for w in word.split())
            n = seen[word.lower()] = seen.get(word.lower(), -1) + 1
            out.append(
                finding(
                    doc.where.search(pattern, el, n),
                    f"hand-typed {word!r} in the text",
                    "cite the work again ([@key, page]); the style writes Ibid. itself",
                    "cite-hand-typed",
                )
            )
    return out


def double_question_marks(doc: Doc, ctx: Context) -> list[Finding]:
    """No "??" in the text: in the PDF and DOCX it is what an unresolved
    cross-reference prints, so the renders' verification refuses it; said
    here, at its line, the check passes only what verification passes."""
    out = []
    for el in doc.all("Para", "Plain", "Header"):
        body = el["c"][2] if el["t"] == "Header" else el["c"]
        for n, _ in enumerate(re.finditer(r"\?\?", text(body, notes=False))):
            out.append(
                finding(
                    doc.where.search(r"\?\?", el, n),
                    "'??' in the text reads as an unresolved cross-reference in the PDF and DOCX",
                    "write one '?' (or '?!'), or refer to a label with @sec:, @fig:, @tbl:",
                    "text-double-question-mark",
                )
            )
    return out


def table_captions(doc: Doc, ctx: Context) -> list[Finding]:
    """Every table has a caption (the list of tables is made from them)."""
    return [
        finding(
            doc.where.block(el),
            "a table has no caption",
            "add ': Caption {#tbl:label}' above or below the table",
            "table-caption",
        )
        for el in doc.all("Table")
        if not text(el["c"][1]).strip()
    ]


def family_names(entry) -> set[str]:
    names = entry.get("author") or entry.get("editor") or ""
    fams = set()
    for n in re.split(r"\s+and\s+", names):
        n = n.strip().strip("{}")
        fam = n.split(",")[0] if "," in n else (n.split()[-1] if n.split() else "")
        fams.add(fam.strip("{} ").lower())
    return fams


def narrative_years(doc: Doc, ctx: Context) -> list[Finding]:
    """'Sinambela (2012)' in a paragraph that cites an entry by Sinambela
    from another year: warn (the text or the entry is wrong)."""
    out = []
    for el in doc.all("Para", "Plain"):
        words = [x["c"] for x in el["c"] if x.get("t") == "Str"]
        cites = [c["citationId"] for y in elements(el["c"]) if y["t"] == "Cite" for c in y["c"][0]]
        for idx in range(1, len(words)):
            m = YEAR_AFTER_NAME.match(words[idx])
            if not m:
                continue
            name = words[idx - 1].strip("’'").lower()
            for key in cites:
                e = ctx.entries.get(key)
                year = (e.get("year") or e.get("date") or "")[:4] if e else ""
                if year and year != m.group(1) and name in family_names(e):
                    at = doc.where.search(re.escape(words[idx - 1]) + r"\s+\(" + m.group(1), el)
                    out.append(
                        finding(
                            at,
                            f"the text says {words[idx - 1]} ({m.group(1)}) but @{key} is dated {year}",
                            "correct the year in the text or in the entry",
                            "cite-year",
                            "warning",
                        )
                    )
    return out


CHAPTER_RULES = (
    data_names,
    keyword_spans,
    cite_keys,
    cite_locators,
    hand_typed,
    double_question_marks,
    table_captions,
    narrative_years,
)


# -- rules across chapters ------------------------------------------------------


def labels(docs: list[Doc]) -> tuple[dict, list[Finding]]:
    """Every label ({#fig:x}, {#tbl:x}, {#sec:x}) is given once."""
    first: dict[str, object] = {}
    out = []
    for doc in docs:
        for el in doc.all(*LABELLED):
            ident = (el["c"][1] if el["t"] == "Header" else el["c"][0])[0]
            if not (ident and CROSSREF.match(ident)):
                continue
            at = doc.where.label(el)
            if ident in first:
                out.append(
                    finding(
                        at,
                        f"label {ident!r} is used twice (first at {first[ident].path}:{first[ident].line})",
                        "give each figure, table and section its own label",
                        "xref-duplicate",
                    )
                )
            else:
                first[ident] = at
    return first, out


def crossrefs(docs: list[Doc], known: dict) -> list[Finding]:
    """Every @fig:/@tbl:/@sec: reference points at a label."""
    out = []
    for doc in docs:
        for c, xref in doc.citations():
            cid = c["citationId"]
            if xref and cid not in known:
                near = difflib.get_close_matches(cid, sorted(known), n=1, cutoff=0.6)
                out.append(
                    finding(
                        doc.where.cite(c),
                        f"cross-reference @{cid} points at no label",
                        f"did you mean @{near[0]}?" if near else f"add {{#{cid}}} to the figure, table or heading",
                        "xref-missing",
                    )
                )
    return out


def image_findings(img, caption: str, at, ctx: Context) -> list[Finding]:
    """A named figure is made by some rule and has alt text; an image file
    exists and has alt text of its own."""
    src, alt = img["c"][2][0], text(img["c"][1])
    if "/" not in src and not re.search(r"\.\w+$", src):  # a bare name: a figure some rule draws
        if src not in ctx.produced:
            near = difflib.get_close_matches(src, sorted(ctx.produced), n=1)
            return [
                finding(
                    at,
                    f"figure {src!r} is made by no rule (no data/diagrams/{src}.yaml or chart)",
                    f"did you mean {near[0]!r}?" if near else "add a diagram spec or fix the name",
                    "figure-missing",
                )
            ]
        if not ctx.figure_meta.get(src, {}).get("alt"):
            return [finding(at, f"figure {src!r} has no alt text", "add alt: to its spec", "figure-alt")]
        return []
    out = []
    if not Path(src).exists():
        out.append(
            finding(
                at,
                f"image file {src!r} does not exist",
                "fix the path (relative to the repository) or add the file",
                "figure-missing",
            )
        )
    if not alt.strip() or alt.strip() == caption.strip():
        severity = "error" if ctx.require_alt else "warning"
        out.append(
            finding(
                at,
                f"image {src!r} has no alt text of its own",
                'add {alt="…"} describing what the image shows',
                "figure-alt",
                severity,
            )
        )
    return out


def figures(docs: list[Doc], ctx: Context) -> list[Finding]:
    """Every figure has a caption, images some rule makes, alt text, and is
    referred to in the text."""
    referenced = {c["citationId"] for doc in docs for c, xref in doc.citations() if xref}
    out = []
    for doc in docs:
        for fig in doc.all("Figure"):
            images = [x for x in elements(fig["c"][2]) if x["t"] == "Image"]
            at = doc.where.image(images[0]) if images else doc.where.block(fig)
            caption = text(fig["c"][1])
            if not caption.strip():
                out.append(finding(at, "a figure has no caption", "write the caption inside ![...]", "figure-caption"))
            for img in images:
                out += image_findings(img, caption, at, ctx)
            ident = fig["c"][0][0]
            if ident and ident not in referenced:
                out.append(
                    finding(
                        at,
                        f"figure @{ident} is never referred to in the text",
                        f"refer to it with @{ident}",
                        "figure-unreferenced",
                        "warning",
                    )
                )
    return out


def check_chapters(
    chapters,
    entries,
    parents=None,
    produced_figures: set[str] = frozenset(),
    figure_meta: dict | None = None,
    bib_path="references.bib",
    data_names=None,
    require_alt=False,
):
    """``chapters``: Docs, or (source path, AST) pairs. Returns (findings,
    cited keys). ``parents`` (crossref parents) is accepted for old callers;
    the check of unused entries follows them, not this function."""
    docs = [c if isinstance(c, Doc) else Doc(*c) for c in chapters]
    ctx = Context(
        entries,
        set(produced_figures),
        figure_meta or {},
        str(bib_path),
        data_names or {"tables": set(), "values": set()},
        require_alt,
    )
    findings: list[Finding] = []
    for doc in docs:
        for rule in CHAPTER_RULES:
            findings += rule(doc, ctx)
    known, duplicates = labels(docs)
    findings += duplicates + crossrefs(docs, known) + figures(docs, ctx)
    cited = {c["citationId"] for doc in docs for c, xref in doc.citations() if not xref}
    return findings, cited
