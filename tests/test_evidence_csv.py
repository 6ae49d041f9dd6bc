"""The evidence tables' CSV reader (every mistake located at its line and character column, one finding per mistake) and the check's count of composed tables; on made-up rows."""

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


def test_field_column_is_its_character_column():
    """Columns count characters (an editor's jump), not fields; a quoted
    value with commas and doubled quotes inside, and one over two lines."""
    assert evidence.field_starts('E1,"a, ""b"", c",dokumen', 7) == [(7, 1), (7, 4), (7, 18)]
    assert evidence.field_starts('E2,"satu\ndua",arsip', 3) == [(3, 1), (3, 4), (4, 6)]


def test_composed_tables_are_counted_until_final_and_sourced(tmp_path):
    """The check counts a draft composed table and its missing source, at
    the table's fence; a final one with a source_text counts nothing."""
    import json
    import subprocess

    from conftest import pandoc
    from scripts.check.document import Doc
    from scripts.check.run import composed_table_markers

    src = tmp_path / "03-bab.md"
    src.write_text('# Bab\n\nTeks.\n\n::: {.data-table name="t" #tbl:t}\nRingkasan.\n:::\n', encoding="utf-8")
    ast = json.loads(subprocess.run([pandoc(), str(src), "-t", "json"], capture_output=True, check=True).stdout)
    doc = Doc(str(src), ast)
    found = composed_table_markers(doc, {"t": {"status": "draft", "source_text": ""}})
    assert [(m.line, m.text) for m in found] == [(5, "t: tabel masih draf"), (5, "t: sumber tabel belum disebutkan")]
    assert composed_table_markers(doc, {"t": {"status": "final", "source_text": "diolah dari arsip"}}) == []
