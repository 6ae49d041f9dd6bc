"""The evidence tables' CSV reader: every mistake located at its line and column, one finding per mistake."""

from __future__ import annotations

from scripts import evidence


def csv_findings(tmp_path, text):
    p = tmp_path / "t.csv"
    p.write_text(text, encoding="utf-8")
    rows, found = evidence.read_csv(p)
    return rows, [(f.line, f.col, f.code, f.message) for f in found]


def test_a_row_with_a_stray_comma_is_one_finding_and_no_cascade(tmp_path):
    rows, found = csv_findings(tmp_path, "id,claim,type\nE1,ok,dokumen\nE2,one, two,dokumen\nE3,fine,arsip\n")
    assert found == [(3, 1, "data-columns", "row has 4 fields, the header 3")]
    assert [line for line, _ in rows] == [2, 4]


def test_a_short_row_is_reported(tmp_path):
    rows, found = csv_findings(tmp_path, "id,claim,type\nE1,ok\n")
    assert found == [(2, 1, "data-columns", "row has 2 fields, the header 3")] and rows == []


def test_an_unclosed_quote_is_located_where_it_opens(tmp_path):
    rows, found = csv_findings(tmp_path, 'id,claim,type\nE1,ok,dokumen\nE2,"never closed,arsip\nE3,x,arsip\n')
    assert found == [(3, 4, "data-quoting", "a quoted value opened here is never closed")]
    assert [line for line, _ in rows] == [2]


def test_an_undoubled_quote_inside_quotes_is_located(tmp_path):
    _, found = csv_findings(tmp_path, 'id,claim,type\nE1,"say "hi" now",arsip\n')
    assert found == [(2, 4, "data-quoting", "a quote inside a quoted value")]


def test_a_quoted_value_over_lines_keeps_the_next_rows_line(tmp_path):
    rows, found = csv_findings(tmp_path, 'id,claim,type\nE1,"two\nlines",arsip\nE2,x,arsip\n')
    assert found == [] and [line for line, _ in rows] == [2, 4]
