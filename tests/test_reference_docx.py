"""The Word style sheet built from config.yaml's layout: page, margins,
body, notes and headings follow the configuration (read back with
python-docx), no theme fonts remain, and the same config gives the same
bytes."""

from __future__ import annotations

import copy
import io

import pytest
from docx import Document
from docx.shared import Pt

from conftest import FIXTURES
from scripts import reference_docx
from scripts.config import load_config


@pytest.fixture(scope="module")
def config():
    return load_config(FIXTURES / "tiny" / "config.yaml")


def styles_of(data: bytes):
    return Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def built(config):
    return reference_docx.build(config)


def test_page_and_margins_follow_the_layout(config, built):
    sec = styles_of(built).sections[0]
    m = config["layout"]["margins_cm"]
    assert (round(sec.page_width.cm, 2), round(sec.page_height.cm, 2)) == (21.0, 29.7)
    assert [round(x.cm, 2) for x in (sec.top_margin, sec.left_margin, sec.bottom_margin, sec.right_margin)] == [
        m["top"],
        m["left"],
        m["bottom"],
        m["right"],
    ]


def test_body_notes_and_headings_in_the_configured_font(config, built):
    d = styles_of(built)
    font = config["layout"]["fonts"][0]
    body = d.styles["Body Text"]
    assert body.font.name == font and body.font.size == Pt(config["layout"]["font_size_pt"])
    assert body.paragraph_format.line_spacing == config["layout"]["line_spacing"]
    assert round(body.paragraph_format.first_line_indent.cm, 2) == config["layout"]["first_line_indent_cm"]
    assert d.styles["Footnote Text"].font.size == Pt(config["layout"]["footnote_size_pt"])
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
        assert d.styles[name].font.name == font, name


def test_no_theme_font_left_in_the_styles(built):
    import zipfile

    styles_xml = zipfile.ZipFile(io.BytesIO(built)).read("word/styles.xml").decode("utf-8")
    assert "asciiTheme" not in styles_xml and "majorHAnsi" not in styles_xml


def test_another_layout_gives_another_sheet(config):
    other = copy.deepcopy(config)
    other["layout"].update(
        paper="letter",
        margins_cm={"top": 3, "left": 3.5, "bottom": 2.5, "right": 2.5},
        fonts=["Liberation Serif"],
        font_size_pt=11,
        line_spacing=2,
        footnote_size_pt=9,
    )
    d = styles_of(reference_docx.build(other))
    sec = d.sections[0]
    assert (round(sec.page_width.cm, 2), round(sec.page_height.cm, 2)) == (21.59, 27.94)
    assert round(sec.left_margin.cm, 2) == 3.5
    body = d.styles["Body Text"]
    assert body.font.name == "Liberation Serif" and body.font.size == Pt(11)
    assert body.paragraph_format.line_spacing == 2
    assert d.styles["Footnote Text"].font.size == Pt(9)


def test_same_config_same_bytes(config, built):
    assert reference_docx.build(config) == built


def test_word_is_asked_to_update_fields_once(built):
    import zipfile

    settings = zipfile.ZipFile(io.BytesIO(built)).read("word/settings.xml").decode("utf-8")
    assert settings.count("updateFields") == 1
