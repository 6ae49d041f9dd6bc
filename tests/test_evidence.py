"""Coded evidence: rows validated with their line; numbers, tables and the
triangulation chart follow the data."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from conftest import ROOT
from scripts import evidence


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "data"
    d.mkdir()
    for name in ("evidence.csv", "codebook.yaml", "timeline.csv"):
        shutil.copy(ROOT / "data" / name, d)
    return d


def append_row(d, row):
    with open(d / "evidence.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")
    return sum(1 for _ in open(d / "evidence.csv", encoding="utf-8"))


def test_repository_data_is_valid_and_traced():
    _, rows, timeline, findings = evidence.load(ROOT / "data")
    assert not [str(f) for f in findings if f.severity == "error"]
    assert all(r["source"] or r["passage"] for r in rows + timeline)
    assert {r["hypothesis"] for r in rows} >= {"H1", "H2", "H3", "H4"}


@pytest.mark.parametrize(
    "row,needle,col",
    [
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,wawancara,2015,X,kode-baru,H1,mendukung',
            "code 'kode-baru' is not in the codebook",
            9,
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,survei,2015,X,persamaan-pertanian,H1,mendukung',
            "type is 'survei'",
            6,
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,15-06-2015,X,persamaan-pertanian,H1,mendukung',
            "date '15-06-2015' has the wrong form",
            7,
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,2015,X,persamaan-pertanian,H7,mendukung',
            "hypothesis is 'H7'",
            10,
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",tidakada2020,,,arsip,2015,X,persamaan-pertanian,H1,mendukung',
            "source 'tidakada2020' is not in references.bib",
            3,
        ),
        (
            'E01,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,2015,X,persamaan-pertanian,H1,mendukung',
            "id 'E01' is used twice",
            1,
        ),
    ],
)
def test_bad_row_names_file_line_column(data, row, needle, col):
    line = append_row(data, row)
    _, _, _, findings = evidence.load(
        data, bib_keys={"uu32-2004", "permendagri3-2008", "birokerjasamantb2016", "uu22-1999"}
    )
    hits = [f for f in findings if needle in f.message]
    assert hits, [str(f) for f in findings]
    assert (hits[0].path.endswith("evidence.csv"), hits[0].line, hits[0].col) == (True, line, col)


def test_missing_column(data):
    text = (data / "evidence.csv").read_text(encoding="utf-8").replace(",stance\n", "\n", 1)
    (data / "evidence.csv").write_text(text, encoding="utf-8")
    _, _, _, findings = evidence.load(data)
    assert any("missing column(s): stance" in f.message for f in findings)


def test_matrix_counts_and_gaps(data):
    cb, rows, _, _ = evidence.load(data)
    m = evidence.matrix(cb, rows)
    assert m["H4"]["literatur"] == 2 and m["H1"]["wawancara"] == 0


def test_new_row_changes_numbers_table_and_chart(data, tmp_path):
    before = evidence.data_for_text(data)
    out1 = tmp_path / "f1"
    evidence.render_charts(data, out1)
    append_row(
        data,
        'E99,"Wawancara dengan pejabat Biro Kerjasama (uji).",,,chapters/01-pendahuluan.md,'
        "wawancara,2015,Biro Kerjasama,persamaan-pertanian,H1,mendukung",
    )
    after = evidence.data_for_text(data)
    assert int(after["values"]["bukti.jumlah"]) == int(before["values"]["bukti.jumlah"]) + 1
    assert after["values"]["bukti.H1.wawancara"] == "1"
    assert after["tables"]["ringkasan-bukti"]["rows"][0] != before["tables"]["ringkasan-bukti"]["rows"][0]
    out2 = tmp_path / "f2"
    evidence.render_charts(data, out2)
    h = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert h(out1 / "matriks-triangulasi.svg") != h(out2 / "matriks-triangulasi.svg")
    assert 'id="cell-H1-wawancara"' in (out2 / "matriks-triangulasi.svg").read_text()
    assert 'id="gap-H1-wawancara"' in (out1 / "matriks-triangulasi.svg").read_text()


def test_charts_are_byte_identical_for_the_same_data(data, tmp_path):
    evidence.render_charts(data, tmp_path / "a")
    evidence.render_charts(data, tmp_path / "b")
    for name in ("matriks-triangulasi.svg", "matriks-triangulasi.png", "linimasa.svg", "linimasa.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
