"""Coded evidence, its codebook and the timeline: validation.

Each CSV row is validated against its schema and the codebook, one function
per rule; an error names the file, the row's line, the field and the
allowed values. The `data` rule (scripts/data.py) runs this once per build;
the numbers quoted in the text are in scripts/evidence_numbers.py, the
charts in scripts/evidence_charts.py.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scripts.common import ROOT, Finding, finding, line_col, load_yaml, node_line, rel, schema_findings

SCHEMAS = ROOT / "schemas"


class RowStart(int):
    """A row's line number that also knows where each of its fields begins
    (``fields``: name -> (line, character column)), so a finding on a field
    lands on it in an editor, not at the field's number."""

    fields: dict

    def __new__(cls, line: int, fields=None):
        obj = super().__new__(cls, line)
        obj.fields = {k: tuple(v) for k, v in dict(fields or {}).items()}
        return obj


def field_starts(record: str, line: int) -> list[tuple[int, int]]:
    """(line, column) where each field of one CSV record begins (a quoted
    value at its quote; a value may run over lines inside quotes)."""
    starts, col, quoted, i = [(line, 1)], 1, False, 0
    while i < len(record):
        ch = record[i]
        if quoted and ch == '"' and record[i + 1 : i + 2] == '"':
            i, col = i + 2, col + 2
            continue
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            starts.append((line, col + 1))
        if ch == "\n":
            line, col = line + 1, 1
        else:
            col += 1
        i += 1
    return starts


def read_csv(path: Path, schema_name: str | None = None):
    """Rows as (line number, dict), and findings for structural problems: a
    row with more or fewer fields than the header, or a quote that is never
    closed or is not doubled inside a quoted value. Such a row is reported
    once, as that, and left out of the rows (its fields are not where the
    header says, so every other finding on it would be noise)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(path.read_bytes(), exc.start)
        return [], [finding((rel(path), line, col), "file is not valid UTF-8", "save it as UTF-8", "data-encoding")]
    reader = csv.DictReader(io.StringIO(text), strict=True)
    missing = missing_columns(path, reader.fieldnames or [], schema_name)
    if missing:  # every row would be off by the same columns: say it once, at the header
        return [], missing
    rows, findings, start = [], [], 2
    lines = text.split("\n")
    try:
        for row in reader:
            problem = field_count(row, reader.fieldnames)
            if problem:
                findings.append(
                    finding((rel(path), start, 1), problem, "quote values that contain commas", "data-columns")
                )
            else:
                record = "\n".join(lines[start - 1 : reader.line_num])
                at = RowStart(start, zip(reader.fieldnames, field_starts(record, start), strict=False))
                rows.append((at, {k: (v or "").strip() for k, v in row.items()}))
            start = reader.line_num + 1
    except csv.Error as exc:
        findings.append(quote_finding(path, text, start, exc))
    return rows, findings


def missing_columns(path: Path, header, schema_name) -> list[Finding]:
    required = load_yaml(SCHEMAS / schema_name)["required"] if schema_name else []
    missing = [c for c in required if c not in header]
    if not missing:
        return []
    return [
        finding(
            (rel(path), 1, 1),
            f"missing column(s): {', '.join(missing)}",
            f"the header must be: {','.join(required)}",
            "data-columns",
        )
    ]


def field_count(row, header) -> str:
    """'' when the row has as many fields as the header, else what is wrong."""
    extra = row.get(None) or []
    short = [k for k, v in row.items() if k is not None and v is None]
    if not extra and not short:
        return ""
    n = len(header) + len(extra) - len(short)
    return f"row has {n} fields, the header {len(header)}"


def quote_finding(path: Path, text: str, start: int, exc) -> Finding:
    """A CSV quoting error, at the row where it begins and its first quote."""
    lines = text.splitlines()
    line_text = lines[start - 1] if start - 1 < len(lines) else ""
    col = line_text.find('"') + 1 or 1
    if "unexpected end of data" in str(exc):
        msg, fix = "a quoted value opened here is never closed", 'close it with " before the next comma'
    else:
        msg, fix = "a quote inside a quoted value", 'double it ("") or take the value out of quotes'
    return finding((rel(path), start, col), msg, fix, "data-quoting")


def describe_row_error(err, schema) -> tuple[str, str]:
    """A sentence for one jsonschema error on a row, and how to fix it."""
    field = err.absolute_path[0] if err.absolute_path else ""
    if err.validator == "enum":
        return f"{field} is {err.instance!r}", "allowed: " + ", ".join(repr(v) for v in err.validator_value if v)
    if err.validator == "pattern":
        return f"{field} {err.instance!r} has the wrong form", schema["properties"][field]["description"]
    if err.validator == "additionalProperties":
        return f"unknown column(s) {err.message}", f"use only: {','.join(schema['required'])}"
    return f"{field or 'row'}: {err.message}", schema["properties"].get(field, {}).get("description", "")


def validate_rows(path: Path, rows, schema_name) -> list[Finding]:
    """Each row against the table's schema, at its line and column."""
    import jsonschema

    schema = load_yaml(SCHEMAS / schema_name)
    validator = jsonschema.Draft202012Validator(schema)
    header = list(rows[0][1]) if rows else []
    findings = []
    for line, row in rows:
        for err in validator.iter_errors(row):
            field = err.absolute_path[0] if err.absolute_path else ""
            msg, fix = describe_row_error(err, schema)
            findings.append(finding(field_at(path, line, field, header), msg, fix, "data-schema"))
    return findings


def field_at(path, line, field, header) -> tuple:
    """(path, line, column) of a row's field: where its text begins when
    read_csv recorded it, else the field's number (a hand-made row)."""
    fields = getattr(line, "fields", {})
    if field in fields:
        return (rel(path), *fields[field])
    return (rel(path), line, header.index(field) + 1 if field in header else 1)


def codebook_findings(cb_path: Path, codebook) -> list[Finding]:
    """The codebook's schema, and every code names a known hypothesis."""
    findings = schema_findings(codebook, SCHEMAS / "codebook.schema.yaml", cb_path, "data-schema")
    codes = codebook.get("codes", {}) if isinstance(codebook, dict) else {}
    hyps = codebook.get("hypotheses", {}) if isinstance(codebook, dict) else {}
    for code, spec in codes.items():
        if isinstance(spec, dict) and spec.get("hypothesis") and spec["hypothesis"] not in hyps:
            findings.append(
                finding(
                    (rel(cb_path), *node_line(cb_path, ["codes", code, "hypothesis"])),
                    f"code {code!r} names unknown hypothesis {spec['hypothesis']!r}",
                    f"use one of: {', '.join(hyps)}",
                    "data-codebook",
                )
            )
    return findings


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"\w+", text.lower())


def restates(claim: str, hypothesis: str, sourced: bool = False) -> bool:
    """Does ``claim`` restate ``hypothesis``? A claim that copies most of
    the hypothesis always does. A claim resting on the thesis's own words
    (no ``source`` key) also does when it shares a run of five words with
    it, or when most of its words (longer than three letters) are the
    hypothesis's: a reworded hypothesis is still one. A claim quoted from a
    source may agree with a hypothesis in its words: that is what support
    looks like."""
    import difflib

    c, h = _words(claim), _words(hypothesis)
    matched = sum(b.size for b in difflib.SequenceMatcher(None, c, h, autojunk=False).get_matching_blocks())
    if h and matched / len(h) >= 0.8:
        return True
    if sourced:
        return False
    grams = {tuple(h[i : i + 5]) for i in range(len(h) - 4)}
    if any(tuple(c[i : i + 5]) in grams for i in range(len(c) - 4)):
        return True
    content = [w for w in c if len(w) > 3]
    return bool(content) and sum(w in set(h) for w in content) / len(content) >= 0.6


class Rows:
    """The evidence rows of one file and where their columns are."""

    def __init__(self, path: Path, rows):
        self.path, self.rows = path, rows
        self.header = list(rows[0][1]) if rows else []

    def at(self, line: int, column: str):
        return field_at(self.path, line, column, self.header)


def duplicate_ids(ev: Rows) -> list[Finding]:
    seen, found = {}, []
    for line, r in ev.rows:
        if r.get("id") in seen:
            found.append(
                finding(
                    ev.at(line, "id"),
                    f"id {r['id']!r} is used twice (line {seen[r['id']]})",
                    "give each row its own id",
                    "data-duplicate",
                )
            )
        seen.setdefault(r.get("id"), line)
    return found


def unknown_codes(ev: Rows, codebook, cb_path: Path) -> list[Finding]:
    """Each code is in the codebook and belongs to the row's hypothesis."""
    import difflib

    codes, found = codebook.get("codes", {}), []
    for line, r in ev.rows:
        for code in filter(None, (c.strip() for c in r.get("codes", "").split(";"))):
            if code not in codes:
                near = difflib.get_close_matches(code, list(codes), n=1)
                fix = f"did you mean {near[0]!r}?" if near else f"add it to {rel(cb_path)}"
                found.append(finding(ev.at(line, "codes"), f"code {code!r} is not in the codebook", fix, "data-code"))
            elif (
                codes[code].get("hypothesis")
                and r.get("hypothesis") in codebook.get("hypotheses", {})  # an unknown one is reported as that
                and codes[code]["hypothesis"] != r["hypothesis"]
            ):
                found.append(
                    finding(
                        ev.at(line, "hypothesis"),
                        f"code {code!r} belongs to {codes[code]['hypothesis']}, the row says {r['hypothesis']}",
                        "correct the code or the hypothesis",
                        "data-code",
                        "warning",
                    )
                )
    return found


def hypothesis_and_stance(ev: Rows, codebook) -> list[Finding]:
    hyps, found = codebook.get("hypotheses", {}), []
    for line, r in ev.rows:
        if r.get("hypothesis") and r["hypothesis"] not in hyps:
            found.append(
                finding(
                    ev.at(line, "hypothesis"),
                    f"hypothesis {r['hypothesis']!r} is not in the codebook",
                    f"use one of: {', '.join(hyps)}",
                    "data-hypothesis",
                )
            )
        if r.get("hypothesis") and not r.get("stance"):
            found.append(
                finding(
                    ev.at(line, "stance"),
                    "a row for a hypothesis needs a stance",
                    "write mendukung or melemahkan",
                    "data-stance",
                )
            )
    return found


def hypotheses_are_not_evidence(ev: Rows, codebook) -> list[Finding]:
    """A hypothesis is what the author expects, not what was found: no row
    restates one, and no row comes from a passage that only asks, expects
    or plans (the codebook's ``not_evidence``)."""
    hyps, barred, found = codebook.get("hypotheses", {}), set(codebook.get("not_evidence", [])), []
    for line, r in ev.rows:
        for h, text in hyps.items():
            if isinstance(text, str) and restates(r.get("claim", ""), text, bool(r.get("source"))):
                found.append(
                    finding(
                        ev.at(line, "claim"),
                        f"the claim restates hypothesis {h}; a hypothesis is not evidence for itself",
                        "delete the row; code evidence only from what was observed, documented or said",
                        "data-hypothesis-as-evidence",
                    )
                )
        if r.get("passage") in barred:
            found.append(
                finding(
                    ev.at(line, "passage"),
                    f"{r['passage']!r} states what the author asks, expects or plans, not evidence",
                    "take rows only from passages that report something observed, documented or said",
                    "data-not-evidence",
                )
            )
    return found


def untraced(ev: Rows) -> list[Finding]:
    return [
        finding(
            ev.at(line, "source"),
            "the row traces to nothing",
            "give a source key or the chapter passage it comes from",
            "data-trace",
        )
        for line, r in ev.rows
        if not r.get("source") and not r.get("passage")
    ]


def unknown_sources(ev: Rows, bib_keys, bib_path, column="source") -> list[Finding]:
    if bib_keys is None:
        return []
    return [
        finding(
            ev.at(line, column),
            f"source {r['source']!r} is not in {bib_path}",
            "fix the key or add the entry",
            "data-source",
        )
        for line, r in ev.rows
        if r.get("source") and r["source"] not in bib_keys
    ]


def load_files(codebook_path, evidence_path, timeline_path=None, bib_keys=None, bib_path="references.bib"):
    """(codebook, evidence rows, timeline rows, findings); each row carries
    its ``line`` in the CSV. Source keys are checked only when ``bib_keys``
    is given (the check does it, with the bibliography)."""
    cb_path, ev_path = Path(codebook_path), Path(evidence_path)
    codebook = load_yaml(cb_path) or {}
    findings = codebook_findings(cb_path, codebook)
    if not isinstance(codebook, dict):
        codebook = {}
    rows, f = read_csv(ev_path, "evidence.schema.yaml")
    findings += f + validate_rows(ev_path, rows, "evidence.schema.yaml")
    ev = Rows(ev_path, rows)
    findings += duplicate_ids(ev) + unknown_codes(ev, codebook, cb_path) + hypothesis_and_stance(ev, codebook)
    findings += hypotheses_are_not_evidence(ev, codebook) + untraced(ev) + unknown_sources(ev, bib_keys, bib_path)
    tl_rows = []
    if timeline_path is not None:
        tl_rows, f = read_csv(Path(timeline_path), "timeline.schema.yaml")
        findings += f + (validate_rows(Path(timeline_path), tl_rows, "timeline.schema.yaml") if tl_rows else [])
        findings += unknown_sources(Rows(Path(timeline_path), tl_rows), bib_keys, bib_path)

    def lined(pairs):
        # where each field begins travels with the row (build/data.json), for the check's findings
        return [{**r, "line": int(line), "at": dict(getattr(line, "fields", {}))} for line, r in pairs]

    return codebook, lined(rows), lined(tl_rows), findings


def load(data_dir="data", bib_keys=None, bib_path="references.bib"):
    """The same from a data folder (codebook.yaml, evidence.csv, timeline.csv)."""
    d = Path(data_dir)
    timeline = d / "timeline.csv"
    return load_files(
        d / "codebook.yaml", d / "evidence.csv", timeline if timeline.exists() else None, bib_keys, bib_path
    )
