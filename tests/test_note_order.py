"""Footnotes in reading order (issue 25): the numbers read from the PDF's
pages increase page after page and every page's notes stand at its foot;
the DOCX has the same notes in the same order. A figure floats, so its
source is written out in its "Sumber:" line, not as a note
(filters/inline-sources)."""

from __future__ import annotations

import json
import subprocess

import pytest
from pages import footnote_numbers, have_poppler

from conftest import ROOT, pandoc
from scripts import csl_style

FILTER = ROOT / "filters" / "inline-sources"


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """The filter's sample through both runs around citeproc, in the
    thesis's notes style, as JSON."""
    d = tmp_path_factory.mktemp("inline")
    (d / "style.csl").write_bytes(csl_style.build_style("chicago-notes-bibliography-subsequent-ibid-17th-edition"))
    lua = str(FILTER / "inline-sources.lua")
    proc = subprocess.run(
        [pandoc(), str(FILTER / "sample.md"), "-L", lua, "--citeproc", "--csl", str(d / "style.csl"), "-L", lua]
        + ["-t", "json"],
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def plain(inlines) -> str:
    out = []
    for i in inlines:
        if i["t"] == "Str":
            out.append(i["c"])
        elif i["t"] in ("Space", "SoftBreak"):
            out.append(" ")
        elif i["t"] in ("Emph", "Strong", "Span"):
            out.append(plain(i["c"] if i["t"] != "Span" else i["c"][1]))
        elif i["t"] == "Cite":
            out.append(plain(i["c"][1]))
        elif i["t"] == "Note":
            out.append("[^" + plain(i["c"][0]["c"]) + "]")
    return "".join(out)


def test_a_figures_source_is_written_out_and_the_texts_notes_keep_their_order(round_trip):
    blocks = round_trip["blocks"]
    kinds = [b["t"] for b in blocks]
    # the held citations and their headings are gone again
    assert kinds.count("Header") == 0
    figure = next(b for b in blocks if b["t"] == "Figure")
    caption = plain(figure["c"][1][1][0]["c"])
    source = next(b for b in blocks if b["t"] == "Div" and "figure-source" in b["c"][0][1])
    line = plain(source["c"][1][0]["c"])
    # in full, as a first note reads, not "Ibid." after the text's note
    assert (
        line
        == "Sumber: Sidik Jatmika, Otonomi Daerah Perspektif Hubungan Internasional (Yogyakarta: Bigraf Publishing, 2001), hlm. 51."
    )
    assert caption == "Pola hubungan Takdir Ali Mukti, Paradiplomacy (Yogyakarta: The Phinisi Press, 2013), hlm. 31."
    assert "[^" not in caption + line
    paras = [plain(b["c"]) for b in blocks if b["t"] == "Para"]
    # the text's second note repeats the first: Ibid. (the figure between
    # them carries no note)
    assert paras[0].endswith(
        "[^Sidik Jatmika, Otonomi Daerah Perspektif Hubungan Internasional (Yogyakarta: Bigraf Publishing, 2001), hlm. 51.]"
    )
    assert paras[-1].endswith("[^Ibid.]")


@pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")
def test_pdf_footnote_numbers_increase_page_after_page(built_thesis):
    from scripts.check.verify import docx_footnotes, docx_parts

    pages = footnote_numbers(built_thesis / "build" / "thesis.pdf")
    markers = [n for m, _ in pages for n in m]
    _body, notes = docx_parts(built_thesis / "build" / "thesis.docx")
    assert markers == list(range(1, docx_footnotes(notes) + 1)), [(i + 1, m) for i, (m, _) in enumerate(pages) if m]
    for i, (m, e) in enumerate(pages):
        assert m == e, f"page {i + 1}: markers {m}, notes at its foot {e}"


def test_docx_notes_in_the_order_of_the_text(built_thesis):
    """Word and LibreOffice number notes by where their references stand;
    the DOCX holds them in the cited text's order, none in a figure's
    caption or source line (which do not float in the DOCX, but are the
    same text as the PDF's)."""
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    z = zipfile.ZipFile(built_thesis / "build" / "thesis.docx")
    doc = etree.fromstring(z.read("word/document.xml"))
    refs = [int(r.get(f"{w}id")) for r in doc.iter(f"{w}footnoteReference")]
    assert refs == sorted(refs) and len(set(refs)) == len(refs) == 21
    for p in doc.iter(f"{w}p"):
        style = p.find(f"{w}pPr/{w}pStyle")
        if style is not None and style.get(f"{w}val") in ("FigureSource", "ImageCaption", "TableCaption"):
            assert p.find(f".//{w}footnoteReference") is None
