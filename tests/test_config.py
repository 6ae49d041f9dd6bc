"""config.yaml mistakes are reported at their line, with the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES
from scripts.common import ThesisError
from scripts.config import load_config

CONFIG = FIXTURES / "tiny" / "config.yaml"


def with_change(tmp_path, old, new):
    text = CONFIG.read_text(encoding="utf-8")
    assert old in text
    p = tmp_path / "config.yaml"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_unknown_key(tmp_path):
    p = with_change(tmp_path, "  line_spacing: 1.5", "  line_spacing: 1.5\n  line_spaceing: 2")
    with pytest.raises(ThesisError) as e:
        load_config(p)
    (f,) = e.value.findings
    assert f.line == line_of(p, "line_spaceing") and "unknown key 'line_spaceing'" in f.message
    assert "line_spacing" in f.fix


def test_wrong_type(tmp_path):
    p = with_change(tmp_path, "font_size_pt: 12", 'font_size_pt: "dua belas"')
    with pytest.raises(ThesisError) as e:
        load_config(p)
    (f,) = e.value.findings
    assert f.line == line_of(p, "font_size_pt") and "dua belas" in f.message


def test_enum_value(tmp_path):
    p = with_change(tmp_path, "paper: a4", "paper: a5")
    with pytest.raises(ThesisError) as e:
        load_config(p)
    assert "'a4'" in e.value.findings[0].fix


def test_yaml_syntax_error_has_line(tmp_path):
    p = with_change(tmp_path, "  kind: TESIS", '  kind: "TESIS')
    with pytest.raises(ThesisError) as e:
        load_config(p)
    f = e.value.findings[0]
    assert "YAML syntax error" in f.message and f.line >= line_of(p, '"TESIS')


def test_non_utf8_config(tmp_path):
    p = tmp_path / "config.yaml"
    shutil.copy(CONFIG, p)
    p.write_bytes(p.read_bytes().replace(b"Kota Uji", b"Kota \xe0ji", 1))
    with pytest.raises(ThesisError) as e:
        load_config(p)
    assert "UTF-8" in e.value.findings[0].message


def yaml_error_at(tmp_path, old, new):
    p = with_change(tmp_path, old, new)
    with pytest.raises(ThesisError) as e:
        load_config(p)
    (f,) = e.value.findings
    return p, f


def test_unclosed_flow_mapping_is_reported_where_the_closer_belongs(tmp_path):
    """The issue's case: a '}' missing at the end of margins_cm's line is
    seen by the parser only at the next key (57:8); the author is sent to
    the end of the line the '}' belongs on, and told where it was opened."""
    old = "  margins_cm: {top: 4, left: 4, bottom: 3, right: 3}"
    p, f = yaml_error_at(tmp_path, old, old[:-1])
    line = line_of(p, "margins_cm")
    assert (f.line, f.col) == (line, len(old))  # just after the last item, where '}' goes
    assert f"'{{' opened at line {line}, column 15 is not closed" in f.message and "add '}'" in f.fix


def test_unclosed_flow_sequence_before_a_comment(tmp_path):
    old = '  fonts: ["Times New Roman", "Liberation Serif", "TeX Gyre Termes", "Libertinus Serif"]'
    p, f = yaml_error_at(tmp_path, old, old[:-1] + "  # serif fonts")
    assert (f.line, f.col) == (line_of(p, "  fonts:"), len(old)) and "add ']'" in f.fix


def test_missing_comma_in_a_flow_mapping_over_two_lines(tmp_path):
    p, f = yaml_error_at(
        tmp_path,
        "  margins_cm: {top: 4, left: 4, bottom: 3, right: 3}",
        "  margins_cm: {top: 4, left: 4\n    bottom: 3, right: 3}",
    )
    assert (f.line, f.col) == (line_of(p, "margins_cm"), len("  margins_cm: {top: 4, left: 4") + 1)
    assert "comma is missing" in f.message


def test_unclosed_quote_is_reported_where_it_opens(tmp_path):
    p, f = yaml_error_at(tmp_path, "  kind: TESIS", '  kind: "TESIS')
    assert (f.line, f.col) == (line_of(p, '"TESIS'), 9) and "quote" in f.message
