"""The chapter checks run on pandoc's AST and point at the Markdown line."""

from __future__ import annotations

import json
import subprocess

import pytest

from conftest import pandoc
from scripts.check.bib import check_bib
from scripts.check.document import check_chapters

BIB = """@book{jatmika2001,
  author = {Jatmika, Sidik}, title = {Otonomi}, publisher = {Bigraf}, location = {Yogyakarta}, year = {2001},
}
@thesis{sinambela2014,
  author = {Sinambela, Stivani Iswara}, title = {Kebijakan}, type = {Tesis}, institution = {UMY}, year = {2014},
}
"""


def run_check(tmp_path, markdown, produced=("pola",)):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    md = tmp_path / "01-bab.md"
    md.write_text(markdown, encoding="utf-8")
    ast = json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)
    entries, parents, _ = check_bib(str(bib))
    meta = {p: {"alt": "Alt text of the figure"} for p in produced}
    findings, cited = check_chapters([(str(md), ast)], entries, parents, set(produced), meta, str(bib))
    return findings, cited


def only(findings, code):
    return [f for f in findings if f.code == code]


def test_unknown_key_gets_line_column_and_did_you_mean(tmp_path):
    f, _ = run_check(tmp_path, "# Bab\n\nTeks.\n\nTeks lagi [@jatmika2010, 5].\n")
    (x,) = only(f, "cite-missing")
    assert (x.line, x.col) == (5, 12) and x.severity == "error"
    assert "did you mean @jatmika2001?" in x.fix


def test_key_in_wrong_case_is_named(tmp_path):
    f, _ = run_check(tmp_path, "Teks [@Jatmika2001].\n")
    (x,) = only(f, "cite-missing")
    assert "'jatmika2001'" in x.fix


@pytest.mark.parametrize("typed", ["Ibid.", "Op. Cit.", "loc. cit.", "idem"])
def test_hand_typed_ibid_is_an_error(tmp_path, typed):
    f, _ = run_check(tmp_path, f"# Bab\n\nTeks.^[{typed}, 5.]\n")
    (x,) = only(f, "cite-hand-typed")
    assert x.line == 3 and x.severity == "error"


def test_narrative_year_differs_from_entry(tmp_path):
    f, cited = run_check(tmp_path, "Sinambela (2012) menulis tesis [@sinambela2014].\n")
    (x,) = only(f, "cite-year")
    assert x.severity == "warning" and x.line == 1 and "2014" in x.message
    assert cited == {"sinambela2014"}


def test_unrecognised_locator_label_is_warned(tmp_path):
    f, _ = run_check(tmp_path, "Teks [@jatmika2001, hal. 5].\n")
    assert only(f, "cite-locator")


def test_unresolved_and_duplicate_cross_references(tmp_path):
    md = "# Bab {#sec:bab}\n\nLihat @fig:pol dan @sec:bab.\n\n![Pola](pola){#fig:pola}\n\n## Dua {#sec:bab}\n"
    f, _ = run_check(tmp_path, md)
    (miss,) = only(f, "xref-missing")
    assert miss.line == 3 and "did you mean @fig:pola?" in miss.fix
    (dup,) = only(f, "xref-duplicate")
    assert dup.line == 7


def test_figure_made_by_no_rule_and_image_missing(tmp_path):
    md = "Lihat @fig:a dan @fig:b.\n\n![A](tidak-ada){#fig:a}\n\n![B](gambar/tidak.png){#fig:b}\n"
    f, _ = run_check(tmp_path, md)
    lines = sorted(x.line for x in only(f, "figure-missing"))
    assert lines == [3, 5]


def test_unreferenced_figure_is_only_a_warning(tmp_path):
    f, _ = run_check(tmp_path, "![Pola](pola){#fig:pola}\n")
    (x,) = only(f, "figure-unreferenced")
    assert x.severity == "warning"
    assert not [y for y in f if y.severity == "error"]


def test_table_without_caption(tmp_path):
    f, _ = run_check(tmp_path, "| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert only(f, "table-caption")


def test_unknown_data_table_and_value_names(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    md = tmp_path / "03-bab.md"
    md.write_text(
        '# Bab\n\nAda []{.data value="bukti.H9"} bukti.\n\n'
        '::: {.data-table name="ringkasan" #tbl:r}\nRingkasan.\n:::\n',
        encoding="utf-8",
    )
    ast = json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)
    entries, parents, _ = check_bib(str(bib))
    names = {"tables": {"ringkasan-bukti"}, "values": {"bukti.H1"}}
    findings, _ = check_chapters([(str(md), ast)], entries, parents, set(), {}, str(bib), names)
    got = {(f.line, f.message, f.fix) for f in findings if f.code == "data-name"}
    assert (3, "no data value named 'bukti.H9'", "did you mean 'bukti.H1'?") in got
    assert (5, "no data table named 'ringkasan'", "did you mean 'ringkasan-bukti'?") in got


def test_key_cited_twice_on_a_line_is_located_at_each_citation(tmp_path):
    f, _ = run_check(tmp_path, "# Bab\n\nTeks [@jatmikaa2001, 5] dan [@jatmikaa2001, 6] serta [@sinambela2015].\n")
    assert [(x.line, x.col) for x in only(f, "cite-missing")] == [(3, 7), (3, 30), (3, 55)]


def test_citation_in_a_figure_caption_is_located_once_at_its_place(tmp_path):
    md = "# Bab\n\n![Pola kerjasama [@jatmikaa2001].](build/figures/pola.svg){#fig:pola}\n\nLihat @fig:pola.\n"
    f, _ = run_check(tmp_path, md)
    assert [(x.line, x.col) for x in only(f, "cite-missing")] == [(3, 19)]


def test_emphasised_ibidem_is_located_at_the_word(tmp_path):
    f, _ = run_check(tmp_path, "# Bab\n\nTeks.\n\nSeperti dikatakan _ibidem_, hal itu benar [@jatmika2001].\n")
    assert [(x.line, x.col) for x in only(f, "cite-hand-typed")] == [(5, 20)]


def test_pandoc_crossref_equation_label_is_not_called_a_missing_key(tmp_path):
    f, _ = run_check(tmp_path, "# Bab\n\nLihat @eq:satu.\n")
    assert not only(f, "cite-missing")
    assert [(x.line, x.col) for x in only(f, "crossref-unsupported")] == [(3, 7)]


def test_keywords_in_a_language_config_has_no_list_for(tmp_path):
    """[]{.keywords lang=fr} would print a placeholder no key fills: an
    error at the span; id and en (and the thesis language) are fine."""
    f, _ = run_check(tmp_path, "# Abstrak\n\nTeks.\n\n**Kata kunci:** []{.keywords lang=fr}\n")
    (k,) = only(f, "keywords-lang")
    assert (k.line, k.col, k.severity) == (5, 17, "error") and "lang=id" in k.fix
    f, _ = run_check(tmp_path, "# A\n\n[]{.keywords lang=id} []{.keywords lang=en} []{.keywords}\n")
    assert not only(f, "keywords-lang")
