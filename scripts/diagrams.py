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
from scripts.diagram_text import alt_text, legend_entries, words_of

# ------------------------------------------------------------------ drawing

LINESTYLES = {"solid": "-", "dashed": (0, (6, 3)), "dotted": (0, (1.2, 2.2))}
FACE = {"government": "#dcdcdc", "local-government": "#efefef", "society": "#ffffff", "igo": "#c8c8c8"}


# The body font of the thesis (config layout.fonts, first installed wins),
# then matplotlib's bundled serif: the figures are set in the text's font.
FALLBACK_FONT = "DejaVu Serif"
_fonts = [FALLBACK_FONT]


def use_fonts(fonts) -> str:
    """Draw with the first installed of ``fonts`` (matplotlib's bundled
    DejaVu Serif when none is); returns the font's name for the build log.

    matplotlib knows the fonts its per-user cache listed when it was made; a
    font installed later (Liberation Serif after the first plot on that
    machine) is missing from it. So when a configured family is not in the
    list, the system's font files are looked up and the new ones added (for
    this process; the user's cache is left as it is). The list is then
    sorted by file, so the same installed fonts give the same choice, and
    the same figure bytes, whatever order or age the cache has."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    wanted = [*(fonts or []), FALLBACK_FONT]
    manager = font_manager.fontManager
    if not {n.casefold() for n in wanted} <= {f.name.casefold() for f in manager.ttflist}:
        _add_system_fonts(font_manager)
    manager.ttflist.sort(key=lambda f: (f.fname, f.name, f.style, f.weight))
    if hasattr(manager, "_findfont_cached"):
        manager._findfont_cached.cache_clear()
    for name in wanted:
        try:
            path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
        except ValueError:
            continue
        chosen = font_manager.FontProperties(fname=path).get_name()
        _fonts[:] = [chosen]
        return chosen
    _fonts[:] = [FALLBACK_FONT]
    return FALLBACK_FONT


def _add_system_fonts(font_manager) -> None:
    """Add to matplotlib's font list the system's font files it lacks."""
    manager = font_manager.fontManager
    known = {str(Path(f.fname).resolve()) for f in manager.ttflist}
    for path in sorted(font_manager.findSystemFonts()):
        if str(Path(path).resolve()) in known:
            continue
        try:
            manager.addfont(path)
        except Exception:  # a font file FreeType cannot read: matplotlib skips those too
            continue


def setup():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text in the SVG
            "svg.hashsalt": "thesis",  # stable ids
            "font.family": "serif",
            "font.serif": list(_fonts),
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


def draw_relations(spec, vocab, words=None):
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
    _draw_legend(ax, entries, words_of(words)["legend"])
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


def _draw_legend(ax, entries, title):
    """The legend: its title ("Keterangan:") with line samples, then abbreviations."""
    from matplotlib.lines import Line2D

    y = -0.35
    ax.text(-0.3, y, title, ha="left", va="center", fontsize=9, weight="bold", gid="legend-title")
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


# Process flows: boxes sized to their text, placed by grandalf's Sugiyama
# layered layout (layers top to bottom, crossings reduced, no two boxes in a
# layer closer than XSPACE), arrows between box edges. The actor of a step is
# printed inside its box, under the step, so no arrow ever meets a label.
FLOW_WIDTH_IN = 5.5  # the text block (14 cm): the figure is set at 100 %
XSPACE, YSPACE = 0.3, 0.42  # inches between boxes in a layer / between layers
PAD_X, PAD_Y, GAP = 0.14, 0.09, 0.05
LABEL_PT, ACTOR_PT = 10, 8.5


class _Box:
    """A step's box as grandalf sees it (w, h; xy set by the layout)."""

    def __init__(self, w, h):
        self.w, self.h, self.xy = w, h, (0.0, 0.0)


class _Route:
    def __init__(self):
        self.points = []

    def setpath(self, points):
        self.points = list(points)


def _text_size(plt, text, size, style="normal"):
    """Width and height in inches of ``text`` set in the figures' font."""
    fig = plt.figure(figsize=(8, 2))
    t = fig.text(0, 0, text, fontsize=size, style=style, linespacing=1.15)
    bb = t.get_window_extent(fig.canvas.get_renderer())
    plt.close(fig)
    return bb.width / fig.dpi, bb.height / fig.dpi


def flow_layout(spec, measure):
    """Boxes {step id: (x, y, w, h)} (centre, inches, y downwards) and
    routes [(from, to, [points])] for a flow spec. ``measure(text, size,
    style)`` gives a text's (w, h) in inches."""
    from grandalf.graphs import Edge, Graph, Vertex
    from grandalf.layouts import SugiyamaLayout

    vertices = {}
    for st in spec["steps"]:
        lw, lh = measure(st["label"], LABEL_PT)
        aw, ah = measure(st["actor"], ACTOR_PT, "italic") if st.get("actor") else (0.0, 0.0)
        v = Vertex(st["id"])
        v.view = _Box(max(lw, aw) + 2 * PAD_X, lh + (GAP + ah if ah else 0.0) + 2 * PAD_Y)
        vertices[st["id"]] = v
    edges = []
    for f in spec["flows"]:
        e = Edge(vertices[f["from"]], vertices[f["to"]])
        e.view = _Route()
        edges.append(e)
    graph = Graph(list(vertices.values()), edges)
    for component in graph.C:
        sug = SugiyamaLayout(component)
        sug.xspace, sug.yspace = XSPACE, YSPACE
        roots = [v for v in component.sV if not v.e_in()]
        sug.init_all(roots=sorted(roots, key=lambda v: list(vertices).index(v.data)))
        sug.draw()
    # components side by side, left to right in the order of their steps
    boxes, x0 = {}, 0.0
    for component in graph.C:
        vs = list(component.sV)
        left = min(v.view.xy[0] - v.view.w / 2 for v in vs)
        top = min(v.view.xy[1] - v.view.h / 2 for v in vs)
        for v in vs:
            x, y = v.view.xy
            boxes[v.data] = (x - left + x0, y - top, v.view.w, v.view.h)
        x0 = max(b[0] + b[2] / 2 for b in boxes.values()) + XSPACE
    routes = []
    for e in edges:
        a, b = e.v[0].data, e.v[1].data
        pts = (
            [(boxes[a][0], boxes[a][1])]
            + [_shift(p, e, boxes) for p in e.view.points[1:-1]]
            + [(boxes[b][0], boxes[b][1])]
        )
        pts[0] = _box_edge(*pts[0], *pts[1], w=boxes[a][2] / 2, h=boxes[a][3] / 2)
        pts[-1] = _box_edge(*pts[-1], *pts[-2], w=boxes[b][2] / 2, h=boxes[b][3] / 2)
        routes.append((a, b, pts))
    # a long edge's bends may lie left of every box: start the drawing at 0
    shift = -min(0.0, *(x for _, _, pts in routes for x, _ in pts))
    boxes = {k: (x + shift, y, w, h) for k, (x, y, w, h) in boxes.items()}
    routes = [(a, b, [(x + shift, y) for x, y in pts]) for a, b, pts in routes]
    return boxes, routes


def flow_extent(boxes, routes):
    """Width and height (inches) of the boxes and arrows together."""
    xs = [b[0] + b[2] / 2 for b in boxes.values()] + [x for _, _, pts in routes for x, _ in pts]
    ys = [b[1] + b[3] / 2 for b in boxes.values()] + [y for _, _, pts in routes for _, y in pts]
    return max(xs), max(ys)


def _shift(point, edge, boxes):
    """A bend point of a long edge, moved like its source box was."""
    v = edge.v[0]
    bx, by = boxes[v.data][:2]
    return point[0] - v.view.xy[0] + bx, point[1] - v.view.xy[1] + by


def draw_flow(spec, words=None):
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MPath

    plt = setup()
    boxes, routes = flow_layout(spec, lambda text, size, style="normal": _text_size(plt, text, size, style))
    width, height = flow_extent(boxes, routes)
    draft = spec["status"] == "draft"
    fig_w, margin = max(FLOW_WIDTH_IN, width + 0.1), 0.05
    fig_h = height + 2 * margin + (0.22 if draft else 0.0)
    fig = plt.figure(figsize=(fig_w, fig_h))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, fig_w)
    ax.set_ylim(fig_h, 0)  # y downwards, as the layout
    ax.axis("off")
    dx, dy = (fig_w - width) / 2, margin
    for a, b, pts in routes:
        path = MPath([(x + dx, y + dy) for x, y in pts])
        ax.add_patch(
            FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=11, lw=1.0, color="black", gid=f"flow-{a}-{b}")
        )
    for st in spec["steps"]:
        x, y, w, h = boxes[st["id"]]
        x, y = x + dx, y + dy
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2),
                w,
                h,
                boxstyle="round,pad=0,rounding_size=0.06",
                fc="#f2f2f2",
                ec="black",
                lw=1.0,
                zorder=3,
                gid=f"step-{st['id']}",
            )
        )
        top = y - h / 2 + PAD_Y
        ax.text(
            x,
            top,
            st["label"],
            ha="center",
            va="top",
            fontsize=LABEL_PT,
            linespacing=1.15,
            zorder=4,
            gid=f"step-label-{st['id']}",
        )
        if st.get("actor"):
            ax.text(
                x,
                y + h / 2 - PAD_Y,
                st["actor"],
                ha="center",
                va="bottom",
                fontsize=ACTOR_PT,
                style="italic",
                linespacing=1.15,
                zorder=4,
                gid=f"step-actor-{st['id']}",
            )
    if draft:
        ax.text(
            fig_w - 0.05,
            fig_h - 0.04,
            words_of(words)["draft_stamp"],
            ha="right",
            va="bottom",
            fontsize=8,
            color="#777777",
            weight="bold",
        )
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


def draw_one(path, spec, vocab, out_dir: Path, words=None) -> None:
    try:
        fig = draw_relations(spec, vocab, words) if spec["kind"] == "relations" else draw_flow(spec, words)
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


def render_all(specs, vocab, out_dir, draw=True, words=None):
    """Draw every diagram (unless ``draw`` is false) and return the metadata
    the filters need; the metadata alone costs no matplotlib import.
    ``specs``: (path, spec) pairs as build/data.json holds them."""
    out_dir = Path(out_dir)
    meta = {}
    for path, spec in specs:
        if draw:
            draw_one(path, spec, vocab, out_dir, words)
        source = spec.get("source") or {}
        meta[spec["id"]] = {
            "alt": alt_text(spec, vocab, words),
            "status": spec["status"],
            "source": source.get("key", ""),
            "locator": source.get("locator", ""),
            "spec": str(path),
        }
    return meta
