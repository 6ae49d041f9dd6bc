"""Checks on the entries of the bibliography, one function per rule, over
what ``scripts.bibliography`` read (build/bib.json): required fields after
crossref/xdata inheritance, names, dates, month, year, DOI, ISBN/ISSN, URL,
the same work under two keys.

The gate's contract (README, "The citation gate"): an error only where pandoc
would fail or hang, or where what is printed would differ from what the
author wrote (a missing comma, an undefined macro, a month pandoc drops, a
lost crossref). Such entry-level errors count only for an entry the thesis
prints (cites); for an entry nobody cites they are warnings. Strictness
beyond biber (URL form, ISBN checksums, "same work", style advice) is always a
warning.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from bibtexparser.middlewares.names import InvalidNameError, parse_single_name_into_parts, split_multiple_persons_names
from stdnum import isbn as _isbn
from stdnum import issn as _issn

from scripts.bibliography import MONTHS, read
from scripts.bibliography import finding as bib_finding
from scripts.common import Finding, finding

# Required fields per type: those biber's data-model validation calls
# mandatory (alternatives separated by |), never more, so the check errs on
# nothing biber accepts without complaint; then recommended ones, which the
# thesis's style prints when present (publisher, place, access date).
# Missing required: error (when cited); recommended: warning.
_TITLE = (["title"], [])
REQUIRED = {
    "article": (["author", "title", "journaltitle|journal", "year|date"], ["volume", "pages"]),
    "book": (["author|editor", "title", "year|date"], ["publisher", "location|address"]),
    "mvbook": (["author|editor", "title", "year|date"], ["publisher"]),
    "inbook": (["author", "title", "booktitle", "year|date"], ["publisher", "pages"]),
    "incollection": (["author", "title", "booktitle", "year|date"], ["publisher", "editor", "pages"]),
    "inproceedings": (["author", "title", "booktitle", "year|date"], ["pages"]),
    "collection": (["editor", "title", "year|date"], ["publisher", "location|address"]),
    "proceedings": (["title", "year|date"], ["editor"]),
    "thesis": (["author", "title", "type", "institution|school", "year|date"], []),
    "phdthesis": (["author", "title", "institution|school", "year|date"], []),
    "mastersthesis": (["author", "title", "institution|school", "year|date"], []),
    "online": (["title", "url|doi|eprint"], ["urldate", "author|editor|organization", "year|date"]),
    "report": (["author", "title", "type", "institution", "year|date"], []),
    "techreport": (["author", "title", "institution", "year|date"], []),
    "manual": (["title", "year|date"], []),
    "misc": (["title"], ["author|editor|organization", "year|date"]),
    "unpublished": (["author", "title", "year|date"], []),
    "booklet": (["title"], ["year|date"]),
    "patent": (["author", "title", "number", "year|date"], []),
    "conference": (["author", "title", "booktitle", "year|date"], []),
    "www": (["title", "url"], []),
    "inreference": (["title", "booktitle", "year|date"], []),
    **{
        t: (["title", "year|date"], [])
        for t in "legislation legal jurisdiction periodical reference mvreference".split()
    },
    **{
        t: _TITLE
        for t in "suppbook suppcollection suppperiodical software dataset electronic artwork audio image movie music"
        " performance video letter review standard commentary".split()
    },
    **{t: ([], []) for t in "set xdata bibnote customa customb customc customd custome customf".split()},
}
# Parent field -> child field for the in* types (biblatex crossref inheritance).
INHERIT_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
DATE_FIELDS = ("date", "urldate", "eventdate", "origdate")
# biblatex/EDTF dates (biblatex manual §2.3.8, EDTF level 0-1): a year of up
# to four digits, optionally negative, with X for unknown digits; months
# 01-12 or seasons 21-24; an optional time with zone; ~ ? % qualifiers.
EDTF = re.compile(
    r"^(?P<y>-?[\dX]{1,4}|Y-?\d{5,})(?:-(?P<m>[\dX]{2})(?:-(?P<d>[\dX]{2})"
    r"(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?[~?%]?$"
)
DOI = re.compile(r"^10(\.\d{4,9})?/\S+$")  # 10.NNNN/suffix, or a short DOI 10/abcd
URL = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$", re.I)
MONTH_WORDS = {"january", "february", "march", "april", "may", "june", "july", "august", "september"}
MONTH_WORDS |= {"october", "november", "december"}
EXTENDED_NAME = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.I)


def normalise_title(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = re.sub(r"\\[a-zA-Z]+|[{}\\]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def family_name(name: str) -> str:
    """Family name of one name, in any of BibTeX's forms or Better BibTeX's
    extended one (``family=Mesquita, given=Bruce, prefix=Bueno de``)."""
    if EXTENDED_NAME.match(name):
        m = re.search(r"family\s*=\s*(\{[^}]*\}|[^,]*)", name, re.I)
        return normalise_title(m.group(1)) if m else ""
    try:
        return normalise_title(" ".join(parse_single_name_into_parts(name).last))
    except InvalidNameError:
        return normalise_title(name.split(",")[0])


def first_family(names: str) -> str:
    people = split_multiple_persons_names(names or "")
    return family_name(people[0]) if people else ""


def isbn_problem(raw: str):
    """None if every ISBN in the field is valid (lists split by ; , 'and' or
    spaces); else what is wrong with the first bad one."""
    for part in re.split(r"[;,]|\s+and\s+", raw):
        part = part.strip()
        if not part or _isbn.is_valid(part):
            continue
        words = part.split()
        if len(words) > 1 and all(_isbn.is_valid(w) for w in words):
            continue  # a space-separated list
        if _issn.is_valid(part):
            return f"{part!r} is an ISSN, not an ISBN", "move it to the issn field"
        return f"isbn {part!r} fails its checksum", "copy the ISBN again from the book"
    return None


def isbn_ok(raw: str) -> bool:
    return isbn_problem(raw) is None


def names_problem(value: str):
    v = " ".join(value.split())
    if re.search(r"\band\s+and\b", v, re.I):
        return "the name list has 'and and'", "remove the doubled 'and'"
    if re.match(r"^and\b", v, re.I) or re.search(r"\band$", v, re.I):
        return "the name list starts or ends with 'and'", "remove the loose 'and'"
    for n in split_multiple_persons_names(v):
        if EXTENDED_NAME.match(n):
            continue  # Better BibTeX / biblatex extended name format
        if not n.strip(" ,"):
            return "the name list has an empty name", "remove the empty part between 'and's"
        try:
            parse_single_name_into_parts(n)
        except InvalidNameError:
            return f"the name {n.strip()!r} has too many commas", "write 'Family, Given' or 'Family, Jr., Given'"
    return None


def date_ok(v: str) -> bool:
    """A biblatex date or range (``a/b``, open ends ``../b``, ``a/``)."""
    parts = v.split("/")
    if len(parts) > 2 or v in ("", "/"):
        return False
    for p in parts:
        if p in ("", ".."):
            continue
        m = EDTF.match(p)
        if not m:
            return False
        mo, d = m.group("m"), m.group("d")
        if mo and "X" not in mo and not (1 <= int(mo) <= 12 or (21 <= int(mo) <= 24 and not d)):
            return False
        if d and "X" not in d + mo and not 1 <= int(d) <= 31:
            return False
    return True


class Rules:
    """Every rule is a method ``rule_*(entry, fields)`` yielding findings."""

    def __init__(self, path, entries, parents):
        self.path, self.entries, self.parents = str(path), entries, parents
        self.seen_works: dict[str, str] = {}

    def at(self, e, fieldname, severity, message, fix, code):
        f = e.fields.get(fieldname) if fieldname else None
        line, col = (f.line, f.col) if f else (e.line, e.col)
        return bib_finding(self.path, line, col, severity, message, fix, code, e.key)

    def resolved(self, e, depth=0):
        """The entry's fields with those inherited through crossref and xdata."""
        fields = dict(e.fields)
        if depth > 10:
            return fields
        for parent in self.parents.get(e.key, []):
            if parent == e.key or parent not in self.entries:
                continue
            for name, f in self.resolved(self.entries[parent], depth + 1).items():
                fields.setdefault(INHERIT_AS.get(name, name) if e.type.startswith("in") else name, f)
                if name not in INHERIT_AS or not e.type.startswith("in"):
                    fields.setdefault(name, f)
        return fields

    def run(self):
        out = []
        rules = [getattr(self, n) for n in sorted(dir(self)) if n.startswith("rule_")]
        for e in self.entries.values():
            fields = self.resolved(e)
            for rule in rules:
                out += rule(e, fields)
        return out

    def rule_type(self, e, fields):
        if e.type in REQUIRED:
            return []
        return [
            self.at(
                e,
                None,
                "warning",
                f"unknown entry type @{e.type} in {e.key!r}; pandoc treats it as @misc",
                "use a biblatex type such as @book, @article, @incollection, @online",
                "bib-type",
            )
        ]

    def rule_required(self, e, fields):
        incomplete = "incomplete" in (e.get("keywords") or "").lower()
        req, rec = REQUIRED.get(e.type, (["title"], []))
        out = []
        for alt in req:
            if not any(a in fields for a in alt.split("|")):
                out.append(
                    self.at(
                        e,
                        None,
                        "warning" if incomplete else "error",
                        f"@{e.type} {e.key!r} lacks required field {alt.replace('|', ' or ')}",
                        "add it from the work itself (marked incomplete: listed as unfinished)"
                        if incomplete
                        else "add it, or mark the entry keywords = {incomplete} if the source does not give it",
                        "bib-required",
                    )
                )
        for alt in rec:
            if not any(a in fields for a in alt.split("|")):
                msg = f"@{e.type} {e.key!r} has no {alt.replace('|', ' or ')}"
                out.append(self.at(e, None, "warning", msg, "add it if the work gives it", "bib-recommended"))
        return out

    def rule_names(self, e, fields):
        out = []
        for nf in ("author", "editor", "translator", "bookauthor"):
            bad = nf in e.fields and names_problem(e.fields[nf].value)
            if bad:
                out.append(self.at(e, nf, "error", f"{nf} of {e.key!r}: {bad[0]}", bad[1], "bib-names"))
        return out

    def rule_dates(self, e, fields):
        out = []
        for df in DATE_FIELDS:
            v = e.fields[df].value.strip() if df in e.fields else None
            if v is not None and not date_ok(v):
                out.append(
                    self.at(
                        e,
                        df,
                        "error",
                        f"{df} {v!r} of {e.key!r} is not a biblatex date (pandoc and biber drop it)",
                        "write YYYY, YYYY-MM or YYYY-MM-DD (ranges YYYY/YYYY; EDTF: 2015~, 199X, -0380)",
                        "bib-date",
                    )
                )
        return out

    def rule_year(self, e, fields):
        y = e.fields["year"].value.strip() if "year" in e.fields else None
        if y is None or re.fullmatch(r"-?\d{1,4}", y):
            return []
        return [
            self.at(
                e,
                "year",
                "error",
                f"year {y!r} of {e.key!r} is not a year (pandoc prints it as text)",
                "write the year as digits only, e.g. year = {2001}; a range goes in date = {1995/1996}",
                "bib-year",
            )
        ]

    def rule_month(self, e, fields):
        mv = e.fields["month"].value.strip() if "month" in e.fields else None
        if mv is None or (mv.isdigit() and 1 <= int(mv) <= 12) or mv.lower() in MONTHS or mv.lower() in MONTH_WORDS:
            return []
        return [
            self.at(
                e,
                "month",
                "error",
                f"month {mv!r} of {e.key!r} is not a month (pandoc drops it)",
                "write 1–12 or a month macro without braces (month = jan)",
                "bib-month",
            )
        ]

    def rule_identifiers(self, e, fields):
        out = []
        if "doi" in e.fields:
            raw = e.fields["doi"].value.strip()
            d = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", raw, flags=re.I)
            if not DOI.match(d):
                out.append(
                    self.at(
                        e, "doi", "warning", f"doi {raw!r} of {e.key!r} is not a DOI", "write 10.NNNN/suffix", "bib-doi"
                    )
                )
        bad = "isbn" in e.fields and isbn_problem(e.fields["isbn"].value)
        if bad:
            out.append(self.at(e, "isbn", "warning", f"{bad[0]} (in {e.key!r})", bad[1], "bib-isbn"))
        u = e.fields["url"].value.strip() if "url" in e.fields else None
        if u is not None and not URL.match(u):
            out.append(
                self.at(
                    e,
                    "url",
                    "warning",
                    f"url {u!r} of {e.key!r} is not a web address",
                    "write the full address with http:// or https:// and no spaces",
                    "bib-url",
                )
            )
        return out

    def rule_same_work(self, e, fields):
        """Two keys for one work: compared on the entry's own fields, so the
        chapters that crossref one volume are not "the same work" as it."""
        own = e.fields
        ident = []
        if "doi" in own:
            ident.append("doi:" + own["doi"].value.strip().lower())
        if "url" in own:
            ident.append("url:" + re.sub(r"^https?://(www\.)?|/$", "", own["url"].value.strip().lower()))
        t = normalise_title(own["title"].value) if "title" in own else ""
        y = own.get("year") or own.get("date")
        who = own.get("author") or own.get("editor")
        if t and y:
            ident.append(f"tya:{t}|{y.value[:4]}|{first_family(who.value) if who else ''}")
        related = set(self.parents.get(e.key, []))
        for i in ident:
            other = self.seen_works.setdefault(i, e.key)
            if other != e.key and other not in related and e.key not in self.parents.get(other, []):
                return [
                    self.at(
                        e,
                        None,
                        "warning",
                        f"{e.key!r} looks like the same work as {other!r}",
                        "cite one key and delete the other",
                        "bib-same-work",
                    )
                ]
        return []


def entry_findings(path, entries, parents) -> list[dict]:
    return Rules(path, entries, parents).run()


def as_findings(found, cited=None) -> list[Finding]:
    """Findings for the report. With ``cited`` given, an entry-level error of
    an entry the thesis does not cite is a warning: it changes nothing printed."""
    out = []
    for f in found:
        sev = f["severity"]
        uncited = cited is not None and f.get("key") and f["key"] not in cited and not f.get("fatal")
        msg = f["message"] + (" (not cited, so not printed)" if uncited and sev == "error" else "")
        sev = "warning" if uncited else sev
        out.append(finding((f["path"], f["line"], f["col"]), msg, f["fix"], f["code"], sev))
    return out


def check_bib(path: str, data: bytes | None = None, cited=None):
    """Return (entries by key, parents by key, findings) for one .bib file;
    every entry counts as printed unless ``cited`` says which are."""
    data = Path(path).read_bytes() if data is None else data
    entries, parents, found = read(data, str(path))
    return entries, parents, as_findings(found + entry_findings(path, entries, parents), cited)
