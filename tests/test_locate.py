"""The one source locator: AST elements paired with their Markdown lines."""

from __future__ import annotations

import json
import subprocess

from conftest import pandoc
from scripts.common import line_col
from scripts.locate import SourceMap
from scripts.pandoc_ast import elements


def source_map(tmp_path, markdown):
    md = tmp_path / "01-bab.md"
    md.write_text(markdown, encoding="utf-8")
    ast = json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)
    return SourceMap(md, ast), ast


def where(pos):
    return pos.line, pos.col


def test_a_key_repeated_on_one_line_gets_each_column(tmp_path):
    src, ast = source_map(tmp_path, "Satu [@a, 1] dan [@b] lalu [@a, 2].\n\nDua [@a].\n")
    cites = [c for el in elements(ast["blocks"]) if el["t"] == "Cite" for c in el["c"][0]]
    assert [c["citationId"] for c in cites] == ["a", "b", "a", "a"]
    assert [where(src.cite(c)) for c in cites] == [(1, 7), (1, 19), (1, 29), (3, 6)]


def test_a_key_that_prefixes_another_is_not_confused(tmp_path):
    src, ast = source_map(tmp_path, "Teks [@ab2001] dan [@a].\n")
    (c,) = [c for el in elements(ast["blocks"]) if el["t"] == "Cite" for c in el["c"][0] if c["citationId"] == "a"]
    assert where(src.cite(c)) == (1, 21)


def test_two_todo_spans_on_line_one_and_one_on_line_three(tmp_path):
    # The old markers.py paired matches by line index: 1, 3 and 0.
    src, ast = source_map(tmp_path, 'A [x]{.todo} and [y]{.todo title="t"}.\n\nB [z]{.todo}.\n')
    spans = [el for el in elements(ast["blocks"]) if el["t"] == "Span"]
    assert [where(src.element(s)) for s in spans] == [(1, 3), (1, 18), (3, 3)]


def test_todo_blocks_and_nested_spans(tmp_path):
    md = 'Teks.\n\n::: todo\nIsi [dalam [inti]{.todo}]{.todo}.\n:::\n\n::: {.todo title="x"}\nLagi.\n:::\n'
    src, ast = source_map(tmp_path, md)
    divs = [el for el in elements(ast["blocks"]) if el["t"] == "Div"]
    spans = [el for el in elements(ast["blocks"]) if el["t"] == "Span"]
    assert [where(src.element(d)) for d in divs] == [(3, 1), (7, 1)]
    assert [where(src.element(s)) for s in spans] == [(4, 5), (4, 12)]


def test_code_and_comments_are_not_citations(tmp_path):
    md = "`@a` dan <!-- @a -->\n\n```\n@a\n```\n\nIni [@a].\n"
    src, ast = source_map(tmp_path, md)
    (c,) = [c for el in elements(ast["blocks"]) if el["t"] == "Cite" for c in el["c"][0]]
    assert where(src.cite(c)) == (7, 6)


def test_blocks_labels_images_and_search(tmp_path):
    md = "# Bab {#sec:bab}\n\nPertama di sini.\n\n- Butir pertama\n\n![Gambar pola](pola){#fig:pola}\n\nKedua, Ibid. di sini.\n"
    src, ast = source_map(tmp_path, md)
    paras = src.paragraphs()
    assert [(p.line, text) for p, _b, text in paras] == [
        (1, "Bab"),
        (3, "Pertama di sini."),
        (5, "Butir pertama"),
        (7, "Gambar pola"),
        (9, "Kedua, Ibid. di sini."),
    ]
    header = ast["blocks"][0]
    assert where(src.label(header)) == (1, 7)
    (img,) = [el for el in elements(ast["blocks"]) if el["t"] == "Image"]
    assert where(src.image(img)) == (7, 1)
    last = ast["blocks"][-1]
    assert where(src.search(r"Ibid", last)) == (9, 8)
    assert where(src.search(r"nowhere", last)) == (9, 1)
    assert str(src.block(last)).endswith("01-bab.md:9:1")


def test_line_col_of_a_bad_byte_counts_characters():
    data = "baris\nsatu é ".encode() + b"\xff"
    assert line_col(data, len(data) - 1) == (2, 8)
    assert line_col("a\nbc", 3) == (2, 2)
    assert line_col(b"", 0) == (1, 1)


def test_reference_footnotes_do_not_derail_the_blocks_after_them(tmp_path):
    md = (
        "Satu dengan catatan.[^1] Lagi [@a].\n\n"
        "Dua juga ^[Catatan sebaris [@a].] selesai.\n\n"
        "Tiga terakhir [@a].\n\n"
        "[^1]: Isi catatan [@a].\n"
    )
    src, ast = source_map(tmp_path, md)
    paras = [(p.line, text.split()[0]) for p, _b, text in src.paragraphs()]
    assert paras == [(1, "Satu"), (7, "Isi"), (3, "Dua"), (3, "Catatan"), (5, "Tiga")]
    cites = [c for el in elements(ast["blocks"]) if el["t"] == "Cite" for c in el["c"][0]]
    # AST order: note 1 (its mark comes before "Lagi [@a]"; defined on line
    # 7), the body of line 1, the inline note and the body of line 3, line 5
    assert [where(src.cite(c)) for c in cites] == [(7, 20), (1, 32), (3, 29), (5, 16)]


def test_every_paragraph_of_the_thesis_is_placed_on_its_line():
    import glob
    from pathlib import Path

    from conftest import ROOT

    for md in sorted(glob.glob(str(ROOT / "chapters" / "*.md"))):
        ast = json.loads(subprocess.run([pandoc(), md, "-t", "json"], capture_output=True, check=True).stdout)
        src, lines = SourceMap(md, ast), Path(md).read_text(encoding="utf-8").splitlines()
        placed = [(p.line, text) for p, _b, text in src.paragraphs() if text]
        assert [ln for ln, _ in placed] == sorted(ln for ln, _ in placed), md
        for line, text in placed:
            assert text.split()[0][:4] in lines[line - 1], (md, line, text[:40])
