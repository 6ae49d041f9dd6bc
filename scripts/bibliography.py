"""Read the bibliography once: the grammar pandoc's biblatex reader accepts,
with every position kept, into ``build/bib.json`` for the check and ``cite``.

Why a reader of our own: pandoc stops at the first mistake (or never returns,
on a crossref/xdata cycle) and bibtexparser accepts what pandoc rejects
(``@type(key, ...)``, ``@book_section``) and loses positions. This reader
follows pandoc 3.9's grammar as measured on its binary (tests/fixtures/bib/
and tests/test_bib_pandoc.py hold the two side by side), so a file it reads
without a *fatal* finding is a file pandoc reads too:

* ``%`` starts a comment to the end of the line between tokens and between
  entries (an ``@`` inside such a comment is not an entry); inside ``{...}``
  and ``"..."`` values it is text.
* ``@comment``/``@preamble`` take one balanced ``{...}``; ``@string{name = v}``
  one definition; any other ``@letters`` is an entry ``{key, name = value, ...}``
  with braces only. An ``@`` anywhere else outside a comment starts an entry.
* A value is parts joined by ``#``: ``{...}``, ``"..."`` or a bare word of
  letters, digits and ``-_:+`` (a macro or a number).

Each scan is a regular-expression match at the current position or a search
that the reader then moves past, so reading time is linear in the file size
whatever its layout (all on one line, CRLF, long comments).
"""

from __future__ import annotations

import json
import re
import sys
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
SPECIAL = ("comment", "preamble", "string")
NAME = re.compile(r"[\w\-:+]+")  # pandoc's fieldName: letters, digits, - _ : +
KEY = re.compile(r"[\w.:;?!`'()$/*@+=\-\[\]&]+")  # pandoc's isBibtexKeyChar
LETTERS = re.compile(r"[^\W\d_]+")
SPACE = re.compile(r"(?:\s+|%[^\n]*)*")  # whitespace and % comments
BRACE = re.compile(r"\\[{}]?|[{}]")  # a backslash escapes only a brace
QUOTE = re.compile(r"\\.|[\"{]", re.S)
TOP = re.compile(r"[@%]")
STRAY_FIELD = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=[ \t]*[{\"\w]", re.M)
STRAY_CLOSE = re.compile(r"^[ \t]*[})][ \t,]*\r?$", re.M)
FIELD_LINE = re.compile(r"\n[ \t]*[A-Za-z][\w-]*[ \t]*=")
NEXT_ENTRY = re.compile(r"\n[ \t]*(@)")
# Mendeley's own entry types and the biblatex ones that print the same
MENDELEY_TYPES = {"book_section": "incollection", "web_page": "online", "conference_paper": "inproceedings"}
MAX_STOPS = 20  # past this many syntax errors, the rest is noise


@dataclass
class Field:
    name: str
    value: str  # macros expanded, outer delimiters removed
    line: int
    col: int
    macros: list = field(default_factory=list)  # [name, line, col] of bare words used


@dataclass
class Entry:
    type: str
    key: str
    line: int
    col: int
    fields: dict = field(default_factory=dict)  # lower-case name -> Field

    def get(self, name, default=None):
        f = self.fields.get(name)
        return f.value if f else default


class Stop(Exception):
    """pandoc would stop here: the position and what to tell the author."""

    def __init__(self, pos, message, fix, code="bib-syntax", at=None):
        super().__init__(message)
        self.pos, self.message, self.fix, self.code, self.at = pos, message, fix, code, at


def finding(path, line, col, severity, message, fix, code, key=None, fatal=False) -> dict:
    """A finding (scripts.common.finding) as bib.json stores it, with the
    entry it concerns and whether pandoc stops on it."""
    from scripts.common import finding as make

    return {**make((path, line, col), message, fix, code, severity).as_dict(), "key": key, "fatal": fatal}


class Reader:
    def __init__(self, text: str, path: str):
        self.text, self.n, self.path = text, len(text), path
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.entries: list[Entry] = []
        self.strings: dict[str, str] = {}
        self.findings: list[dict] = []
        self.commented = False

    def where(self, pos):
        i = bisect_right(self.line_starts, pos) - 1
        return i + 1, pos - self.line_starts[i] + 1

    def add(self, pos, severity, message, fix, code, key=None, fatal=False):
        line, col = self.where(pos)
        self.findings.append(finding(self.path, line, col, severity, message, fix, code, key, fatal))

    def spaces(self, pos):
        return SPACE.match(self.text, pos).end()

    def char(self, pos):
        return self.text[pos] if pos < self.n else ""

    def shown(self, pos):
        c = self.char(pos)
        return (
            "the end of the file" if not c else repr(c) if c.strip() else "a line break" if c in "\r\n" else "a space"
        )

    # ------------------------------------------------------------ the file
    def parse(self):
        pos = 0
        while True:
            m = TOP.search(self.text, pos)
            end = m.start() if m else self.n
            self.strays(pos, end)
            if not m:
                return
            if m.group() == "%":
                nl = self.text.find("\n", end)
                pos = self.n if nl < 0 else nl + 1
                # the lines after a commented-out '%@book{...' are its fields, not strays
                self.commented = self.commented or "@" in self.text[end:pos]
                continue
            self.commented = False
            try:
                pos = self.block(end)
            except Stop as stop:
                # pandoc reads no further; we go on at the next line that
                # starts an entry, so one run lists every such mistake (and
                # the keys after it are not reported missing)
                self.stop(stop)
                nxt = NEXT_ENTRY.search(self.text, max(stop.pos, end + 1))
                if nxt is None or len(fatal(self.findings)) >= MAX_STOPS:
                    return
                pos = nxt.start(1)

    def stop(self, stop: Stop):
        line, col = self.where(stop.pos)
        fix = stop.fix + f" (pandoc stops at line {line}, column {col})" if stop.at is not None else stop.fix
        self.add(stop.pos if stop.at is None else stop.at, "error", stop.message, fix, stop.code, fatal=True)

    def strays(self, a, b):
        """Text between entries: pandoc skips it, but a field there means an
        entry was closed too early and its remaining fields are lost."""
        if b - a < 2 or self.commented:
            return
        chunk = self.text[a:b]
        key = self.entries[-1].key if self.entries else None
        for m in STRAY_FIELD.finditer(chunk):
            self.add(  # after an entry: it was closed too early; before any: text pandoc skips
                a + m.start(1),
                "error" if key else "warning",
                f"field {m.group(1)!r} stands outside any entry, so it is lost",
                "an entry was closed too early: remove the extra '}' before it" if key else "remove it",
                "bib-stray",
                key,
            )
        for m in STRAY_CLOSE.finditer(chunk):
            self.add(a + m.start(), "warning", "stray closing brace outside any entry", "remove it", "bib-stray", key)

    def block(self, at):
        m = LETTERS.match(self.text, at + 1)
        if not m:
            raise Stop(
                at + 1,
                f"'@' followed by {self.shown(at + 1)}: pandoc reads every '@' outside a comment as an entry",
                "remove the '@', or start the line with '%' to make it a comment",
            )
        word = m.group().lower()
        for kind in SPECIAL:
            if word.startswith(kind):
                end = self.special(kind, at + 1 + len(kind))
                if end is not None:
                    return end
                if word == kind:
                    return self.entry_or(at, m, kind)
        return self.entry(at, m)

    def entry_or(self, at, m, kind):
        """A @comment/@preamble/@string that is not well formed is read by
        pandoc as an entry of that type; say what is really wrong."""
        fixes = {
            "comment": "a @comment must be one balanced {...}: close its braces, or use '%' comments",
            "preamble": "write @preamble{...} with balanced braces",
            "string": "write one definition per @string{name = {value}}",
        }
        brace = self.spaces(m.end())
        unclosed = kind != "string" and self.char(brace) == "{" and self.braces(brace) is None
        try:
            return self.entry(at, m)
        except Stop as stop:
            what = "is never closed: its braces do not balance" if unclosed else f"is not well formed: {stop.message}"
            raise Stop(stop.pos, f"this @{kind} {what}", fixes[kind], at=at) from None

    def special(self, kind, pos):
        pos = self.spaces(pos)
        if self.char(pos) != "{":
            return None
        if kind != "string":
            end = self.braces(pos)
            return end
        try:
            name, f, end = self.field(self.spaces(pos + 1), "@string")
        except Stop:
            return None
        if self.char(end) != "}":
            return None
        self.report_macros(f.macros, None)
        self.strings[name] = f.value
        return end + 1

    # ------------------------------------------------------------ values
    def braces(self, pos):
        """pos at '{': the position after its matching '}', or None."""
        depth = 0
        for m in BRACE.finditer(self.text, pos):
            c = m.group()
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return m.end()
        return None

    def quoted(self, pos):
        i = pos + 1
        while True:
            m = QUOTE.search(self.text, i)
            if not m:
                return None
            if m.group() == '"':
                return m.end()
            if m.group() == "{":
                i = self.braces(m.start())
                if i is None:
                    return None
            else:
                i = m.end()

    def value(self, pos, fname, key):
        """Parts joined by '#'. Returns (end, value, macros, opening position of a delimited part)."""
        parts, macros, opened = [], [], None
        while True:
            c = self.char(pos)
            if c in '{"':
                end = self.braces(pos) if c == "{" else self.quoted(pos)
                if end is None:
                    raise Stop(
                        pos,
                        f"the {'{' if c == '{' else chr(34)} opening field {fname!r} of {key!r} is never closed",
                        "add the missing '}' (or '\"'), or remove a stray '{'",
                        "bib-braces",
                        at=pos,
                    )
                parts.append(self.text[pos + 1 : end - 1])
                opened = pos
            elif (m := NAME.match(self.text, pos)) is not None:
                word, end = m.group(), m.end()
                macros.append([word, *self.where(pos)])
                low = word.lower()
                parts.append(self.strings.get(low, str(MONTHS.get(low, word))))
            elif parts or macros:
                raise Stop(pos, f"nothing after '#' in field {fname!r} of {key!r}", "remove the '#' or add a value")
            else:
                return pos, "", macros, opened  # pandoc reads `name = ,` as an empty value
            nxt = self.spaces(end)
            if self.char(nxt) != "#":
                return end, "".join(parts), macros, opened
            pos = self.spaces(nxt + 1)

    def field(self, pos, key):
        m = NAME.match(self.text, pos)
        if m is None:
            raise Stop(pos, f"expected a field name in {key!r}, found {self.shown(pos)}", "write name = {value}")
        name = m.group().lower()
        q = self.spaces(m.end())
        if self.char(q) != "=":
            raise Stop(
                q,
                f"{m.group()!r} in entry {key!r} is not followed by '=' (found {self.shown(q)})",
                "write it as a field, name = {value}, or remove it",
                "bib-stray",
            )
        end, value, macros, opened = self.value(self.spaces(q + 1), name, key)
        line, col = self.where(pos)
        f = Field(name, value, line, col, macros)
        f.opened = opened
        return name, f, self.spaces(end)

    def report_macros(self, macros, key):
        """Bare words: a number, a defined @string or month, else a finding
        (pandoc prints an unknown macro as the word itself)."""
        for word, line, col in macros:
            low = word.lower()
            if low in self.strings or low in MONTHS or word.isdigit():
                continue
            if word[0].isalpha():  # in a @string (no key) a warning: the entries using it show the word
                sev = "error" if key else "warning"
                msg = f"undefined @string macro {word!r} (pandoc prints it as the word itself)"
                fix = f"put the value in braces ({{{word}}}) or define @string{{{word} = {{...}}}}"
            else:  # `2001-02`, `-5`: pandoc prints them; BibTeX wants braces
                sev, msg = "warning", f"bare value {word!r} is neither a number nor a @string macro"
                fix = f"write it in braces: {{{word}}}"
            self.findings.append(finding(self.path, line, col, sev, msg, fix, "bib-macro", key))

    # ------------------------------------------------------------ entries
    def entry(self, at, m):
        etype, pos = m.group().lower(), self.spaces(m.end())
        if self.char(pos) != "{" and at and (self.text[at - 1].isalnum() or self.text[at - 1] in "._-"):
            raise Stop(
                at,
                f"'@' in the text between entries: pandoc reads '@{m.group()}' as the start of an entry",
                "start the line with '%' to make it a comment, or remove the '@'",
            )
        if self.char(pos) == "_":  # Mendeley's @book_section, @web_page
            full = re.compile(r"\w+").match(self.text, m.start()).group()
            better = MENDELEY_TYPES.get(full.lower(), "misc")
            raise Stop(
                pos,
                f"@{full}: pandoc reads entry types of letters only and stops at the '_'",
                f"write @{better} (biblatex's type for Mendeley's {full})",
            )
        if self.char(pos) != "{":
            paren = self.char(pos) == "("
            raise Stop(
                pos,
                f"@{m.group()} is followed by {self.shown(pos)}, not '{{'"
                + (": pandoc does not read @type(key, ...)" if paren else ""),
                "write @type{key, field = {value}, ...} (entry types are letters only: @incollection, not @book_section)",
            )
        pos = self.spaces(pos + 1)
        km = KEY.match(self.text, pos)
        if not km:
            raise Stop(pos, f"@{etype} entry has no citation key", "write @type{key, field = {value}, ...}", "bib-key")
        key, line_col = km.group(), self.where(at)
        pos = self.spaces(km.end())
        if self.char(pos) != ",":
            raise Stop(pos, f"expected ',' after the key {key!r}, found {self.shown(pos)}", "write @type{key, ...}")
        entry = Entry(etype, key, *line_col)
        pos, last = self.spaces(pos + 1), None
        while NAME.match(self.text, pos):
            name, f, pos = self.field(pos, key)
            self.report_macros(f.macros, key)
            if name in entry.fields:
                self.add(
                    self.line_starts[f.line - 1] + f.col - 1,
                    "warning",
                    f"field {name!r} appears twice in entry {key!r}; pandoc keeps the last",
                    "keep one of them",
                    "bib-duplicate-field",
                    key,
                )
            entry.fields[name], last = f, f
            if self.char(pos) != ",":
                break
            pos = self.spaces(pos + 1)
        if self.char(pos) != "}":
            self.unclosed(at, pos, key, last)
        self.entries.append(entry)
        return pos + 1

    def unclosed(self, at, pos, key, last):
        """The entry does not end where pandoc expects '}': name the likeliest cause."""
        if last is not None and last.opened is not None and FIELD_LINE.search(self.text, last.opened, pos):
            raise Stop(
                pos,
                f"unbalanced braces in field {last.name!r} of {key!r}: a '{{' here is never closed",
                "add the missing '}' (or remove a stray '{')",
                "bib-braces",
                at=last.opened,
            )
        nm = NAME.match(self.text, pos)
        if nm and self.char(self.spaces(nm.end())) == "=" and last is not None:
            raise Stop(
                pos,
                f"missing comma between fields {last.name!r} and {nm.group()!r} in entry {key!r}",
                f"add ',' after the value of {last.name!r}",
                "bib-missing-comma",
            )
        if not self.char(pos) or self.char(pos) == "@":
            raise Stop(
                pos, f"entry {key!r} is never closed", "end it with '}'", "bib-braces", at=at if pos >= self.n else None
            )
        raise Stop(
            pos,
            f"unexpected {self.shown(pos)} in entry {key!r}",
            "put ',' between fields and end the entry with '}'",
        )


# ---------------------------------------------------------------- structure
def link_targets(e: Entry, name: str) -> list[str]:
    v = e.get(name)
    if v is None:
        return []
    return [t.strip() for t in v.split(",") if t.strip()] if name != "crossref" else [v.strip()]


def check_keys(r: Reader) -> dict:
    """Entries by key; a repeated key (pandoc keeps one silently) is an error."""
    entries, by_lower = {}, {}
    for e in r.entries:
        first = entries.get(e.key) or by_lower.get(e.key.lower())
        if first is not None:
            same = first.key == e.key
            r.findings.append(
                finding(
                    r.path,
                    e.line,
                    e.col,
                    "error",
                    f"duplicate key {e.key!r} (first defined at line {first.line})"
                    if same
                    else f"key {e.key!r} differs only in case from {first.key!r} (line {first.line})",
                    "rename one of them or delete the copy",
                    "bib-duplicate-key",
                    e.key,
                )
            )
            if same:
                continue
        entries[e.key] = e
        by_lower.setdefault(e.key.lower(), e)
    return entries


def check_links(r: Reader, entries: dict) -> dict:
    """crossref/xdata/xref targets; returns {key: [crossref and xdata parents]}."""
    lookup = {k.lower(): k for k in entries}
    parents: dict[str, list[str]] = {}
    for e in entries.values():
        for rel in ("crossref", "xdata", "xref"):
            for t in link_targets(e, rel):
                if t.lower() in lookup:
                    if rel != "xref":
                        parents.setdefault(e.key, []).append(lookup[t.lower()])
                    continue
                f = e.fields[rel]
                r.findings.append(
                    finding(
                        r.path,
                        f.line,
                        f.col,
                        "warning" if rel == "xref" else "error",
                        f"{rel} {t!r} of entry {e.key!r} names no entry"
                        + ("" if rel == "xref" else ": its fields are not inherited"),
                        "fix the key or add the parent entry",
                        "bib-crossref-missing",
                        e.key,
                    )
                )
    return parents


def pandoc_links(entries: dict) -> dict:
    """crossref and xdata links as pandoc follows them: the value split at
    spaces and commas (not at line breaks), keys matched exactly (measured:
    tests/fixtures/bib/grammar/h*.bib)."""
    links = {}
    for e in entries.values():
        values = ((e.get(rel) or "").replace("\r", "") for rel in ("crossref", "xdata"))  # pandoc drops CRs
        targets = [t for v in values for t in re.split("[ ,]", v) if t]
        links[e.key] = [t for t in targets if t in entries]
    return links


def check_cycles(r: Reader, entries: dict) -> None:
    """pandoc never returns on a crossref/xdata cycle it reaches from an
    entry it prints (any but @xdata): each such cycle is a fatal error."""
    parents = pandoc_links(entries)
    state: dict[str, int] = {}  # 1 on the path, 2 done
    for root in parents:
        if state.get(root) or entries[root].type == "xdata":
            continue
        path, stack = [], [(root, iter(parents.get(root, ())))]
        state[root] = 1
        path.append(root)
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt]
                e = entries[cycle[0]]
                crossref = re.split("[ ,]", (e.get("crossref") or "").replace("\r", ""))
                rel = "crossref" if cycle[1] in crossref else "xdata"
                f = e.fields[rel]
                r.findings.append(
                    finding(
                        r.path,
                        f.line,
                        f.col,
                        "error",
                        f"circular {rel}: {' -> '.join(cycle)} (pandoc never finishes on it)",
                        "remove one crossref or xdata so the chain ends at a parent",
                        "bib-crossref-cycle",
                        e.key,
                        fatal=True,
                    )
                )
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(parents.get(nxt, ()))))


# ---------------------------------------------------------------- bytes
def decode(data: bytes, path: str):
    """Text and the findings about its encoding; UTF-16 (with or without a
    BOM) is refused outright, other bad bytes are located."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:200]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (head and head.count(0) * 3 >= len(head)):
        return "", [
            finding(
                path,
                1,
                1,
                "error",
                "the file is UTF-16, which pandoc cannot read",
                "save it as UTF-8 (in the exporter or editor: Encoding → UTF-8)",
                "bib-encoding",
                fatal=True,
            )
        ]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        from scripts.common import line_col

        line, col = line_col(data, exc.start)
        bad = finding(
            path,
            line,
            col,
            "error",
            "the file is not valid UTF-8 (bad byte here); pandoc would misread it as Latin-1",
            "save it as UTF-8",
            "bib-encoding",
            fatal=True,
        )
        return data.decode("utf-8", errors="replace"), [bad]


def read(data: bytes, path: str):
    """(entries by key, parents by key, findings) of one bibliography file."""
    text, findings = decode(data, path)
    r = Reader(text, path)
    r.findings += findings
    r.parse()
    entries = check_keys(r)
    parents = check_links(r, entries)
    check_cycles(r, entries)
    return entries, parents, r.findings


# ---------------------------------------------------------------- bib.json
def to_json(path, entries, parents, findings) -> dict:
    return {
        "path": str(path),
        "entries": [
            {
                "key": e.key,
                "type": e.type,
                "line": e.line,
                "col": e.col,
                "fields": {n: [f.value, f.line, f.col, f.macros] for n, f in e.fields.items()},
            }
            for e in entries.values()
        ],
        "parents": parents,
        "findings": findings,
    }


def from_json(doc: dict):
    """(entries by key, parents, findings) as read back from bib.json."""
    entries = {}
    for d in doc["entries"]:
        e = Entry(d["type"], d["key"], d["line"], d["col"])
        e.fields = {n: Field(n, v, line, col, macros) for n, (v, line, col, macros) in d["fields"].items()}
        entries[e.key] = e
    return entries, doc["parents"], doc["findings"]


def load(path):
    return from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def source_authors(path) -> dict:
    """Each entry's short author (:func:`short_author`) by key, from bib.json:
    a figure's "Sumber:" line puts the name in the text and the citation, in
    full, in a note (as AuthorInText the note would lose the author)."""
    entries = load(path)[0]
    return {key: short_author(e) for key, e in sorted(entries.items())}


def short_author(entry) -> str:
    """The author as a note's short form names them, in Indonesian: "Jatmika",
    "Nye dan Keohane", "A, B, dan C", "A dkk." (four or more); an
    institutional author ``{{Biro …}}`` whole. For text that introduces a
    note, e.g. a figure's "Sumber: Jatmika" line."""
    from bibtexparser.middlewares.names import (
        InvalidNameError,
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    raw = entry.get("author") or entry.get("editor") or ""
    families = []
    for name in split_multiple_persons_names(raw):
        name = name.strip()
        if name.startswith("{") and name.endswith("}"):
            families.append(name.strip("{}"))
            continue
        try:
            last = " ".join(parse_single_name_into_parts(name).last)
        except InvalidNameError:
            last = name.split(",")[0]
        families.append(last.replace("{", "").replace("}", ""))
    if len(families) >= 4:
        return f"{families[0]} dkk."
    if len(families) == 3:
        return f"{families[0]}, {families[1]}, dan {families[2]}"
    return " dan ".join(families)


def fatal(findings) -> list[dict]:
    """The findings on which pandoc fails or hangs."""
    return [f for f in findings if f.get("fatal")]


def run(argv=None) -> int:
    import argparse

    from scripts.common import main_guard, watchdog, write_atomic

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bib")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)

    @main_guard
    def go():
        with watchdog("reading the bibliography", args.bib):
            entries, parents, findings = read(Path(args.bib).read_bytes(), args.bib)
        text = json.dumps(to_json(args.bib, entries, parents, findings), ensure_ascii=False, sort_keys=True)
        write_atomic(args.output, text + "\n")
        return 0

    return go()


if __name__ == "__main__":
    sys.exit(run())
