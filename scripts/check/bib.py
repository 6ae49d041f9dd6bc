"""Checks on references.bib: syntax (via the tolerant reader), keys, types,
required fields after crossref inheritance, names, dates, identifiers.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from pathlib import Path

from scripts.check.bibtex import MONTHS as MONTH_NAMES
from scripts.check.bibtex import decode, read
from scripts.common import Finding

# Required fields per type (biblatex data model; alternatives separated by |),
# then recommended ones. Missing required: error; recommended: warning.
REQUIRED = {
    "article": (["author", "title", "journaltitle|journal", "year|date"], ["volume", "pages"]),
    "book": (["author|editor", "title", "publisher", "year|date"], ["location|address"]),
    "mvbook": (["author|editor", "title", "year|date"], ["publisher"]),
    "inbook": (["author", "title", "booktitle", "year|date"], ["publisher", "pages"]),
    "incollection": (["author", "title", "booktitle", "year|date"], ["publisher", "editor", "pages"]),
    "inproceedings": (["author", "title", "booktitle", "year|date"], ["pages"]),
    "collection": (["editor", "title", "year|date"], ["publisher", "location|address"]),
    "proceedings": (["title", "year|date"], ["editor"]),
    "thesis": (["author", "title", "type", "institution|school", "year|date"], []),
    "phdthesis": (["author", "title", "institution|school", "year|date"], []),
    "mastersthesis": (["author", "title", "institution|school", "year|date"], []),
    "online": (["title", "url", "urldate"], ["author|editor|organization", "year|date"]),
    "report": (["author", "title", "type", "institution", "year|date"], []),
    "techreport": (["author", "title", "institution", "year|date"], []),
    "manual": (["title", "year|date"], []),
    "misc": (["title"], ["author|editor|organization", "year|date"]),
    "unpublished": (["author", "title", "year|date"], []),
    "booklet": (["title"], ["year|date"]),
    "legislation": (["title", "year|date"], []),
    "legal": (["title", "year|date"], []),
    "jurisdiction": (["title", "year|date"], []),
    "patent": (["author", "title", "number", "year|date"], []),
    "periodical": (["title", "year|date"], []),
    "reference": (["title", "year|date"], []),
    "mvreference": (["title", "year|date"], []),
    "inreference": (["title", "booktitle", "year|date"], []),
    "suppbook": (["title"], []),
    "suppcollection": (["title"], []),
    "suppperiodical": (["title"], []),
    "software": (["title"], []),
    "dataset": (["title"], []),
    "set": ([], []),
    "xdata": ([], []),
    "conference": (["author", "title", "booktitle", "year|date"], []),
    "www": (["title", "url"], []),
    "electronic": (["title"], []),
    "artwork": (["title"], []),
    "audio": (["title"], []),
    "image": (["title"], []),
    "movie": (["title"], []),
    "music": (["title"], []),
    "performance": (["title"], []),
    "video": (["title"], []),
    "letter": (["title"], []),
    "review": (["title"], []),
    "standard": (["title"], []),
    "commentary": (["title"], []),
    "bibnote": ([], []),
    "customa": ([], []),
    "customb": ([], []),
    "customc": ([], []),
    "customd": ([], []),
    "custome": ([], []),
    "customf": ([], []),
}
# Parent field -> child field for the in* types (biblatex crossref inheritance).
INHERIT_AS = {"title": "booktitle", "subtitle": "booksubtitle", "author": "bookauthor"}
DATE_FIELDS = ("date", "urldate", "eventdate", "origdate")
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^(https?|ftp)://[^\s/$.?#][^\s]*$", re.I)
INCOMPLETE = "incomplete"


def normalise_title(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    s = re.sub(r"\\[a-zA-Z]+|[{}\\]", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def first_family(names: str) -> str:
    first = re.split(r"\s+and\s+", names or "", maxsplit=1)[0].strip()
    if "," in first:
        return normalise_title(first.split(",")[0])
    parts = first.strip("{}").split()
    return normalise_title(parts[-1] if parts else "")


def isbn_ok(raw: str) -> bool:
    digits = re.sub(r"[\s-]", "", raw).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def check_names(value: str):
    v = " ".join(value.split())
    if re.search(r"\band\s+and\b", v, re.I):
        return "the name list has 'and and'", "remove the doubled 'and'"
    if re.match(r"^and\b", v, re.I) or re.search(r"\band$", v, re.I):
        return "the name list starts or ends with 'and'", "remove the loose 'and'"
    depth, buf, names = 0, "", []
    for tok in re.split(r"(\s+and\s+|[{}])", v):
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0 and tok and re.fullmatch(r"\s+and\s+", tok, re.I):
            names.append(buf)
            buf = ""
            continue
        buf += tok or ""
    names.append(buf)
    for n in names:
        bare = re.sub(r"\{[^{}]*\}", "X", n)
        if bare.count(",") > 2:
            return f"the name {n.strip()!r} has too many commas", "write 'Family, Given' or 'Family, Jr., Given'"
        if not bare.strip(" ,"):
            return "the name list has an empty name", "remove the empty part between 'and's"
    return None


def check_bib(path: str, data: bytes | None = None):
    """Return (entries by key, findings) for one .bib file."""
    p = Path(path)
    data = p.read_bytes() if data is None else data
    findings: list[Finding] = []
    text, bad = decode(data)
    if bad:
        findings.append(
            Finding(
                path,
                bad[0],
                bad[1],
                "error",
                "the file is not valid UTF-8 (bad byte here)",
                "save references.bib as UTF-8",
                "bib-encoding",
            )
        )
    reader = read(text)
    for pr in reader.problems:
        findings.append(Finding(path, pr.line, pr.col, pr.severity, pr.message, pr.fix, pr.code))

    def add(entry, fieldname, severity, message, fix, code):
        f = entry.fields.get(fieldname) if fieldname else None
        line, col = (f.line, f.col) if f else (entry.line, entry.col)
        findings.append(Finding(path, line, col, severity, message, fix, code))

    entries = {}
    by_lower = {}
    for e in reader.entries:
        if not e.key:
            continue
        if e.key in entries:
            first = entries[e.key]
            add(
                e,
                None,
                "error",
                f"duplicate key {e.key!r} (first defined at line {first.line})",
                "rename one of them or delete the copy",
                "bib-duplicate-key",
            )
            continue
        low = e.key.lower()
        if low in by_lower:
            other = by_lower[low]
            add(
                e,
                None,
                "error",
                f"key {e.key!r} differs only in case from {other.key!r} (line {other.line})",
                "pandoc treats them as one: rename one",
                "bib-duplicate-key",
            )
        entries[e.key] = e
        by_lower[low] = e
    lookup = {k.lower(): e for k, e in entries.items()}

    # crossref / xref parents, cycles (pandoc hangs on a cycle)
    parents = {}
    for e in entries.values():
        for rel_field in ("crossref", "xref"):
            target = e.get(rel_field)
            if target is None:
                continue
            for t in [x.strip() for x in target.split(",") if x.strip()] if rel_field == "xref" else [target.strip()]:
                if t.lower() not in lookup:
                    add(
                        e,
                        rel_field,
                        "error",
                        f"{rel_field} {t!r} of entry {e.key!r} names no entry",
                        "fix the key or add the parent entry",
                        "bib-crossref-missing",
                    )
                elif rel_field == "crossref":
                    parents[e.key] = lookup[t.lower()].key
    reported_cycles = set()
    for start in list(parents):
        seen, k = [start], parents[start]
        while k in parents and k not in seen:
            seen.append(k)
            k = parents[k]
        if k == start and frozenset(seen) not in reported_cycles:
            reported_cycles.add(frozenset(seen))
            e = entries[start]
            add(
                e,
                "crossref",
                "error",
                f"circular crossref: {' -> '.join(seen + [start])}",
                "remove one crossref so the chain ends at a parent",
                "bib-crossref-cycle",
            )

    def resolved(e, depth=0):
        fields = dict(e.fields)
        parent = parents.get(e.key)
        if parent and depth < 10 and parent != e.key:
            pf = resolved(entries[parent], depth + 1)
            for name, f in pf.items():
                target = INHERIT_AS.get(name, name) if e.type.startswith("in") else name
                fields.setdefault(target, f)
                fields.setdefault(name, f) if name not in INHERIT_AS or not e.type.startswith("in") else None
        return fields

    seen_works = {}
    this_year = _dt.date.today().year
    for e in entries.values():
        fields = resolved(e)
        incomplete = INCOMPLETE in (e.get("keywords") or "").lower()
        if e.type not in REQUIRED:
            add(
                e,
                None,
                "warning",
                f"unknown entry type @{e.type} in {e.key!r}; pandoc treats it as @misc",
                "use a BibLaTeX type such as @book, @article, @incollection, @online",
                "bib-type",
            )
        req, rec = REQUIRED.get(e.type, (["title"], []))
        for alt in req:
            if not any(a in fields for a in alt.split("|")):
                sev = "warning" if incomplete else "error"
                add(
                    e,
                    None,
                    sev,
                    f"@{e.type} {e.key!r} lacks required field {alt.replace('|', ' or ')}",
                    "add it from the work itself (marked incomplete: listed as unfinished)"
                    if incomplete
                    else "add it, or mark the entry keywords = {incomplete} if the source does not give it",
                    "bib-required",
                )
        for alt in rec:
            if not any(a in fields for a in alt.split("|")):
                add(
                    e,
                    None,
                    "warning",
                    f"@{e.type} {e.key!r} has no {alt.replace('|', ' or ')}",
                    "add it if the work gives it",
                    "bib-recommended",
                )
        for nf in ("author", "editor", "translator", "bookauthor"):
            if nf in e.fields:
                bad_names = check_names(e.fields[nf].value)
                if bad_names:
                    add(e, nf, "error", f"{nf} of {e.key!r}: {bad_names[0]}", bad_names[1], "bib-names")
        for df in DATE_FIELDS:
            if df in e.fields:
                v = e.fields[df].value.strip()
                ok = all(_iso_ok(part) for part in v.split("/") if part not in ("", "..")) and v not in ("", "/")
                if not ok:
                    add(
                        e,
                        df,
                        "error",
                        f"{df} {v!r} of {e.key!r} is not an ISO 8601 date",
                        "write YYYY, YYYY-MM or YYYY-MM-DD (ranges as YYYY/YYYY)",
                        "bib-date",
                    )
        if "year" in e.fields:
            y = e.fields["year"].value.strip()
            if not re.fullmatch(r"\d{4}", y):
                add(
                    e,
                    "year",
                    "error",
                    f"year {y!r} of {e.key!r} is not a four-digit year",
                    "write the year as digits only, e.g. year = {2001}",
                    "bib-year",
                )
            elif not 1400 <= int(y) <= this_year + 2:
                add(e, "year", "warning", f"year {y} of {e.key!r} is implausible", "check it", "bib-year")
        if "month" in e.fields:
            mv = e.fields["month"].value.strip()
            names = {
                "january",
                "february",
                "march",
                "april",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december",
            }
            if not ((mv.isdigit() and 1 <= int(mv) <= 12) or mv.lower() in MONTH_NAMES or mv.lower() in names):
                add(
                    e,
                    "month",
                    "error",
                    f"month {mv!r} of {e.key!r} is not a month",
                    "write 1–12 or a month macro without braces (month = jan)",
                    "bib-month",
                )
        if "doi" in e.fields:
            d = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", e.fields["doi"].value.strip(), flags=re.I)
            if not DOI.match(d):
                add(
                    e,
                    "doi",
                    "error",
                    f"doi {e.fields['doi'].value!r} of {e.key!r} is not a DOI",
                    "write it as 10.NNNN/suffix",
                    "bib-doi",
                )
        if "isbn" in e.fields:
            for part in re.split(r"[;,]|\s+and\s+", e.fields["isbn"].value):
                if part.strip() and not isbn_ok(part):
                    add(
                        e,
                        "isbn",
                        "error",
                        f"isbn {part.strip()!r} of {e.key!r} fails its checksum",
                        "copy the ISBN again from the book",
                        "bib-isbn",
                    )
        if "url" in e.fields:
            u = e.fields["url"].value.strip()
            if not URL.match(u):
                add(
                    e,
                    "url",
                    "error",
                    f"url {u!r} of {e.key!r} is not a web address",
                    "write the full address with http:// or https:// and no spaces",
                    "bib-url",
                )
        ident = []
        if "doi" in fields:
            ident.append("doi:" + fields["doi"].value.strip().lower())
        if "url" in fields:
            ident.append("url:" + re.sub(r"^https?://(www\.)?|/$", "", fields["url"].value.strip().lower()))
        t = normalise_title(fields["title"].value) if "title" in fields else ""
        y = fields.get("year") or fields.get("date")
        if t and y:
            who = (
                first_family((fields.get("author") or fields.get("editor")).value)
                if (fields.get("author") or fields.get("editor"))
                else ""
            )
            ident.append(f"tya:{t}|{y.value[:4]}|{who}")
        for i in ident:
            if i in seen_works and seen_works[i] != e.key:
                add(
                    e,
                    None,
                    "warning",
                    f"{e.key!r} looks like the same work as {seen_works[i]!r}",
                    "cite one key and delete the other",
                    "bib-same-work",
                )
                break
            seen_works.setdefault(i, e.key)
    return entries, parents, findings


def _iso_ok(s: str) -> bool:
    m = ISO_DATE.match(s.strip())
    if not m:
        return False
    mo, d = m.group(2), m.group(3)
    if mo and not 1 <= int(mo) <= 12:
        return False
    if d:
        try:
            _dt.date(int(m.group(1)), int(mo), int(d))
        except ValueError:
            return False
    return True
