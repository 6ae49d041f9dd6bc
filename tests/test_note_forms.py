"""Note and bibliography forms against Chicago notes-bibliography with the
Indonesian terms, as pandoc's citeproc prints them with the build's style:
"ed. ke-2", article pages without "hlm.", statutes without a repeated year;
a figure's source line names the author and its note keeps them."""

from __future__ import annotations

import subprocess

import pytest

from conftest import pandoc
from scripts import bibliography, csl_style

BIB = r"""
@article{art, author = {Keohane, Robert O. and Slaughter, Anne-Marie}, title = {Legalized Dispute Resolution},
  journaltitle = {International Organization}, volume = {54}, number = {3}, pages = {457--488}, year = {2000}}
@book{ed2, author = {Olson, William C.}, title = {Theory and Practice}, edition = {2}, publisher = {Prentice Hall},
  location = {Englewood Cliffs, NJ}, year = {1974}}
@legislation{uu, title = {Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintahan Daerah}, year = {2004}}
@book{buku, author = {Jatmika, Sidik}, title = {Otonomi Daerah}, publisher = {Bigraf}, location = {Yogyakarta}, year = {2001}}
"""


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    d = tmp_path_factory.mktemp("notes")
    (d / "refs.bib").write_text(BIB, encoding="utf-8")
    (d / "style.csl").write_bytes(csl_style.build_style("chicago-notes-bibliography-subsequent-ibid-17th-edition"))
    md = "---\nlang: id-ID\n---\nA [@art, 457-60]. B [@ed2, 12]. C [@uu]. D [@buku, 51].\n"
    out = subprocess.run(
        [pandoc(), "-f", "markdown", "-t", "plain", "--wrap=none", "--citeproc", "--bibliography", "refs.bib"]
        + ["--csl", "style.csl"],
        input=md.encode(),
        cwd=d,
        capture_output=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode("utf-8")
    notes = [line for line in text.splitlines() if line.startswith("[")]
    return notes, text


def test_article_pages_follow_the_colon_without_hlm(printed):
    notes, text = printed
    assert "54, no. 3 (2000): 457–60." in notes[0]
    assert "(2000): 457–88." in text  # the page range in DAFTAR PUSTAKA
    assert "hlm. 51." in notes[3]  # a book's page keeps "hlm."


def test_edition_is_ed_ke(printed):
    notes, text = printed
    assert "ed. ke-2" in notes[1] and "2 ed." not in text
    assert "Ed. ke-2" in text or "ed. ke-2" in text.split("\n\n", 1)[1]


def test_statute_does_not_repeat_its_year(printed):
    notes, text = printed
    assert notes[2].endswith("Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintahan Daerah.")
    assert "(2004)" not in text


@pytest.mark.parametrize(
    "author,short",
    [
        ("Jatmika, Sidik", "Jatmika"),
        ("Nye, Joseph S. and Keohane, Robert O.", "Nye dan Keohane"),
        ("A, B and C, D and E, F", "A, C, dan E"),
        ("A, B and C, D and E, F and G, H", "A dkk."),
        ("{{Biro Kerjasama dan SDA Setda NTB}}", "Biro Kerjasama dan SDA Setda NTB"),
    ],
)
def test_short_author_for_a_source_line(author, short):
    entry = bibliography.Entry("book", "k", 1, 1)
    entry.fields["author"] = bibliography.Field("author", author, 1, 1, [])
    assert bibliography.short_author(entry) == short
