"""The data rule (scripts/data.py): data/ read and validated once into
build/data.json; errors stop it, located; warnings travel to the check."""

from __future__ import annotations

import shutil

import pytest

from conftest import ROOT
from scripts import data
from scripts.common import ThesisError


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "data"
    shutil.copytree(ROOT / "data", d)
    return d


def read(d):
    files = sorted(str(p) for p in d.glob("*.csv")) + sorted(str(p) for p in d.glob("*.yaml"))
    specs = sorted(str(p) for p in (d / "diagrams").glob("*.yaml") if not p.name.startswith("_"))
    return data.read(files, specs, d / "diagrams" / "_legend.yaml")


def test_one_document_with_every_row_located_and_every_spec(folder):
    doc = read(folder)
    assert [r["line"] for r in data.rows(doc, "evidence")] == list(range(2, 2 + len(data.rows(doc, "evidence"))))
    assert {d["spec"]["id"] for d in doc["diagrams"]} >= {"pola-state-centric", "skema-proses-kerjasama"}
    assert set(doc["codebook"]["hypotheses"]) == {"H1", "H2", "H3", "H4"} and doc["warnings"] == []


def test_an_error_stops_the_rule_with_its_line(folder):
    h1 = data.rows(read(folder), "evidence")  # before the edit
    with open(folder / "evidence.csv", "a", encoding="utf-8") as fh:
        fh.write(
            'E99,"Memiliki persamaan dalam bidang pengelolaan pertanian, dimana Provinsi Zhejiang yang dikenal'
            ' dengan sebutan provinsi beras.",,,chapters/01-pendahuluan.md#sec:latar-belakang,literatur,,X,'
            "persamaan-pertanian,H1,mendukung,kutipan\n"
        )
    with pytest.raises(ThesisError) as e:
        read(folder)
    (f,) = e.value.findings
    assert (f.path.endswith("evidence.csv"), f.line, f.code) == (True, len(h1) + 2, "data-hypothesis-as-evidence")


def test_a_warning_travels_to_the_check(folder):
    from scripts.check.run import Inputs, evidence_data

    with open(folder / "evidence.csv", "a", encoding="utf-8") as fh:
        fh.write(
            'E99,"Wawancara dengan pejabat Biro Kerjasama (uji).",,,chapters/01-pendahuluan.md,wawancara,2015,X,'
            "persamaan-kelautan,H1,mendukung,parafrase\n"
        )
    doc = read(folder)
    (w,) = doc["warnings"]
    assert w["severity"] == "warning" and "belongs to H2" in w["message"]
    keys = {r["source"] for t in ("evidence", "timeline") for r in data.rows(doc, t) if r.get("source")}
    found = evidence_data(Inputs({}, "references.bib", [], entries=dict.fromkeys(keys)), doc)
    assert [f.message for f in found if f.code == "data-code"] == [w["message"]]


def test_a_bad_spec_stops_the_rule_too(folder):
    spec = folder / "diagrams" / "pola-state-centric.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("status: draft", "status: final"), encoding="utf-8")
    with pytest.raises(ThesisError) as e:
        read(folder)
    assert any("not drawn from a picture in the source" in f.message for f in e.value.findings)
