"""A tolerant BibTeX/BibLaTeX reader that keeps line numbers and keeps going.

pandoc and bibtexparser accept some broken input silently (a missing comma
merges two fields, an undefined @string prints as text) or hang on it (a
circular crossref). This reader reports each such problem with its line and
column and recovers at the next entry, so one run lists every mistake.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

MONTHS = {
    m: i + 1 for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])
}
IDENT = re.compile(r"[^\s\"#%'(),={}@\\]+")


@dataclass
class Field:
    name: str
    raw: str  # as written, with braces and quotes
    value: str  # macros expanded, outer delimiters removed
    line: int
    col: int
    macros: list = field(default_factory=list)  # (name, line, col) of bare macros used


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


@dataclass
class Problem:
    line: int
    col: int
    severity: str
    message: str
    fix: str
    code: str


class Reader:
    def __init__(self, text: str):
        self.text = text
        self.n = len(text)
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.entries: list[Entry] = []
        self.strings: dict[str, str] = {}
        self.string_lines: dict[str, int] = {}
        self.problems: list[Problem] = []

    # -------------------------------------------------------------- helpers
    def where(self, pos):
        i = bisect_right(self.line_starts, pos) - 1
        return i + 1, pos - self.line_starts[i] + 1

    def problem(self, pos, severity, message, fix, code):
        line, col = self.where(pos)
        self.problems.append(Problem(line, col, severity, message, fix, code))

    def skip_ws(self, pos):
        while pos < self.n and self.text[pos].isspace():
            pos += 1
        return pos

    def next_entry_start(self, pos):
        """Position of the next '@' that begins a line (recovery point)."""
        m = re.compile(r"^[ \t]*@", re.M).search(self.text, pos)
        return m.start() + m.group(0).index("@") if m else self.n

    # -------------------------------------------------------------- values
    FIELD_LINE = re.compile(r"\n[ \t]*[A-Za-z][\w-]*[ \t]*=[ \t]*[{\"\d]")

    def read_braced(self, pos, field_value=False):
        """pos at '{'; returns (end position after the matching '}', ok).
        In a field value, a line that starts a new field while a brace is
        still open means the brace was never closed."""
        depth, i = 0, pos
        limit = self.next_entry_start(pos + 1)
        while i < self.n:
            c = self.text[i]
            if c == "\\":
                i += 2
                continue
            if c == "\n" and field_value and depth >= 1 and self.FIELD_LINE.match(self.text, i):
                return i, False
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return i + 1, True
            if i >= limit:
                return limit, False
            i += 1
        return self.n, False

    def read_quoted(self, pos):
        depth, i = 0, pos + 1
        limit = self.next_entry_start(pos + 1)
        while i < self.n:
            c = self.text[i]
            if c == "\\":
                i += 2
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == '"' and depth == 0:
                return i + 1, True
            if i >= limit:
                return limit, False
            i += 1
        return self.n, False

    def read_value(self, pos, fname):
        """A value: parts joined by '#'. Returns (end, raw, value, macros, ok)."""
        parts, macros, start = [], [], pos
        while True:
            pos = self.skip_ws(pos)
            if pos >= self.n:
                self.problem(
                    start,
                    "error",
                    f"field {fname!r} has no value before the end of the file",
                    "finish the entry with a value and a closing brace",
                    "bib-syntax",
                )
                return pos, "", "", macros, False
            c = self.text[pos]
            if c == "{":
                end, ok = self.read_braced(pos, field_value=True)
                if not ok:
                    self.problem(
                        pos,
                        "error",
                        f"unbalanced braces in field {fname!r}: the '{{' here is never closed",
                        "add the missing '}' (or remove a stray '{')",
                        "bib-braces",
                    )
                    return end, self.text[start:end], "", macros, False
                parts.append(self.text[pos + 1 : end - 1])
                pos = end
            elif c == '"':
                end, ok = self.read_quoted(pos)
                if not ok:
                    self.problem(
                        pos,
                        "error",
                        f"unterminated quoted value in field {fname!r}",
                        "close the value with '\"' (braces inside must balance)",
                        "bib-syntax",
                    )
                    return end, self.text[start:end], "", macros, False
                parts.append(self.text[pos + 1 : end - 1])
                pos = end
            elif c.isdigit():
                m = re.compile(r"\d+").match(self.text, pos)
                parts.append(m.group(0))
                pos = m.end()
            else:
                m = IDENT.match(self.text, pos)
                if not m:
                    self.problem(
                        pos,
                        "error",
                        f"field {fname!r} has no value (found {c!r})",
                        "write the value in braces: name = {value},",
                        "bib-syntax",
                    )
                    return pos, "", "", macros, False
                name = m.group(0)
                line, col = self.where(pos)
                macros.append((name, line, col))
                low = name.lower()
                if low in self.strings:
                    parts.append(self.strings[low])
                elif low in MONTHS:
                    parts.append(str(MONTHS[low]))
                else:
                    parts.append(name)
                pos = m.end()
            nxt = self.skip_ws(pos)
            if nxt < self.n and self.text[nxt] == "#":
                pos = nxt + 1
                continue
            return pos, self.text[start:pos], "".join(parts), macros, True

    # -------------------------------------------------------------- entries
    def parse(self):
        pos = 0
        while True:
            at = self.text.find("@", pos)
            if at < 0:
                self.check_stray(pos, self.n)
                break
            self.check_stray(pos, at)
            pos = self.parse_block(at)

    def check_stray(self, a, b):
        chunk = self.text[a:b]
        for m in re.finditer(r"^[ \t]*([A-Za-z][\w-]*)\s*=\s*[{\"\d]", chunk, re.M):
            self.problem(
                a + m.start(1),
                "error",
                f"field {m.group(1)!r} stands outside any entry",
                "an entry was closed too early: remove the extra '}' before it",
                "bib-stray",
            )
        for m in re.finditer(r"^[ \t]*[}),][ \t]*$", chunk, re.M):
            self.problem(
                a + m.start(),
                "error",
                "stray closing brace outside any entry",
                "remove it, or check the braces of the entry above",
                "bib-stray",
            )

    def parse_block(self, at):
        m = re.compile(r"@\s*([A-Za-z][\w-]*)\s*").match(self.text, at)
        if not m:
            return at + 1  # a lone '@' in a comment
        etype = m.group(1).lower()
        pos = m.end()
        if pos >= self.n or self.text[pos] not in "{(":
            self.problem(
                at,
                "error",
                f"@{m.group(1)} is not followed by '{{'",
                "write @type{key, field = {value}, ...}",
                "bib-syntax",
            )
            return self.next_entry_start(at + 1)
        closer = "}" if self.text[pos] == "{" else ")"
        if etype == "comment":
            end, _ = self.read_braced(pos) if closer == "}" else (self.text.find(")", pos) + 1, True)
            return max(end, pos + 1)
        if etype == "preamble":
            end, ok = self.read_braced(pos) if closer == "}" else (self.text.find(")", pos) + 1, True)
            if not ok:
                self.problem(pos, "error", "unbalanced braces in @preamble", "close it with '}'", "bib-braces")
            return max(end, pos + 1)
        if etype == "string":
            return self.parse_string(pos + 1, closer)
        return self.parse_entry(at, etype, pos + 1, closer)

    def parse_string(self, pos, closer):
        pos = self.skip_ws(pos)
        m = IDENT.match(self.text, pos)
        if not m:
            self.problem(pos, "error", "@string without a name", "write @string{name = {value}}", "bib-syntax")
            return self.next_entry_start(pos)
        name = m.group(0)
        pos = self.skip_ws(m.end())
        if pos >= self.n or self.text[pos] != "=":
            self.problem(pos, "error", f"@string {name!r} has no '='", "write @string{name = {value}}", "bib-syntax")
            return self.next_entry_start(pos)
        end, raw, value, macros, ok = self.read_value(pos + 1, name)
        self.report_macros(macros)
        self.strings[name.lower()] = value
        self.string_lines[name.lower()] = self.where(m.start())[0]
        end = self.skip_ws(end)
        if end < self.n and self.text[end] == closer:
            return end + 1
        self.problem(end, "error", f"@string {name!r} is not closed", f"end it with {closer!r}", "bib-syntax")
        return self.next_entry_start(end)

    def report_macros(self, macros):
        for name, line, col in macros:
            low = name.lower()
            if low not in self.strings and low not in MONTHS:
                self.problems.append(
                    Problem(
                        line,
                        col,
                        "error",
                        f"undefined @string macro {name!r}",
                        f"put the value in braces ({{{name}}}) or define @string{{{name} = {{...}}}}",
                        "bib-macro",
                    )
                )

    def parse_entry(self, at, etype, pos, closer):
        pos = self.skip_ws(pos)
        m = re.compile(r"[^,\s{}()=\"#%]*").match(self.text, pos)
        key = m.group(0)
        kpos = pos
        pos = self.skip_ws(m.end())
        line, col = self.where(at)
        if not key:
            self.problem(kpos, "error", f"@{etype} entry has no citation key", "write @type{key, ...}", "bib-key")
        if pos < self.n and self.text[pos] == "=":
            self.problem(
                kpos,
                "error",
                f"@{etype} entry has no citation key (found field {key!r} first)",
                "add a key and a comma after the opening brace",
                "bib-key",
            )
            pos = kpos
        elif pos < self.n and self.text[pos] == ",":
            pos += 1
        elif pos < self.n and self.text[pos] == closer:
            entry = Entry(etype, key, line, col)
            self.entries.append(entry)
            return pos + 1
        else:
            self.problem(
                pos,
                "error",
                f"expected ',' after the key {key!r}",
                "write @type{key, field = {value}, ...}",
                "bib-syntax",
            )
            return self.next_entry_start(pos)
        entry = Entry(etype, key, line, col)
        self.entries.append(entry)
        while True:
            pos = self.skip_ws(pos)
            if pos >= self.n:
                self.problem(at, "error", f"entry {key!r} is never closed", f"end it with {closer!r}", "bib-braces")
                return self.n
            c = self.text[pos]
            if c == closer:
                return pos + 1
            if c == "@":
                self.problem(
                    at,
                    "error",
                    f"entry {key!r} is not closed before the next entry",
                    f"add {closer!r} at its end",
                    "bib-braces",
                )
                return pos
            if c == ",":
                pos += 1
                continue
            fm = IDENT.match(self.text, pos)
            if not fm:
                self.problem(pos, "error", f"unexpected {c!r} in entry {key!r}", "remove it", "bib-syntax")
                return self.next_entry_start(pos + 1)
            fname = fm.group(0)
            fpos = pos
            pos = self.skip_ws(fm.end())
            if pos >= self.n or self.text[pos] != "=":
                self.problem(
                    fpos,
                    "error",
                    f"stray text {fname!r} in entry {key!r} (no '=' follows)",
                    "remove it, or write it as a field: name = {value}",
                    "bib-stray",
                )
                nxt = re.compile(r"[,}\n]").search(self.text, pos)
                pos = nxt.start() if nxt else self.n
                if pos < self.n and self.text[pos] == "\n":
                    pos += 1
                continue
            end, raw, value, macros, ok = self.read_value(pos + 1, fname)
            self.report_macros(macros)
            fl, fc = self.where(fpos)
            low = fname.lower()
            if low in entry.fields:
                self.problem(
                    fpos,
                    "warning",
                    f"field {fname!r} appears twice in entry {key!r}; the last one wins",
                    "keep one of them",
                    "bib-duplicate-field",
                )
            entry.fields[low] = Field(low, raw, value, fl, fc, macros)
            if not ok:
                return self.next_entry_start(end)
            pos = self.skip_ws(end)
            if pos < self.n and self.text[pos] not in f",{closer}@":
                m2 = IDENT.match(self.text, pos)
                if m2 and re.compile(r"\s*=").match(self.text, m2.end()):
                    self.problem(
                        pos,
                        "error",
                        f"missing comma between fields {fname!r} and {m2.group(0)!r} in entry {key!r}",
                        f"add ',' after the value of {fname!r}",
                        "bib-missing-comma",
                    )
                    continue
                self.problem(
                    pos,
                    "error",
                    f"unexpected text after field {fname!r} in entry {key!r}",
                    "put ',' between fields and check the quoting",
                    "bib-syntax",
                )
                nxt = re.compile(r",|\n\s*[A-Za-z]+\s*=|\n\s*[})]").search(self.text, pos)
                pos = nxt.start() if nxt else self.n


def decode(data: bytes):
    """Text and, if it is not UTF-8, the (line, col) of the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        return data.decode("utf-8", errors="replace"), (line, col)


def read(text: str):
    r = Reader(text)
    r.parse()
    return r
