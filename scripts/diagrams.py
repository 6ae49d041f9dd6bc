"""Relation-pattern diagrams and process flows, drawn from YAML specs.

One renderer for every diagram: each country a labelled box, one line style
per relation type, and a legend "Keterangan" made from the relation types and
actor kinds the diagram actually uses (its words, like the alt text, come
from scripts.diagram_text). The specs arrive validated, from build/data.json
(scripts/diagram_specs.py checks them in the `data` rule).
"""

from __future__ import annotations

from pathlib import Path

from scripts.common import ThesisError, finding, rel
from scripts.diagram_text import alt_text, legend_entries

# ------------------------------------------------------------------ drawing

LINESTYLES = {"solid": "-", "dashed": (0, (6, 3)), "dotted": (0, (1.2, 2.2))}
FACE = {"government": "#dcdcdc", "local-government": "#efefef", "society": "#ffffff", "igo": "#c8c8c8"}


def setup():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text in the SVG
            "svg.hashsalt": "thesis",  # stable ids
            "font.family": "serif",
            "font.serif": ["DejaVu Serif"],
            "font.size": 9,
            "path.simplify": False,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _box_edge(x, y, tx, ty, w=0.55, h=0.32):
    """Point where the line from (x, y) to (tx, ty) leaves a w x h box."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    sx = w / abs(dx) if dx else float("inf")
    sy = h / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return x + dx * s, y + dy * s


def draw_relations(spec, vocab):
    """An actors-and-relations diagram: groups behind, relation lines, actor
    boxes on top, then the legend below."""
    plt = setup()
    entries = legend_entries(spec, vocab)
    fig_h = 3.6 + 0.22 * len(entries)
    fig, ax = plt.subplots(figsize=(6.0, fig_h))
    ax.set_xlim(-0.4, 6.4)
    top = max(a["pos"][1] for a in spec["actors"]) + 0.7
    legend_h = 0.36 * len(entries) + 0.6
    ax.set_ylim(-legend_h, top)
    ax.set_aspect("auto")
    ax.axis("off")
    _draw_groups(ax, spec)
    _draw_relation_lines(ax, spec, vocab)
    _draw_actors(ax, spec)
    _draw_legend(ax, entries)
    fig.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    return fig


def _draw_groups(ax, spec):
    from matplotlib.patches import FancyBboxPatch

    for g in spec.get("groups", []):
        members = [a for a in spec["actors"] if a.get("group") == g["id"]]
        if not members:
            continue
        xs = [a["pos"][0] for a in members]
        ys = [a["pos"][1] for a in members]
        x0, x1, y0, y1 = min(xs) - 0.95, max(xs) + 0.95, min(ys) - 0.6, max(ys) + 0.6
        ax.add_patch(
            FancyBboxPatch(
                (x0, y0),
                x1 - x0,
                y1 - y0,
                boxstyle="round,pad=0.02,rounding_size=0.15",
                fill=False,
                lw=0.9,
                ec="#555555",
                gid=f"group-{g['id']}",
            )
        )
        ax.text(
            (x0 + x1) / 2,
            y0 - 0.22,
            g["label"],
            ha="center",
            va="top",
            fontsize=9,
            style="italic",
            gid=f"group-label-{g['id']}",
        )


def _draw_relation_lines(ax, spec, vocab):
    from matplotlib.lines import Line2D

    pos = {a["id"]: tuple(a["pos"]) for a in spec["actors"]}
    for r in spec["relations"]:
        t = vocab["relation_types"][r["type"]]
        (x, y), (tx, ty) = pos[r["from"]], pos[r["to"]]
        sx, sy = _box_edge(x, y, tx, ty)
        ex, ey = _box_edge(tx, ty, x, y)
        ax.add_line(
            Line2D(
                [sx, ex],
                [sy, ey],
                lw=t.get("width", 1.2),
                color="black",
                linestyle=LINESTYLES[t["style"]],
                gid=f"relation-{r['from']}-{r['to']}-{r['type']}",
            )
        )


def _draw_actors(ax, spec):
    from matplotlib.patches import FancyBboxPatch

    for a in spec["actors"]:
        x, y = a["pos"]
        multiline = "\n" in a["label"]
        w, h = (1.2, 0.7) if multiline else (1.1, 0.64)
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2),
                w,
                h,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                fc=FACE[a["kind"]],
                ec="black",
                lw=1.0,
                zorder=3,
                gid=f"actor-{a['id']}",
            )
        )
        ax.text(
            x,
            y,
            a["label"],
            ha="center",
            va="center",
            fontsize=9 if multiline else 10,
            weight="bold",
            zorder=4,
            gid=f"actor-label-{a['id']}",
        )


def _draw_legend(ax, entries):
    """The legend: "Keterangan:" with line samples, then abbreviations."""
    from matplotlib.lines import Line2D

    y = -0.35
    ax.text(-0.3, y, "Keterangan:", ha="left", va="center", fontsize=9, weight="bold", gid="legend-title")
    for style, text in entries:
        y -= 0.36
        if style:
            ax.add_line(
                Line2D(
                    [-0.3, 0.6], [y, y], lw=style.get("width", 1.2), color="black", linestyle=LINESTYLES[style["style"]]
                )
            )
            ax.text(0.8, y, text, ha="left", va="center", fontsize=8.5, gid="legend-entry")
        else:
            ax.text(-0.3, y, text, ha="left", va="center", fontsize=8.5, gid="legend-entry")


def draw_flow(spec):
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    plt = setup()
    steps = spec["steps"]
    # Layered layout: a step's layer is one more than its deepest predecessor.
    preds = {s["id"]: [f["from"] for f in spec["flows"] if f["to"] == s["id"]] for s in steps}
    layer: dict[str, int] = {}

    def depth(sid, seen=()):
        if sid in layer:
            return layer[sid]
        if sid in seen:
            return 0
        d = max((depth(p, seen + (sid,)) + 1 for p in preds[sid]), default=0)
        layer[sid] = d
        return d

    for s in steps:
        depth(s["id"])
    n_layers = max(layer.values()) + 1
    fig_h = 1.25 * n_layers + 0.4
    fig, ax = plt.subplots(figsize=(6.0, fig_h))
    ax.set_xlim(0, 6)
    ax.set_ylim(0, fig_h)
    ax.axis("off")
    pos = {}
    for L in range(n_layers):
        row = [s for s in steps if layer[s["id"]] == L]
        for i, s in enumerate(row):
            x = 6 * (i + 1) / (len(row) + 1)
            y = fig_h - 0.7 - 1.25 * L
            pos[s["id"]] = (x, y)
    for f in spec["flows"]:
        (x, y), (tx, ty) = pos[f["from"]], pos[f["to"]]
        ax.add_patch(
            FancyArrowPatch(
                (x, y - 0.42),
                (tx, ty + 0.36),
                arrowstyle="-|>",
                mutation_scale=12,
                lw=1.1,
                color="black",
                gid=f"flow-{f['from']}-{f['to']}",
            )
        )
    for s in steps:
        x, y = pos[s["id"]]
        ax.add_patch(
            FancyBboxPatch(
                (x - 1.15, y - 0.33),
                2.3,
                0.68,
                boxstyle="round,pad=0.02,rounding_size=0.08",
                fc="#f2f2f2",
                ec="black",
                lw=1.0,
                zorder=3,
                gid=f"step-{s['id']}",
            )
        )
        ax.text(x, y + 0.02, s["label"], ha="center", va="center", fontsize=8, zorder=4, gid=f"step-label-{s['id']}")
        if s.get("actor"):
            ax.text(
                x, y - 0.4, s["actor"].replace("\n", " "), ha="center", va="top", fontsize=6.5, style="italic", zorder=4
            )
    if spec["status"] == "draft":
        ax.text(5.95, 0.05, "DRAF", ha="right", va="bottom", fontsize=8, color="#777777", weight="bold")
    fig.subplots_adjust(0.01, 0.01, 0.99, 0.99)
    return fig


def save(fig, out_stem: Path, dpi=220):
    """SVG (text as text) for the PDF, PNG for the DOCX; no dates, so the
    same spec gives the same bytes."""
    import io

    from scripts.common import write_atomic

    for ext, kwargs in (("svg", {"metadata": {"Date": None}}), ("png", {"dpi": dpi, "metadata": {"Software": None}})):
        buf = io.BytesIO()
        fig.savefig(buf, format=ext, **kwargs)
        write_atomic(out_stem.with_suffix(f".{ext}"), buf.getvalue())
    import matplotlib.pyplot as plt

    plt.close(fig)


def draw_one(path, spec, vocab, out_dir: Path) -> None:
    try:
        fig = draw_relations(spec, vocab) if spec["kind"] == "relations" else draw_flow(spec)
        save(fig, out_dir / spec["id"])
    except ThesisError:
        raise
    except Exception as exc:  # one broken figure must name itself, not crash the build
        raise ThesisError(
            finding(
                rel(path),
                f"drawing figure {spec['id']!r} failed: {exc}",
                "check the spec's positions and labels; other figures are unaffected",
            )
        ) from exc


def render_all(specs, vocab, out_dir, draw=True):
    """Draw every diagram (unless ``draw`` is false) and return the metadata
    the filters need; the metadata alone costs no matplotlib import.
    ``specs``: (path, spec) pairs as build/data.json holds them."""
    out_dir = Path(out_dir)
    meta = {}
    for path, spec in specs:
        if draw:
            draw_one(path, spec, vocab, out_dir)
        source = spec.get("source") or {}
        meta[spec["id"]] = {
            "alt": alt_text(spec, vocab),
            "status": spec["status"],
            "source": source.get("key", ""),
            "locator": source.get("locator", ""),
            "spec": str(path),
        }
    return meta
