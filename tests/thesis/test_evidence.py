"""Coded evidence: rows validated with their line; numbers, tables and the
triangulation chart follow the data."""

from __future__ import annotations

import hashlib
import shutil

import pytest

from conftest import ROOT
from scripts import evidence, evidence_charts, evidence_numbers


def numbers(d):
    """What figures.json quotes for the data in folder ``d``."""
    codebook, rows, timeline, _ = evidence.load(d)
    return evidence_numbers.data_for_text(codebook, rows, timeline)


def charts(d, out):
    codebook, rows, timeline, _ = evidence.load(d)
    evidence_charts.render_charts(codebook, rows, timeline, out)


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
    # BAB I reports no evidence for its hypotheses: its rows are context
    assert not [r["id"] for r in rows if r["hypothesis"]]


@pytest.mark.parametrize(
    "row,needle,col",
    [
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,wawancara,2015,X,kode-baru,H1,mendukung,parafrase',
            "code 'kode-baru' is not in the codebook",
            "kode-baru",
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,survei,2015,X,persamaan-pertanian,H1,mendukung,parafrase',
            "type is 'survei'",
            "survei",
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,15-06-2015,X,persamaan-pertanian,H1,mendukung,parafrase',
            "date '15-06-2015' has the wrong form",
            "15-06-2015",
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,2015,X,persamaan-pertanian,H7,mendukung,parafrase',
            "hypothesis 'H7' is not in the codebook",
            "H7",
        ),
        (
            'E99,"Klaim uji yang cukup panjang.",tidakada2020,,,arsip,2015,X,persamaan-pertanian,H1,mendukung,parafrase',
            "source 'tidakada2020' is not in references.bib",
            "tidakada2020",
        ),
        (
            'E06,"Klaim uji yang cukup panjang.",,,chapters/01-pendahuluan.md,arsip,2015,X,persamaan-pertanian,H1,mendukung,parafrase',
            "id 'E06' is used twice",
            "E06",
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
    assert (hits[0].path.endswith("evidence.csv"), hits[0].line, hits[0].col) == (True, line, row.index(col) + 1)


def test_missing_column(data):
    text = (data / "evidence.csv").read_text(encoding="utf-8").replace(",stance,wording\n", ",wording\n", 1)
    (data / "evidence.csv").write_text(text, encoding="utf-8")
    _, _, _, findings = evidence.load(data)
    assert any("missing column(s): stance" in f.message for f in findings)


def test_matrix_counts_and_gaps(data):
    append_row(
        data,
        'E98,"Dokumen Bappeda tentang investasi (uji).",,,chapters/01-pendahuluan.md,'
        "literatur,2015,X,kebutuhan-investasi,H4,mendukung,parafrase",
    )
    cb, rows, _, _ = evidence.load(data)
    m = evidence_numbers.matrix(cb, rows)
    assert m["H4"]["literatur"] == 1 and m["H1"]["wawancara"] == 0


def test_new_row_changes_numbers_table_and_chart(data, tmp_path):
    before = numbers(data)
    out1 = tmp_path / "f1"
    charts(data, out1)
    append_row(
        data,
        'E99,"Wawancara dengan pejabat Biro Kerjasama (uji).",,,chapters/01-pendahuluan.md,'
        "wawancara,2015,Biro Kerjasama,persamaan-pertanian,H1,mendukung,parafrase",
    )
    after = numbers(data)
    assert int(after["values"]["bukti.jumlah"]) == int(before["values"]["bukti.jumlah"]) + 1
    assert after["values"]["bukti.H1.wawancara"] == "1"
    assert after["tables"]["ringkasan-bukti"]["rows"][0] != before["tables"]["ringkasan-bukti"]["rows"][0]
    out2 = tmp_path / "f2"
    charts(data, out2)
    h = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert h(out1 / "matriks-triangulasi.svg") != h(out2 / "matriks-triangulasi.svg")
    assert 'id="cell-H1-wawancara"' in (out2 / "matriks-triangulasi.svg").read_text(encoding="utf-8")
    assert 'id="gap-H1-wawancara"' in (out1 / "matriks-triangulasi.svg").read_text(encoding="utf-8")


def test_charts_are_byte_identical_for_the_same_data(data, tmp_path):
    charts(data, tmp_path / "a")
    charts(data, tmp_path / "b")
    for name in ("matriks-triangulasi.svg", "matriks-triangulasi.png", "linimasa.svg", "linimasa.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


# The hypotheses of BAB I as rows were: E01-E05 before issue 15 (each a
# rewording of H1-H4, typed literatur, stance mendukung).
FORMER_HYPOTHESIS_ROWS = [
    "Provinsi Zhejiang dikenal dengan sebutan provinsi beras; kedua provinsi memiliki persamaan dalam pengelolaan"
    " pertanian.",
    "Provinsi Zhejiang dijadikan provinsi percontohan produk kelautan dan pusat perdagangan oleh pemerintah RRT.",
    "Masyarakat kedua provinsi sama-sama bermata pencaharian di bidang pertanian, perkebunan serta nelayan.",
    "Pemprov NTB membutuhkan investasi di bidang kelistrikan dan pabrik pengolahan rumput laut.",
    "Pemprov NTB mengembangkan Kawasan Ekonomi Khusus (KEK) Global Hub, Samota, Mandalika dan Teluk Bima yang"
    " membutuhkan investasi.",
]


@pytest.mark.parametrize("claim", FORMER_HYPOTHESIS_ROWS)
def test_a_row_restating_a_hypothesis_is_refused(data, claim):
    line = append_row(
        data,
        f'E99,"{claim}",,,chapters/01-pendahuluan.md#sec:latar-belakang,literatur,,X,kebutuhan-investasi,H4,mendukung,parafrase',
    )
    _, _, _, findings = evidence.load(data)
    hits = [f for f in findings if f.code == "data-hypothesis-as-evidence"]
    # at the claim's opening quote: the character after "E99,"
    assert hits and (hits[0].line, hits[0].col, hits[0].severity) == (line, 5, "error"), [str(f) for f in findings]


def test_a_row_from_the_hypotheses_or_the_research_design_is_refused(data):
    row = (
        'E99,"Lokasi penelitian: Kantor Biro Kerjasama dan SDA Setda NTB (uji).",,,'
        "chapters/01-pendahuluan.md#sec:lokasi,observasi,,X,pengalaman-kerjasama,,,parafrase"
    )
    line = append_row(data, row)
    _, _, _, findings = evidence.load(data)
    (hit,) = [f for f in findings if f.code == "data-not-evidence"]
    assert (hit.line, hit.col) == (line, row.index("chapters/") + 1) and "sec:lokasi" in hit.message


def test_no_repository_row_restates_a_hypothesis():
    codebook, rows, _, _ = evidence.load(ROOT / "data")
    for r in rows:
        assert not [h for h, t in codebook["hypotheses"].items() if evidence.restates(r["claim"], t)], r["id"]


def test_prose_and_table_count_the_same_evidence(data):
    """BAB III's "N butir bukti" is bukti.hipotesis, the total of the
    summary table's Bukti column; a hypothesis without evidence shows 0 and
    a draft marker, never support."""
    got = numbers(data)
    table = got["tables"]["ringkasan-bukti"]
    total = sum(int(row[1]) for row in table["rows"])
    assert got["values"]["bukti.hipotesis"] == str(total) == "0"
    for row in table["rows"]:
        assert row[1:4] == ["0", "0", "0"] and row[4] == {"todo": "belum ada bukti"}
    chapter = (ROOT / "chapters" / "03-keputusan-pemprov-ntb.md").read_text(encoding="utf-8")
    assert '[]{.data value="bukti.hipotesis"} butir bukti' in " ".join(chapter.split())
    assert "bukti.jumlah" not in chapter
    append_row(
        data,
        'E99,"Wawancara dengan pejabat Biro Kerjasama (uji).",,,chapters/01-pendahuluan.md,'
        "wawancara,2015,X,persamaan-pertanian,H1,mendukung,parafrase",
    )
    got = numbers(data)
    h1 = got["tables"]["ringkasan-bukti"]["rows"][0]
    assert got["values"]["bukti.hipotesis"] == "1" and h1[1:] == ["1", "1", "0", "wawancara"]


def test_timeline_period_ends_with_the_validity_not_the_target():
    _, _, timeline, _ = evidence.load(ROOT / "data")
    (prisma,) = [r for r in timeline if "AIP-PRISMA" in r["event"]]
    assert (prisma["start"], prisma["end"]) == ("2013-10-28", "2017")  # "berlaku hingga 2017"


def test_a_sourced_quote_may_agree_with_a_hypothesis_but_not_copy_it(data):
    """Support looks like the hypothesis: an informant's words may echo it.
    Copying the hypothesis and giving it a source is still a restatement."""
    agree = (
        'E97,"Zhejiang dikenal dengan sebutan provinsi beras, kata informan.",birokerjasamantb2016,,,'
        "wawancara,2015,Biro Kerjasama,persamaan-pertanian,H1,mendukung,kutipan"
    )
    append_row(data, agree)
    keys = {"uu32-2004", "permendagri3-2008", "birokerjasamantb2016", "uu22-1999"}
    _, _, _, findings = evidence.load(data, bib_keys=keys)
    assert not [f for f in findings if f.code == "data-hypothesis-as-evidence"]
    codebook, _, _, _ = evidence.load(data)
    copied = (
        f'E96,"{codebook["hypotheses"]["H1"]}",birokerjasamantb2016,,,'
        "wawancara,2015,Biro Kerjasama,persamaan-pertanian,H1,mendukung,kutipan"
    )
    line = append_row(data, copied)
    _, _, _, findings = evidence.load(data, bib_keys=keys)
    (hit,) = [f for f in findings if f.code == "data-hypothesis-as-evidence"]
    assert hit.line == line


def test_an_unknown_hypothesis_is_one_finding_at_its_character_column(data):
    """Once (the codebook says which hypotheses exist; the schema does not
    repeat it), at the character where H7 stands."""
    row = (
        'E99,"Klaim uji yang cukup panjang, dengan koma.",,,chapters/01-pendahuluan.md,arsip,2015,'
        "Pemprov NTB,persamaan-pertanian,H7,mendukung,parafrase"
    )
    line = append_row(data, row)
    _, _, _, findings = evidence.load(data)
    assert [(f.line, f.col, f.message) for f in findings if f.severity == "error"] == [
        (line, row.index("H7") + 1, "hypothesis 'H7' is not in the codebook")
    ]
    assert not [f for f in findings if "H7" in f.message and f.severity != "error"]


def test_field_positions_travel_to_the_check(data):
    """build/data.json carries where each field begins, so the check's
    findings on rows (an unknown source key) land on the field too."""
    from scripts.check.run import Inputs, evidence_data
    from scripts.data import read

    row = 'E99,"Klaim uji yang cukup panjang.",tidakada2020,,,arsip,2015,X,persamaan-pertanian,H1,mendukung,parafrase'
    line = append_row(data, row)
    doc = read([str(data / "evidence.csv"), str(data / "codebook.yaml")], [], ROOT / "data/diagrams/_legend.yaml")
    inp = Inputs({"config": {}, "source": "config.yaml", "unfinished": []}, "references.bib", [])
    inp.entries = {"uu32-2004": 1, "permendagri3-2008": 1, "birokerjasamantb2016": 1, "uu22-1999": 1}
    (f,) = [f for f in evidence_data(inp, doc) if "tidakada2020" in f.message]
    assert (f.line, f.col) == (line, row.index("tidakada2020") + 1)


def set_composed(d, name, entry):
    text = (d / "codebook.yaml").read_text(encoding="utf-8")
    old = f"  {name}: {{status: draft, source_text: null}}"
    assert old in text
    (d / "codebook.yaml").write_text(text.replace(old, f"  {name}: {entry}"), encoding="utf-8")


def test_composed_charts_and_tables_are_drafts_without_a_source(data):
    """The source chapter shows no timeline, matrix or summary table: the
    build's are drafts ([DRAF], counted) whose "Sumber:" asks for a source
    (no "diolah dari …" the data does not give), until the author's codebook
    says final and names where the data come from."""
    codebook, _, timeline, _ = evidence.load(data)
    charts = evidence_charts.chart_meta(codebook, timeline)
    tables = numbers(data)["tables"]
    for meta in [charts["linimasa"], charts["matriks-triangulasi"], tables["ringkasan-bukti"]]:
        assert meta["status"] == "draft" and meta["source_text"] == "" and "data/codebook.yaml" in meta["source_hint"]
    set_composed(data, "linimasa", '{status: final, source_text: "diolah dari arsip Biro Kerjasama"}')
    set_composed(data, "ringkasan-bukti", "{status: final, source_text: null}")
    codebook, _, timeline, findings = evidence.load(data)
    assert not [f for f in findings if f.severity == "error"]
    line = evidence_charts.chart_meta(codebook, timeline)["linimasa"]
    assert (line["status"], line["source_text"]) == ("final", "diolah dari arsip Biro Kerjasama")
    table = numbers(data)["tables"]["ringkasan-bukti"]
    assert (table["status"], table["source_text"]) == ("final", "")


def test_an_unknown_composed_name_is_refused_at_its_line(data):
    set_composed(data, "daftar-bukti", "{status: draft, source_text: null}\n  lini-masa: {status: final}")
    _, _, _, findings = evidence.load(data)
    lines = (data / "codebook.yaml").read_text(encoding="utf-8").splitlines()
    (f,) = [f for f in findings if f.severity == "error"]
    assert "lini-masa" in lines[f.line - 1], str(f)
