"""This thesis's figure source notes, built: moved from tests/test_note_forms.py (its content)."""

from __future__ import annotations


def test_figure_source_notes_keep_the_author(built_thesis):
    """A figure's source line reads "Sumber: Jatmika"; its note names the
    author too (or is "Ibid." after a note that does), never the title alone."""
    import zipfile

    import docx
    from lxml import etree

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    path = built_thesis / "build/thesis.docx"
    notes = etree.fromstring(zipfile.ZipFile(path).read("word/footnotes.xml"))
    text = {n.get(f"{W}id"): "".join(t.text or "" for t in n.iter(f"{W}t")).strip() for n in notes.iter(f"{W}footnote")}
    sources = [p for p in docx.Document(path).paragraphs if p.style.name == "Figure Source" and "Jatmika" in p.text]
    assert sources
    seen = []
    for p in sources:
        assert p.text.startswith("Sumber: Jatmika")
        ref = p._p.find(f".//{W}footnoteReference").get(f"{W}id")
        seen.append(text[ref])
    assert all(n.startswith(("Jatmika", "Sidik Jatmika", "Ibid.")) for n in seen), seen
    assert any("Jatmika" in n for n in seen)
