"""Coded evidence, its codebook and the timeline: validation, the tables and
numbers the chapters can include, and the charts (triangulation matrix,
timeline).

Each CSV row is validated against its schema and the codebook before
anything is drawn; an error names the file, the row's line, the field and
the allowed values.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from scripts.common import ROOT, Finding, ThesisError, finding, line_col, load_yaml, node_line, rel, schema_findings

SCHEMAS = ROOT / "schemas"
TYPES = ["dokumen", "arsip", "wawancara", "observasi", "literatur"]
NO_EVIDENCE = "belum ada bukti"


def read_csv(path: Path):
    """Rows as (line number, dict), and findings for structural problems."""
    findings = []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line, col = line_col(path.read_bytes(), exc.start)
        return [], [
            Finding(rel(path), line, col, "error", "file is not valid UTF-8", "save it as UTF-8", "data-encoding")
        ]
    reader = csv.DictReader(io.StringIO(text))
    rows = []
    start = 2
    for row in reader:
        if None in row:
            findings.append(
                Finding(
                    rel(path),
                    start,
                    1,
                    "error",
                    f"row has {len(row) + len(row[None]) - 1} fields, the header {len(reader.fieldnames)}",
                    "quote values that contain commas",
                    "data-columns",
                )
            )
            row.pop(None)
        rows.append((start, {k: (v or "").strip() for k, v in row.items() if k is not None}))
        start = reader.line_num + 1
    return rows, findings


def validate_rows(path: Path, rows, schema_name):
    import jsonschema

    schema = load_yaml(SCHEMAS / schema_name)
    validator = jsonschema.Draft202012Validator(schema)
    header = list(rows[0][1]) if rows else []
    findings = []
    missing = [c for c in schema["required"] if c not in header] if rows else []
    if missing:
        findings.append(
            Finding(
                rel(path),
                1,
                1,
                "error",
                f"missing column(s): {', '.join(missing)}",
                f"the header must be: {','.join(schema['required'])}",
                "data-columns",
            )
        )
        return findings
    for line, row in rows:
        for err in validator.iter_errors(row):
            field = err.absolute_path[0] if err.absolute_path else ""
            col = header.index(field) + 1 if field in header else 1
            if err.validator == "enum":
                msg = f"{field} is {err.instance!r}"
                fix = "allowed: " + ", ".join(repr(v) for v in err.validator_value if v)
            elif err.validator == "pattern":
                msg = f"{field} {err.instance!r} has the wrong form"
                fix = schema["properties"][field]["description"]
            elif err.validator == "additionalProperties":
                msg, fix = f"unknown column(s) {err.message}", f"use only: {','.join(schema['required'])}"
            else:
                msg, fix = (
                    f"{field or 'row'}: {err.message}",
                    schema["properties"].get(field, {}).get("description", ""),
                )
            findings.append(Finding(rel(path), line, col, "error", msg, fix, "data-schema"))
    return findings


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


def restates(claim: str, hypothesis: str) -> bool:
    """Does ``claim`` restate ``hypothesis``? Yes when they share a run of
    five words, or when most of the claim's words (longer than three
    letters) are the hypothesis's: a reworded hypothesis is still one."""
    c, h = _words(claim), _words(hypothesis)
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
        col = self.header.index(column) + 1 if column in self.header else 1
        return (rel(self.path), line, col)


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
            elif codes[code].get("hypothesis") and r.get("hypothesis") and codes[code]["hypothesis"] != r["hypothesis"]:
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
            if isinstance(text, str) and restates(r.get("claim", ""), text):
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


def load(data_dir="data", bib_keys=None, bib_path="references.bib"):
    """(codebook, evidence rows, timeline rows, findings)."""
    data_dir = Path(data_dir)
    cb_path = data_dir / "codebook.yaml"
    codebook = load_yaml(cb_path) or {}
    findings = codebook_findings(cb_path, codebook)
    if not isinstance(codebook, dict):
        codebook = {}
    ev_path = data_dir / "evidence.csv"
    rows, f = read_csv(ev_path)
    findings += f + validate_rows(ev_path, rows, "evidence.schema.yaml")
    ev = Rows(ev_path, rows)
    findings += duplicate_ids(ev) + unknown_codes(ev, codebook, cb_path) + hypothesis_and_stance(ev, codebook)
    findings += hypotheses_are_not_evidence(ev, codebook) + untraced(ev) + unknown_sources(ev, bib_keys, bib_path)
    tl_path = data_dir / "timeline.csv"
    tl_rows, f = read_csv(tl_path) if tl_path.exists() else ([], [])
    findings += f + validate_rows(tl_path, tl_rows, "timeline.schema.yaml") if tl_rows else f
    findings += unknown_sources(Rows(tl_path, tl_rows), bib_keys, bib_path)
    return codebook, [r for _, r in rows], [r for _, r in tl_rows], findings


# ---------------------------------------------------------------- numbers


def matrix(codebook, rows):
    """Hypothesis x evidence type -> count (zeros kept: they are the gaps)."""
    counts = Counter((r["hypothesis"], r["type"]) for r in rows if r.get("hypothesis"))
    return {h: {t: counts.get((h, t), 0) for t in TYPES} for h in codebook["hypotheses"]}


def values(codebook, rows, timeline):
    """Named numbers the chapters can include: [](){.data value="…"}."""
    # bukti.hipotesis is what the summary table totals: rows that bear on a
    # hypothesis. Context rows (legal basis, earlier cooperation) are counted
    # apart, so the prose and the table count the same thing.
    out = {
        "bukti.jumlah": len(rows),
        "bukti.hipotesis": sum(1 for r in rows if r.get("hypothesis")),
        "bukti.konteks": sum(1 for r in rows if not r.get("hypothesis")),
    }
    for h, per_type in matrix(codebook, rows).items():
        out[f"bukti.{h}"] = sum(per_type.values())
        out[f"bukti.{h}.jenis"] = sum(1 for v in per_type.values() if v)
        for t, n in per_type.items():
            out[f"bukti.{h}.{t}"] = n
    out["linimasa.peristiwa"] = len(timeline)
    return out


def tables(codebook, rows):
    """Named tables the chapters can include: ::: {.data-table name="…"}."""
    m = matrix(codebook, rows)
    ringkasan = {
        "header": ["Hipotesis", "Bukti", "Mendukung", "Melemahkan", "Jenis bukti"],
        "align": ["AlignLeft", "AlignRight", "AlignRight", "AlignRight", "AlignLeft"],
        "rows": [],
    }
    for h in codebook["hypotheses"]:
        hr = [r for r in rows if r.get("hypothesis") == h]
        # No evidence yet is a gap to fill, not a finding: a draft marker
        # (the filter shades it, the check counts it), never "—".
        kinds = ", ".join(t for t in TYPES if m[h][t]) or {"todo": NO_EVIDENCE}
        ringkasan["rows"].append(
            [
                h,
                str(len(hr)),
                str(sum(r["stance"] == "mendukung" for r in hr)),
                str(sum(r["stance"] == "melemahkan" for r in hr)),
                kinds,
            ]
        )
    daftar = {
        "header": ["Id", "Bukti", "Jenis", "Kode", "Hipotesis"],
        "align": ["AlignLeft", "AlignLeft", "AlignLeft", "AlignLeft", "AlignLeft"],
        "rows": [[r["id"], r["claim"], r["type"], r["codes"].replace(";", ", "), r["hypothesis"] or "—"] for r in rows],
    }
    return {"ringkasan-bukti": ringkasan, "daftar-bukti": daftar}


# ---------------------------------------------------------------- charts

CHARTS = {
    "matriks-triangulasi": "Matriks triangulasi: jumlah bukti untuk tiap hipotesis (baris) menurut jenis bukti "
    "(kolom); sel kosong menandai jenis bukti yang belum ada.",
    "linimasa": "Linimasa peristiwa yang disebut dalam BAB I, dari UU No. 22 Tahun 1999 sampai kerjasama "
    "Sister Province NTB–Zhejiang 2014–2015.",
}


def _year(s: str, end: bool = False) -> float:
    """Decimal year; an end date covers its whole year or month."""
    parts = [int(p) for p in s.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else 1
    d = parts[2] if len(parts) > 2 else 1
    if end and len(parts) == 1:
        return y + 1.0
    if end and len(parts) == 2:
        return y + m / 12
    return y + (m - 1) / 12 + (d - 1) / 365


def draw_matrix(codebook, rows):
    from scripts.diagrams import _setup

    plt = _setup()
    m = matrix(codebook, rows)
    hyps = list(m)
    fig, ax = plt.subplots(figsize=(6.0, 0.55 * len(hyps) + 1.2))
    for i, h in enumerate(hyps):
        for j, t in enumerate(TYPES):
            n = m[h][t]
            y = len(hyps) - 1 - i
            if n:
                shade = min(0.25 + 0.15 * n, 0.85)
                ax.add_patch(plt.Rectangle((j, y), 1, 1, fc=str(1 - shade), ec="black", lw=0.8, gid=f"cell-{h}-{t}"))
                ax.text(
                    j + 0.5,
                    y + 0.5,
                    str(n),
                    ha="center",
                    va="center",
                    fontsize=10,
                    color="white" if shade > 0.5 else "black",
                    weight="bold",
                )
            else:
                ax.add_patch(
                    plt.Rectangle((j, y), 1, 1, fc="white", ec="black", lw=0.8, hatch="///", gid=f"gap-{h}-{t}")
                )
    ax.set_xlim(0, len(TYPES))
    ax.set_ylim(0, len(hyps))
    ax.set_xticks([j + 0.5 for j in range(len(TYPES))], [t.capitalize() for t in TYPES])
    ax.set_yticks([len(hyps) - 1 - i + 0.5 for i in range(len(hyps))], hyps)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for s in ax.spines.values():
        s.set_visible(False)
    ax.text(len(TYPES), -0.3, "Arsiran: belum ada bukti", ha="right", va="top", fontsize=7.5, style="italic")
    fig.subplots_adjust(0.08, 0.12, 0.99, 0.88)
    return fig


def draw_timeline(timeline):
    """Events and periods on a time axis; their labels in a column on the left."""
    from scripts.diagrams import _setup

    plt = _setup()
    events = sorted(timeline, key=lambda r: (_year(r["start"]), r["event"]))
    fig, (lab, ax) = plt.subplots(
        1,
        2,
        figsize=(6.0, 0.42 * len(events) + 0.9),
        sharey=True,
        gridspec_kw={"width_ratios": [1.35, 1], "wspace": 0.02},
    )
    lo = min(_year(r["start"]) for r in events) - 1
    hi = max(_year(r["end"], end=True) if r["end"] else _year(r["start"]) for r in events) + 1
    for i, r in enumerate(events):
        y = len(events) - 1 - i
        s = _year(r["start"])
        e = _year(r["end"], end=True) if r["end"] else None
        ax.axhline(y, color="#dddddd", lw=0.5, zorder=0)
        if e:
            ax.add_patch(plt.Rectangle((s, y - 0.16), e - s, 0.32, fc="#888888", ec="black", lw=0.6, gid=f"period-{i}"))
        else:
            ax.plot([s], [y], marker="o", color="black", markersize=5, gid=f"event-{i}")
        label = r["start"][:4] + (f"–{r['end'][:4]}" if r["end"] and r["end"][:4] != r["start"][:4] else "")
        import textwrap

        lab.text(
            0.0,
            y,
            f"{label}: " + "\n".join(textwrap.wrap(r["event"], 42)),
            ha="left",
            va="center",
            fontsize=7,
            linespacing=1.1,
        )
    lab.axis("off")
    lab.set_xlim(0, 1)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.8, len(events) - 0.3)
    ax.set_yticks([])
    years = range(int(lo) + 1, int(hi) + 1, 3)
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=7.5)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(0.01, 0.1, 0.99, 0.98)
    return fig


def render_charts(data_dir, out_dir, bib_keys=None, draw=True):
    """Draw the evidence charts (unless ``draw`` is false); return their metadata."""
    from scripts.diagrams import save

    codebook, rows, timeline, findings = load(data_dir, bib_keys)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise ThesisError(errors)
    out_dir = Path(out_dir)
    if draw:
        save(draw_matrix(codebook, rows), out_dir / "matriks-triangulasi")
    meta = {
        "matriks-triangulasi": {
            "alt": CHARTS["matriks-triangulasi"],
            "status": "final",
            "source": "",
            "locator": "",
            "spec": "data/evidence.csv",
            "source_text": "diolah dari data bukti penelitian (data/evidence.csv)",
        }
    }

    if timeline:
        if draw:
            save(draw_timeline(timeline), out_dir / "linimasa")
        meta["linimasa"] = {
            "alt": CHARTS["linimasa"],
            "status": "final",
            "source": "",
            "locator": "",
            "spec": "data/timeline.csv",
            "source_text": "diolah dari linimasa penelitian (data/timeline.csv)",
        }
    return meta


def data_for_text(data_dir="data"):
    codebook, rows, timeline, _ = load(data_dir)
    return {
        "values": {k: str(v) for k, v in values(codebook, rows, timeline).items()},
        "tables": tables(codebook, rows),
    }


def check(data_dir, entries, bib_path="references.bib"):
    """For the check step: findings, the charts it produces, keys it cites."""
    if not (Path(data_dir) / "evidence.csv").exists():
        return [], {}, set()
    codebook, rows, timeline, findings = load(data_dir, set(entries), bib_path)
    charts = {
        name: {"alt": alt, "source_text": "data"} for name, alt in CHARTS.items() if name != "linimasa" or timeline
    }

    keys = {r["source"] for r in rows + timeline if r.get("source")}
    return findings, charts, keys
