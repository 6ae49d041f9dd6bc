"""Diagram specs, on the pipeline's own fixtures (the tiny thesis's relation
diagram, tests/fixtures/diagrams/alur.yaml's flow): validated with located
errors; drawn with every actor, relation, step and legend entry; the same
spec gives the same bytes; boxes never overlap; the alt text says what is
drawn, in the thesis's language. The tests on this thesis's own specs are in
tests/thesis/test_diagrams.py."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from scripts import diagram_specs as ds
from scripts import diagrams as dg
from scripts.common import ThesisError, load_yaml
from scripts.diagram_text import alt_text
from scripts.labels import figure_words

TINY = FIXTURES / "tiny" / "data" / "diagrams"
LEGEND = TINY / "_legend.yaml"
SPECS = {"pola": TINY / "pola.yaml", "alur": FIXTURES / "diagrams" / "alur.yaml"}


def copy_specs(tmp_path, *names):
    d = tmp_path / "diagrams"
    d.mkdir(parents=True)
    shutil.copy(LEGEND, d)
    for name in names:
        shutil.copy(SPECS[name], d)
    return d


def edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.splitlines()[0] in ln)


@pytest.mark.parametrize(
    "old,new,needle",
    [
        ("{from: G1, to: G2, type: inter-state}", "{from: G1, to: G9, type: inter-state}", "'G9' is not an actor"),
        ("{from: G1, to: G2, type: inter-state}", "{from: G1, to: G2, type: friendly}", "'friendly'"),
        ("kind: government, group: a, pos: [1, 3]}", "kind: government, group: z, pos: [1, 3]}", "unknown group"),
        ("status: final", "status: done", "'done'"),
        ("status: final\nedges: source", "status: final\nedges: reconstruction", "not drawn from a picture"),
        ('alt: "Diagram uji', 'alt: "Diagram uji; S1–G2 berhubungan', "S1–G2"),
        ("{id: G1, label: G1,", "{id: G1, lable: G1,", "unknown field 'lable'"),
    ],
)
def test_spec_errors_name_file_line_and_allowed_values(tmp_path, old, new, needle):
    d = copy_specs(tmp_path, "pola")
    line = edit(d / "pola.yaml", old, new)
    with pytest.raises(ThesisError) as e:
        ds.load_specs(d)
    (f,) = [x for x in e.value.findings if needle in x.message]
    assert f.path.endswith("pola.yaml") and f.line == line
    assert f.fix


def render(tmp_path, name, language=None):
    d = copy_specs(tmp_path, name)
    out = tmp_path / "out"
    words = figure_words(language)
    meta = dg.render_all(ds.load_specs(d), load_yaml(d / "_legend.yaml"), out, words=words)
    return out, meta


def test_svg_has_actors_relations_and_a_legend_of_what_it_uses(tmp_path):
    out, meta = render(tmp_path, "pola")
    svg = (out / "pola.svg").read_text(encoding="utf-8")
    assert "<text" in svg  # text stays text
    spec = load_yaml(SPECS["pola"])
    for a in spec["actors"]:
        assert f'id="actor-{a["id"]}"' in svg
    for r in spec["relations"]:
        assert f'id="relation-{r["from"]}-{r["to"]}-{r["type"]}"' in svg
    assert "Keterangan:" in svg and "Hubungan Politik antar Negara" in svg and "Hubungan Politik dalam Negeri" in svg
    assert "Hubungan Transnasional" not in svg and "LG = " not in svg  # not used here
    assert "G = Government" in svg and "S = Society" in svg
    assert meta["pola"]["alt"].startswith("Diagram hubungan antaraktor.")
    assert (out / "pola.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_flow_draws_every_step_and_says_draft(tmp_path):
    out, meta = render(tmp_path, "alur")
    svg = (out / "alur.svg").read_text(encoding="utf-8")
    for s in load_yaml(SPECS["alur"])["steps"]:
        assert f'id="step-{s["id"]}"' in svg
    assert "DRAF" in svg and meta["alur"]["status"] == "draft"


def test_an_english_thesis_gets_english_words_in_its_figures(tmp_path):
    out, meta = render(tmp_path / "r", "pola", "en")
    assert "Legend:" in (out / "pola.svg").read_text(encoding="utf-8")
    assert meta["pola"]["alt"].startswith("Diagram of the relations between actors. Negara A: G1, S1;")
    assert "(solid line): G1–G2" in meta["pola"]["alt"]
    out, meta = render(tmp_path / "f", "alur", "en")
    svg = (out / "alur.svg").read_text(encoding="utf-8")
    assert "DRAFT" in svg and "DRAF<" not in svg
    alt = meta["alur"]["alt"]
    assert alt.startswith("Process flow. Steps: Usulan kerja sama (by: Dinas A); Kajian (by: Biro B);")
    assert "Flows: Usulan → Kajian;" in alt and alt.endswith(
        "Reconstruction (draft): the source's picture is not available."
    )
    for word in ("Skema", "Langkah", "pelaku", "Rekonstruksi", "garis"):
        assert word not in alt


def test_same_spec_same_bytes(tmp_path):
    for name in SPECS:
        a, _ = render(tmp_path / "a" / name, name)
        b, _ = render(tmp_path / "b" / name, name)
        for ext in ("svg", "png"):
            ha = hashlib.sha256((a / f"{name}.{ext}").read_bytes()).hexdigest()
            hb = hashlib.sha256((b / f"{name}.{ext}").read_bytes()).hexdigest()
            assert ha == hb, (name, ext)
        assert not re.search(r"<dc:date>", (a / f"{name}.svg").read_text(encoding="utf-8"))


def test_alt_text_is_generated_from_what_is_drawn():
    vocab = load_yaml(LEGEND)
    pola = load_yaml(SPECS["pola"])
    alt = alt_text(pola, vocab)
    labels = {a["id"]: a["label"] for a in pola["actors"]}
    drawn = {f"{labels[r['from']]}–{labels[r['to']]}" for r in pola["relations"]}
    assert set(re.findall(r"\b\w+–\w+\b", alt)) == drawn
    assert "draf" not in alt.lower()  # final
    alur = load_yaml(SPECS["alur"])
    alt = alt_text(alur, vocab)
    first = {s["id"]: " ".join(s["label"].split("\n")[0].split()) for s in alur["steps"]}
    for f in alur["flows"]:
        assert f"{first[f['from']]} → {first[f['to']]}" in alt
    assert "Rekonstruksi (draf)" in alt


# ------------------------------------------------------------ flow layout

WIDE_FLOW = {
    "id": "uji",
    "kind": "flow",
    "status": "final",
    "steps": [
        {"id": f"s{i}", "label": f"Langkah {i} dengan label\nyang cukup panjang sekali", "actor": "Aktor yang panjang"}
        for i in range(5)
    ]
    + [{"id": "akhir", "label": "Keputusan", "actor": "Pelaku"}],
    "flows": [{"from": f"s{i}", "to": "akhir"} for i in range(4)]
    + [{"from": "s4", "to": "s0"}, {"from": "s1", "to": "akhir"}],
}


def flow_specs():
    return [pytest.param(load_yaml(SPECS["alur"]), id="alur"), pytest.param(WIDE_FLOW, id="wide")]


def rect(box, margin=0.0):
    x, y, w, h = box
    return x - w / 2 - margin, y - h / 2 - margin, x + w / 2 + margin, y + h / 2 + margin


def segment_hits_rect(p, q, r, steps=200):
    x0, y0, x1, y1 = r
    return any(
        x0 < p[0] + (q[0] - p[0]) * t / steps < x1 and y0 < p[1] + (q[1] - p[1]) * t / steps < y1
        for t in range(1, steps)
    )


@pytest.mark.parametrize("spec", flow_specs())
def test_flow_boxes_never_overlap_and_arrows_cross_no_box(spec):
    plt = dg.setup()
    boxes, routes = dg.flow_layout(spec, lambda t, s, st="normal": dg._text_size(plt, t, s, st))
    ids = list(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            ra, rb = rect(boxes[a], dg.XSPACE / 3), rect(boxes[b])
            assert ra[2] <= rb[0] or rb[2] <= ra[0] or ra[3] <= rb[1] or rb[3] <= ra[1], (a, b)
    assert min(x for _, _, pts in routes for x, _ in pts) >= 0 and min(rect(b)[0] for b in boxes.values()) >= 0
    for a, b, pts in routes:
        for p, q in zip(pts, pts[1:], strict=False):
            for other in ids:
                if other not in (a, b):
                    assert not segment_hits_rect(p, q, rect(boxes[other])), (a, b, other)


@pytest.mark.parametrize("spec", flow_specs())
def test_flow_text_stays_inside_its_box(spec):
    """Drawn, every label and actor line lies inside its step's box."""
    fig = dg.draw_flow(spec)
    renderer = fig.canvas.get_renderer()
    by_gid = {a.get_gid(): a for a in fig.axes[0].get_children() if a.get_gid()}
    for st in spec["steps"]:
        box = by_gid[f"step-{st['id']}"].get_window_extent(renderer)
        for kind in ("label", "actor"):
            text = by_gid.get(f"step-{kind}-{st['id']}")
            if text is None:
                continue
            bb = text.get_window_extent(renderer)
            assert box.x0 <= bb.x0 and bb.x1 <= box.x1 and box.y0 <= bb.y0 and bb.y1 <= box.y1, (st["id"], kind)
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_figures_are_set_in_the_first_installed_thesis_font():
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    assert dg.use_fonts(["No Such Font", "DejaVu Serif"]) == "DejaVu Serif"
    assert dg.use_fonts(["No Such Font"]) == dg.FALLBACK_FONT
    if "Liberation Serif" in installed:
        assert dg.use_fonts(["Times New Roman", "Liberation Serif"]) in {"Times New Roman", "Liberation Serif"}
    dg.use_fonts([])


def test_a_draft_figure_is_a_draft_marker(tmp_path):
    import json
    import subprocess

    from conftest import pandoc
    from scripts.check.document import Doc
    from scripts.check.run import draft_figure_markers

    md = tmp_path / "01-bab.md"
    md.write_text("# Bab\n\nTeks.\n\n![Alur.](alur){#fig:alur}\n", encoding="utf-8")
    ast = json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)
    (m,) = draft_figure_markers(Doc(str(md), ast), {"alur": {"status": "draft"}})
    assert (m.line, m.kind) == (5, "figure") and "draf" in m.text
    assert draft_figure_markers(Doc(str(md), ast), {"alur": {"status": "final"}}) == []
