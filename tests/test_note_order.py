"""Footnotes in reading order (issue 25): the numbers read from the PDF's
pages increase page after page and every page's notes stand at its foot;
the DOCX has the same notes in the same order. A figure floats, so its
source is written out in its "Sumber:" line, not as a note
(filters/inline-sources)."""

from __future__ import annotations

import json
import subprocess

import pytest

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
