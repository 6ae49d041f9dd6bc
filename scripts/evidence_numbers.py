"""The numbers and tables the chapters quote from the evidence
(``[]{.data value="…"}``, ``::: {.data-table name="…"}``), computed from the
rows the `data` rule validated (build/data.json). No drawing here.
"""

from __future__ import annotations

from collections import Counter

TYPES = ["dokumen", "arsip", "wawancara", "observasi", "literatur"]


def composed(codebook, name: str, words=None) -> dict:
    """Status and source line of a chart or table the build composes
    (codebook ``composed``): a draft without a source unless the author says
    otherwise, since the source chapter shows none of them. ``source_hint``
    is what the "Sumber:" placeholder asks for."""
    from scripts.diagram_text import words_of

    given = ((codebook or {}).get("composed") or {}).get(name) or {}
    return {
        "status": given.get("status") or "draft",
        "source_text": given.get("source_text") or "",
        "source_hint": words_of(words)["composed_hint"].format(name=name),
    }


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


def tables(codebook, rows, words=None):
    """Named tables the chapters can include: ::: {.data-table name="…"};
    ``words``: their headers in the thesis's language."""
    from scripts.diagram_text import words_of

    words = words_of(words)
    m = matrix(codebook, rows)
    ringkasan = {
        "header": list(words["summary_header"]),
        "align": ["AlignLeft", "AlignRight", "AlignRight", "AlignRight", "AlignLeft"],
        "rows": [],
    }
    for h in codebook["hypotheses"]:
        hr = [r for r in rows if r.get("hypothesis") == h]
        # No evidence yet is a gap to fill, not a finding: a draft marker
        # (the filter shades it, the check counts it), never "—".
        kinds = ", ".join(t for t in TYPES if m[h][t]) or {"todo": words["no_evidence"]}
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
        "header": list(words["list_header"]),
        "align": ["AlignLeft", "AlignLeft", "AlignLeft", "AlignLeft", "AlignLeft"],
        "rows": [[r["id"], r["claim"], r["type"], r["codes"].replace(";", ", "), r["hypothesis"] or "—"] for r in rows],
    }
    out = {"ringkasan-bukti": ringkasan, "daftar-bukti": daftar}
    for name, table in out.items():
        table.update(composed(codebook, name, words))
    return out


def data_for_text(codebook, rows, timeline, words=None) -> dict:
    """What figures.json hands the data-in-text filter."""
    return {
        "values": {k: str(v) for k, v in values(codebook, rows, timeline).items()},
        "tables": tables(codebook, rows, words),
    }
