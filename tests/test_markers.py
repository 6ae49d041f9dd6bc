"""Draft markers: every todo block and span at its own line, null config values."""

from __future__ import annotations

import json
import subprocess

from conftest import pandoc
from scripts.markers import markers_in_ast, markers_in_config


def ast_of(tmp_path, markdown):
    md = tmp_path / "01-bab.md"
    md.write_text(markdown, encoding="utf-8")
    return md, json.loads(subprocess.run([pandoc(), str(md), "-t", "json"], capture_output=True, check=True).stdout)


def test_two_spans_on_line_one_and_one_on_line_three(tmp_path):
    # Pairing by index reported these at lines 1, 3 and 0.
    md, ast = ast_of(tmp_path, 'A [x]{.todo} dan [y]{.todo title="judul"}.\n\nB [z]{.todo}.\n')
    found = markers_in_ast(ast, str(md))
    assert [(m.line, m.kind, m.text) for m in found] == [(1, "span", "x"), (1, "span", "judul"), (3, "span", "z")]


def test_blocks_are_found_at_their_fence(tmp_path):
    md, ast = ast_of(tmp_path, "Teks.\n\n::: todo\nBelum ada data.\n:::\n\nTeks [w]{.todo}.\n")
    found = markers_in_ast(ast, str(md))
    assert [(m.line, m.kind, m.text) for m in found] == [(3, "block", "Belum ada data."), (7, "span", "w")]
    assert str(found[0]).startswith(f"{md}:3: block:")


def test_a_span_of_another_class_is_not_a_marker(tmp_path):
    md, ast = ast_of(tmp_path, "[x]{.smallcaps} dan [y]{.todo}\n")
    assert [(m.line, m.text) for m in markers_in_ast(ast, str(md))] == [(1, "y")]


def test_null_config_values_are_markers_the_logo_too(tmp_path):
    """A thesis without its logo shows a placeholder on the title page: a
    marker like every other value left null."""
    cfg = tmp_path / "config.yaml"
    cfg.write_text(
        "thesis:\n  author: null\n  logo: null\npeople:\n  supervisors:\n    - {name: null}\n", encoding="utf-8"
    )
    found = markers_in_config(
        {"thesis": {"author": None, "logo": None}, "people": {"supervisors": [{"name": None}]}}, cfg
    )
    assert [(m.line, m.text) for m in found] == [
        (2, "thesis.author belum diisi"),
        (3, "thesis.logo belum diisi"),
        (6, "people.supervisors.0.name belum diisi"),
    ]
