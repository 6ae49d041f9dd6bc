"""A check message about this thesis's evidence rows: moved from tests/test_check_run.py."""

from __future__ import annotations


def test_messages_name_the_configured_bibliography(tmp_path):
    import shutil

    from conftest import ROOT
    from scripts import evidence
    from scripts.check.run import Inputs, evidence_data

    d = tmp_path / "data"
    d.mkdir()
    for name in ("evidence.csv", "codebook.yaml", "timeline.csv"):
        shutil.copy(ROOT / "data" / name, d)
    row = 'E99,"Klaim uji yang cukup panjang.",tidakada2020,,,arsip,2015,X,persamaan-pertanian,H1,mendukung,parafrase'
    with open(d / "evidence.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    codebook, rows, timeline, _f = evidence.load(d)
    keys = {r["source"] for r in rows + timeline if r.get("source")} - {"tidakada2020"}
    doc = {"evidence": {"path": "data/evidence.csv", "rows": rows}, "timeline": {"path": "t.csv", "rows": timeline}}
    inp = Inputs({}, "sumber/pustaka.bib", [], entries={k: None for k in keys})
    (f,) = [f for f in evidence_data(inp, doc) if "tidakada2020" in f.message]
    assert f.message == "source 'tidakada2020' is not in sumber/pustaka.bib"
    # at the character column where the source field begins (an editor's jump)
    assert (f.path, f.line, f.col) == ("data/evidence.csv", len(rows) + 1, row.index("tidakada2020") + 1)
