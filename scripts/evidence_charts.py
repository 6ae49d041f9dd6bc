"""The evidence charts: the triangulation matrix (hypothesis x evidence
type, gaps hatched) and the timeline, drawn from the rows the `data` rule
validated, with the same matplotlib settings as the diagrams.
"""

from __future__ import annotations

from pathlib import Path

from scripts.diagram_text import words_of
from scripts.evidence_numbers import TYPES, matrix


def timeline_alt(timeline, words=None) -> str:
    """The timeline's alt text, from its own rows (first and last event):
    it says what the drawing shows, whatever the thesis is about."""
    words = words_of(words)
    first, last = timeline[0], timeline[-1]
    if len(timeline) == 1:
        return words["timeline_one"].format(event=first["event"], start=first["start"])
    return words["timeline_many"].format(
        n=len(timeline), first=first["event"], first_start=first["start"], last=last["event"], last_start=last["start"]
    )


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


def draw_matrix(codebook, rows, words=None):
    from scripts.diagrams import setup

    plt = setup()
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
    ax.set_ylim(0, max(len(hyps), 1))  # a codebook without hypotheses yet: an empty matrix
    ax.set_xticks([j + 0.5 for j in range(len(TYPES))], [t.capitalize() for t in TYPES])
    ax.set_yticks([len(hyps) - 1 - i + 0.5 for i in range(len(hyps))], hyps)
    ax.tick_params(length=0)
    ax.xaxis.tick_top()
    for s in ax.spines.values():
        s.set_visible(False)
    ax.text(len(TYPES), -0.3, words_of(words)["matrix_gap"], ha="right", va="top", fontsize=7.5, style="italic")
    fig.subplots_adjust(0.08, 0.12, 0.99, 0.88)
    return fig


def draw_timeline(timeline):
    """Events and periods on a time axis; their labels in a column on the left."""
    from scripts.diagrams import setup

    plt = setup()
    events = sorted(timeline, key=lambda r: (_year(r["start"]), r["event"]))
    fig, (lab, ax) = plt.subplots(
        1,
        2,
        # 5.5 in: the text block, so the figure is set at its true size
        figsize=(5.5, 0.5 * len(events) + 0.9),
        sharey=True,
        gridspec_kw={"width_ratios": [1.6, 1], "wspace": 0.0},
    )
    lo = min(_year(r["start"]) for r in events) - 1
    hi = max(_year(r["end"], end=True) if r["end"] else _year(r["start"]) for r in events) + 1
    for i, r in enumerate(events):
        y = len(events) - 1 - i
        s = _year(r["start"])
        e = _year(r["end"], end=True) if r["end"] else None
        ax.axhline(y, color="#bbbbbb", lw=0.6, ls=(0, (1, 2)), zorder=0)
        # the row's line runs from its label to its marker (read across)
        lab.axhline(y, color="#bbbbbb", lw=0.6, ls=(0, (1, 2)), zorder=0)
        if e:
            ax.add_patch(plt.Rectangle((s, y - 0.16), e - s, 0.32, fc="#888888", ec="black", lw=0.6, gid=f"period-{i}"))
        else:
            ax.plot([s], [y], marker="o", color="black", markersize=5, gid=f"event-{i}")
        label = r["start"][:4] + (f"–{r['end'][:4]}" if r["end"] and r["end"][:4] != r["start"][:4] else "")
        import textwrap

        lab.text(
            0.0,
            y,
            f"{label}: " + "\n".join(textwrap.wrap(r["event"], 40)),
            ha="left",
            va="center",
            fontsize=9,
            linespacing=1.1,
            # white behind the text: the dotted line starts where the label ends
            bbox={"fc": "white", "ec": "none", "pad": 1.5},
            zorder=2,
        )
    lab.axis("off")
    lab.set_xlim(0, 1)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.8, len(events) - 0.3)
    ax.set_yticks([])
    years = range(int(lo) + 1, int(hi) + 1, 3)
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=9)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    fig.subplots_adjust(0.01, 0.1, 0.99, 0.98)
    return fig


def chart_meta(codebook, timeline, evidence_path="", timeline_path="", words=None) -> dict:
    """The charts' entries in figures.json (alt text, status, source line);
    ``spec`` names the data each chart is drawn from. The source chapter
    shows neither chart: each is a draft, its "Sumber:" line a placeholder,
    until the codebook's ``composed`` says otherwise. ``words``: the alt
    text's in the thesis's language."""
    from scripts.evidence_numbers import composed

    words = words_of(words)
    charts = {"matriks-triangulasi": (evidence_path, words["matrix_alt"])}
    if timeline:
        charts["linimasa"] = (timeline_path, timeline_alt(timeline, words))
    return {
        name: {"alt": alt, "source": "", "locator": "", "spec": spec, **composed(codebook, name, words)}
        for name, (spec, alt) in charts.items()
    }


def render_charts(codebook, rows, timeline, out_dir, words=None) -> None:
    """Draw the matrix, and the timeline when there is one."""
    from scripts.diagrams import save

    out_dir = Path(out_dir)
    save(draw_matrix(codebook, rows, words), out_dir / "matriks-triangulasi")
    if timeline:
        save(draw_timeline(timeline), out_dir / "linimasa")
