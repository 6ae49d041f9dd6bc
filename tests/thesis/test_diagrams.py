"""This thesis's diagram specs (data/diagrams/): valid, with located errors;
drawn with every actor, relation and legend entry; the same spec gives the
same bytes; the source's legends. The same on the pipeline's own fixtures,
which travel with the template: tests/test_diagram_specs.py."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from scripts import diagram_specs as ds
from scripts import diagrams as dg
from scripts.common import ThesisError, load_yaml

SPECS = ROOT / "data" / "diagrams"


def copy_specs(tmp_path, only=None):
    d = tmp_path / "diagrams"
    d.mkdir(parents=True)
    shutil.copy(SPECS / "_legend.yaml", d)
    for p in ds.spec_files(SPECS):
        if only is None or p.stem in only:
            shutil.copy(p, d)
    return d


def test_repository_specs_are_valid():
    specs = ds.load_specs(SPECS)
    assert {s["id"] for _, s in specs} >= {
        "pola-state-centric",
        "pola-transnasional",
        "pola-transnasional-lg",
        "aplikasi-ntb-zhejiang",
        "skema-proses-kerjasama",
    }


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.splitlines()[0] in ln)


@pytest.mark.parametrize(
    "old,new,needle",
    [
        ("{from: G1, to: G2, type: inter-state}", "{from: G1, to: G9, type: inter-state}", "'G9' is not an actor"),
        ("{from: G1, to: G2, type: inter-state}", "{from: G1, to: G2, type: friendly}", "'friendly'"),
        (
            "kind: government, group: negara-1, pos: [1, 3]}",
            "kind: government, group: negara-9, pos: [1, 3]}",
            "unknown group",
        ),
        ("status: draft", "status: done", "'done'"),
        ("status: draft", "status: final", "not drawn from a picture in the source"),
        ("source: {key: jatmika2001", "alt: Diagram uji; G1–S2 berhubungan.\nsource: {key: jatmika2001", "G1–S2"),
        ("{id: G1, label: G1,", "{id: G1, lable: G1,", "unknown field 'lable'"),
    ],
)
def test_spec_errors_name_file_line_and_allowed_values(tmp_path, old, new, needle):
    d = copy_specs(tmp_path, {"pola-state-centric"})
    line = edit(d / "pola-state-centric.yaml", old, new)
    with pytest.raises(ThesisError) as e:
        ds.load_specs(d)
    (f,) = [x for x in e.value.findings if needle in x.message]
    assert f.path.endswith("pola-state-centric.yaml") and f.line == line
    assert f.fix


def render(tmp_path, name):
    d = copy_specs(tmp_path, {name})
    out = tmp_path / "out"
    meta = dg.render_all(ds.load_specs(d), load_yaml(d / "_legend.yaml"), out)
    return out, meta


@pytest.fixture
def data_json(tmp_path):
    """build/data.json for the repository's data, as the data rule writes it."""
    from scripts import data

    folder = ROOT / "data"
    files = [str(p) for p in sorted(folder.glob("*.csv")) + sorted(folder.glob("*.yaml"))]
    out = tmp_path / "data.json"
    argv = ["--data", *files, "--specs", *map(str, ds.spec_files(SPECS)), "--legend", str(SPECS / "_legend.yaml")]
    assert data.run([*argv, "-o", str(out)]) == 0
    return out


def test_svg_has_actors_relations_and_generated_legend(tmp_path):
    out, meta = render(tmp_path, "aplikasi-ntb-zhejiang")
    svg = (out / "aplikasi-ntb-zhejiang.svg").read_text(encoding="utf-8")
    assert "<text" in svg  # text stays text
    spec = load_yaml(SPECS / "aplikasi-ntb-zhejiang.yaml")
    for a in spec["actors"]:
        assert f'id="actor-{a["id"]}"' in svg
    for r in spec["relations"]:
        assert f'id="relation-{r["from"]}-{r["to"]}-{r["type"]}"' in svg
    for word in ("Keterangan", "Provinsi NTB", "Provinsi Zhejiang", "RI = Government"):
        assert word in svg, word
    # the legend adds nothing the source's legend (Tabel 1.4) does not have
    assert "Indonesia dan Tiongkok" not in svg and "Provinsi NTB = " not in svg
    assert meta["aplikasi-ntb-zhejiang"]["alt"].startswith("Diagram")
    png = (out / "aplikasi-ntb-zhejiang.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_legend_lists_only_what_the_diagram_uses(tmp_path):
    out, _ = render(tmp_path, "pola-state-centric")
    svg = (out / "pola-state-centric.svg").read_text(encoding="utf-8")
    assert "Hubungan Politik antar Negara" in svg and "Hubungan Politik dalam Negeri" in svg
    assert "Hubungan Transnasional" not in svg  # no transnational relation here
    assert "LG = " not in svg


def test_flow_draws_every_step_and_says_draft(tmp_path):
    out, meta = render(tmp_path, "skema-proses-kerjasama")
    svg = (out / "skema-proses-kerjasama.svg").read_text(encoding="utf-8")
    spec = load_yaml(SPECS / "skema-proses-kerjasama.yaml")
    for s in spec["steps"]:
        assert f'id="step-{s["id"]}"' in svg
    assert "DRAF" in svg and meta["skema-proses-kerjasama"]["status"] == "draft"


def test_same_spec_same_bytes(tmp_path):
    a, _ = render(tmp_path / "a", "pola-transnasional")
    b, _ = render(tmp_path / "b", "pola-transnasional")
    for ext in ("svg", "png"):
        ha = hashlib.sha256((a / f"pola-transnasional.{ext}").read_bytes()).hexdigest()
        hb = hashlib.sha256((b / f"pola-transnasional.{ext}").read_bytes()).hexdigest()
        assert ha == hb, ext
    assert not re.search(r"<dc:date>", (a / "pola-transnasional.svg").read_text(encoding="utf-8"))


def test_metadata_step_draws_nothing_and_skips_matplotlib(tmp_path, data_json):
    """figures.json must not wait for drawing: citing depends on it alone."""
    import json
    import subprocess
    import sys

    out = tmp_path / "figs"
    code = (
        "import sys; from scripts.figures import run; "
        f"run(['--metadata-only', '--data-json', {str(data_json)!r}, '--out-dir', {str(out)!r},"
        f" '-o', {str(tmp_path / 'figures.json')!r}]); "
        "assert 'matplotlib' not in sys.modules, 'metadata step imported matplotlib'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    meta = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))
    assert set(meta["figures"]) >= {p.stem for p in ds.spec_files(SPECS)} | {"matriks-triangulasi"}
    assert meta["data"]["values"] and meta["data"]["tables"]
    assert not out.exists() or not list(out.iterdir())


def test_drawing_step_writes_manifest_of_every_file(tmp_path, data_json):
    import json

    from scripts import figures

    out = tmp_path / "figs"
    figures.run(["--data-json", str(data_json), "--out-dir", str(out), "-o", str(tmp_path / "drawn.json")])
    files = json.loads((tmp_path / "drawn.json").read_text(encoding="utf-8"))["files"]
    on_disk = {p.name for p in out.iterdir()}
    assert set(files) == on_disk and len(files) >= 2 * len(ds.spec_files(SPECS))
    for name, digest in files.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest


# ------------------------------------------------------------ flow layout


def flow_specs():
    # (a wide made-up flow and the fixtures' flow: tests/test_diagram_specs.py)
    real = load_yaml(SPECS / "skema-proses-kerjasama.yaml")
    return [pytest.param(real, id="skema-proses-kerjasama")]


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
    width, height = dg.flow_extent(boxes, routes)
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


def test_no_reconstruction_is_final():
    """Every picture of the source was lost in extraction: each spec is a
    reconstruction, so a draft; final needs edges drawn from the source."""
    for _path, spec in ds.load_specs(SPECS):
        assert spec["status"] == "draft" and spec.get("edges", "reconstruction") == "reconstruction", spec["id"]


def test_alt_text_is_generated_from_what_is_drawn():
    from scripts.diagram_text import alt_text

    vocab = load_yaml(SPECS / "_legend.yaml")
    for _path, spec in ds.load_specs(SPECS):
        alt = alt_text(spec, vocab)
        if spec["kind"] == "relations":
            labels = {a["id"]: " ".join(a["label"].split()) for a in spec["actors"]}
            drawn = {f"{labels[r['from']]}–{labels[r['to']]}" for r in spec["relations"]}
            named = set(re.findall(r"([\w ]+?–[\w ]+?)(?=[,.])", alt.split(". ", 2)[-1]))
            assert {n.strip() for n in named} == drawn, spec["id"]
        else:
            first = {s["id"]: " ".join(s["label"].split("\n")[0].split()) for s in spec["steps"]}
            for f in spec["flows"]:
                assert f"{first[f['from']]} → {first[f['to']]}" in alt
        assert "draf" in alt.lower()


def test_pola_transnasional_lg_alt_no_longer_claims_g_s_links():
    from scripts.diagram_text import alt_text

    spec = load_yaml(SPECS / "pola-transnasional-lg.yaml")
    alt = alt_text(spec, load_yaml(SPECS / "_legend.yaml"))
    pairs = set(re.findall(r"\b\w+–\w+\b", alt))
    assert "G1–LG1" in pairs and not {"G1–S1", "G2–S2"} & pairs


def test_legend_is_the_source_legend_for_the_application():
    from scripts.diagram_text import legend_entries

    spec = load_yaml(SPECS / "aplikasi-ntb-zhejiang.yaml")
    texts = [t for _, t in legend_entries(spec, load_yaml(SPECS / "_legend.yaml"))]
    assert [t.split(" = ")[0] for t in texts if " = " in t] == ["RI", "RRT", "S", "IGO"]
    assert len(texts) == 7


@pytest.mark.parametrize(
    "sentence,bad",
    [
        ("Pemerintah G1–G2 berhubungan.", []),
        ("G–IGO berhubungan antarnegara.", []),
        ("G–S berhubungan dalam negeri.", []),
        ("S1–S2 berhubungan langsung.", ["S1–S2"]),
        ("LG–IGO berhubungan.", []),  # no LG here: not a name, not a relation
        ("Periode 2014–2015.", []),
    ],
)
def test_human_alt_sentence_may_name_only_drawn_relations(sentence, bad):
    from scripts.diagram_text import undrawn_relations

    spec = load_yaml(SPECS / "pola-state-centric.yaml")
    spec["alt"] = sentence
    assert undrawn_relations(spec, load_yaml(SPECS / "_legend.yaml")) == bad
