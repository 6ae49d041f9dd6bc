"""This thesis's figure source notes, built: moved from tests/test_note_forms.py (its content)."""

from __future__ import annotations

import re


def test_figure_source_lines_write_the_citation_out_in_full(built_thesis):
    """A figure's source line holds its citation, in full, as a note would
    first give it ("Sumber: Sidik Jatmika, Otonomi Daerah … (Yogyakarta: …,
    2001), hlm. 51."): no footnote in a float, never "Ibid." or a short form
    (the line is read on its own, wherever the figure lands)."""
    import docx

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    path = built_thesis / "build/thesis.docx"
    sources = [p for p in docx.Document(path).paragraphs if p.style.name == "Figure Source"]
    cited = [p for p in sources if "Jatmika" in p.text]
    assert len(cited) == 3
    for p in sources:
        assert p._p.find(f".//{W}footnoteReference") is None, p.text
    for p in cited:
        assert re.fullmatch(
            r"Sumber: Sidik Jatmika, Otonomi Daerah Perspektif Hubungan Internasional "
            r"\(Yogyakarta: Bigraf Publishing, 2001\), hlm\. 5[14]\.",
            p.text,
        ), p.text
        # the title in italics, as in a note
        assert any(r.italic and r.text.startswith("Otonomi Daerah") for r in p.runs), p.text
