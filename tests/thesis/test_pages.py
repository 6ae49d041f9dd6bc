"""The thesis as a reader sees it, measured on its rendered pages: figures
float instead of leaving blank pages, contents lists are set as the guides
set them, chapter titles break between words, the text is in a Times-metric
font where one is installed, the DOCX lists its appendices."""

from __future__ import annotations

import re
import subprocess

import pytest
from pages import have_poppler, largest_blank_fraction, page_images, page_texts

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils (pdftoppm, pdftotext) is not installed")
MARGINS = {"top": 4, "left": 4, "bottom": 3, "right": 3}
# a page opening a part: its first line is the part's heading alone
PART_STARTS = re.compile(r"^\s*(BAB [IVX]+|DAFTAR [A-Z]+|LAMPIRAN( \d+)?)\s*$")


@pytest.fixture(scope="module")
def pages(built_thesis, tmp_path_factory):
    pdf = built_thesis / "build/thesis.pdf"
    return page_texts(pdf), page_images(pdf, tmp_path_factory.mktemp("pages"))


def first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def test_no_body_page_is_more_than_a_third_blank_unless_a_part_ends(pages):
    """Figures float: a page in the middle of a chapter is never left with a
    third of its text block empty because the next figure did not fit."""
    texts, images = pages
    start = next(i for i, t in enumerate(texts) if first_line(t).strip() == "BAB I")
    end = next(i for i, t in enumerate(texts) if first_line(t).strip() == "DAFTAR PUSTAKA")
    blank = {}
    for i in range(start, end):
        if PART_STARTS.match(first_line(texts[i + 1])):
            continue  # the last page of a chapter may end early
        blank[i + 1] = round(largest_blank_fraction(images[i], MARGINS), 2)
    assert len(blank) >= 10
    assert max(blank.values()) < 1 / 3, {p: b for p, b in blank.items() if b >= 1 / 3}


def contents_pages(texts, title):
    i = next(i for i, t in enumerate(texts) if first_line(t).strip() == title)
    out = [texts[i]]
    while not PART_STARTS.match(first_line(texts[i + 1])):
        i += 1
        out.append(texts[i])
    return "\f".join(out)


def test_contents_lists_the_front_lists_and_the_appendices(pages):
    texts, _ = pages
    toc = contents_pages(texts, "DAFTAR ISI")
    for entry in ("DAFTAR ISI", "DAFTAR GAMBAR", "DAFTAR TABEL", "DAFTAR LAMPIRAN", "DAFTAR PUSTAKA"):
        assert re.search(rf"^\s*{entry}\s*(\. ?)+\s*[ivx]+\s*$|^\s*{entry}[ .]+\d+\s*$", toc, re.M), entry
    # an appendix entry on one line, with its page number
    assert re.search(r"^\s*LAMPIRAN 1 \S.*\.\s*\d+\s*$", toc, re.M), toc
    loa = contents_pages(texts, "DAFTAR LAMPIRAN")
    assert re.search(r"LAMPIRAN 1 .*\d+\s*$", loa, re.M)


def test_every_leader_ends_in_a_page_number_on_its_line(pages):
    """A wrapped entry: leader and page on its last line, never a page number
    or a leader alone on a line of its own."""
    texts, _ = pages
    for title in ("DAFTAR ISI", "DAFTAR GAMBAR", "DAFTAR TABEL"):
        for page in contents_pages(texts, title).split("\f"):
            lines = [x for x in page.splitlines() if x.strip()][:-1]  # not the folio
            for line in lines:
                if re.search(r"(\. ?){4,}", line):
                    assert re.search(r"\.\s*([ivx]+|\d+)\s*$", line), (title, line)
                    assert re.search(r"\w", line.split(". .")[0]), (title, line)
                assert not re.fullmatch(r"\s*([ivx]+|\d+)\s*", line), (title, line)


def test_chapter_titles_break_between_words(pages):
    texts, _ = pages
    for t in texts:
        head = [x.strip() for x in t.splitlines()[:8] if x.strip()]
        if head and re.fullmatch(r"BAB [IVX]+", head[0]):
            for line in head[1:4]:
                assert not re.search(r"[–-]$", line), head


def test_text_and_figures_in_a_times_metric_font_when_installed(built_thesis):
    fc = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, encoding="utf-8").stdout
    wanted = [f for f in ("Times New Roman", "Liberation Serif", "TeX Gyre Termes") if f in fc]
    if not wanted:
        pytest.skip("no Times-metric font installed (Debian: fonts-liberation)")
    fonts = subprocess.run(
        ["pdffonts", str(built_thesis / "build/thesis.pdf")], capture_output=True, text=True, encoding="utf-8"
    ).stdout
    names = {line.split()[0].split("+")[-1].split("-")[0] for line in fonts.splitlines()[2:]}
    assert wanted[0].replace(" ", "") in names, names
    # the figures are drawn in it too: no DejaVu Serif from matplotlib
    assert not [n for n in names if n.startswith("DejaVuSerif")], names
    svg = (built_thesis / "build/figures/skema-proses-kerjasama.svg").read_text(encoding="utf-8")
    assert f"font-family: '{wanted[0]}'" in svg


def test_docx_lists_its_appendices(built_thesis):
    import docx
    from test_docx_output import contents_entries

    d = docx.Document(built_thesis / "build/thesis.docx")
    assert contents_entries(d, "DAFTAR LAMPIRAN") == ["LAMPIRAN 1 PEDOMAN WAWANCARA"]
    toc = contents_entries(d, "DAFTAR ISI")
    assert "DAFTAR LAMPIRAN" in toc and toc.count("LAMPIRAN 1 PEDOMAN WAWANCARA") == 1
