"""Note and bibliography forms against Chicago notes-bibliography with the
Indonesian terms, as pandoc's citeproc prints them with the build's style:
"hlm." before the pages of every kind of note, "ed. ke-2", one form for
editors and translators in notes and DAFTAR PUSTAKA, a series kept, statutes
without a repeated year (a golden file over every entry type the thesis
uses)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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


def test_article_pages_carry_hlm_like_every_note(printed):
    notes, text = printed
    assert "54, no. 3 (2000), hlm. 457–60." in notes[0]
    assert "(2000): 457–88." in text  # the article's range in DAFTAR PUSTAKA: no place cited
    assert "hlm. 51." in notes[3]


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


# One entry of every kind the thesis cites, with the fields its entries use.
KINDS = r"""
@book{buku, author = {Mas'oed, Mohtar}, title = {Ilmu Hubungan Internasional}, subtitle = {Disiplin dan Metodologi},
  publisher = {LP3ES}, location = {Jakarta}, year = {1994}}
@book{terjemahan, author = {McClelland, Charles}, title = {Ilmu Hubungan Internasional}, translator = {Adil, Hilman},
  publisher = {CV Rajawali}, location = {Jakarta}, year = {1981}}
@collection{kumpulan, editor = {Olson, William C. and Sondermann, Fred A.}, title = {Theory and Practice of International
  Relations}, edition = {2}, publisher = {Prentice Hall}, location = {Englewood Cliffs, NJ}, year = {1974}}
@incollection{bab, author = {Nicolson, Harold}, title = {Diplomacy Then and Now}, crossref = {kumpulan}}
@article{jurnal, author = {Wolff, Stefan}, title = {Paradiplomacy}, subtitle = {Scope, Opportunities and Challenges},
  journaltitle = {SAIS Europe Journal}, volume = {10}, year = {2007}, url = {http://example.org/w.pdf},
  urldate = {2016-01-15}}
@article{jurnal2, author = {Keohane, Robert O.}, title = {Legalized Dispute Resolution}, journaltitle = {International
  Organization}, volume = {54}, number = {3}, pages = {457--488}, year = {2000}}
@incollection{seri, author = {Shultz, George P.}, title = {Diplomacy in the Information Age}, booktitle = {Keynote
  Addresses from the Virtual Diplomacy Conference}, series = {Peaceworks}, number = {18}, publisher = {{United States
  Institute of Peace}}, date = {1997-09}, url = {http://example.org/s}, urldate = {2016-01-05}}
@thesis{tesis, author = {Sinambela, Stivani Iswara}, title = {Kebijakan Pemerintah Daerah}, type = {Tesis},
  institution = {Universitas Muhammadiyah Yogyakarta}, year = {2014}}
@online{laman, author = {{Biro Kerjasama dan SDA Setda NTB}}, title = {Kerjasama Pemerintah Australia},
  url = {http://example.org/k.pdf}, urldate = {2016-12-25}}
@misc{makalah, author = {Criekemans, David}, title = {Are the Boundaries Watering Down?}, organization = {{University
  of Antwerp}}, location = {Belgium}, year = {2008}}
@legislation{uu, title = {Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintahan Daerah}, year = {2004}}
"""

# first note with a page, the short form with another page, Ibid.
CITED = " ".join(
    f"{k} [@{k}, 12]. {k} [@jurnal2, 3]. {k} [@{k}, 14]. {k} [@{k}, 14]."
    for k in ("buku", "terjemahan", "bab", "jurnal", "jurnal2", "seri", "tesis", "laman", "makalah", "uu")
)
GOLDEN = Path(__file__).parent / "golden" / "note-forms.txt"


def test_note_forms_of_every_entry_type_match_the_golden_file(tmp_path):
    """Regenerate with THESIS_UPDATE_GOLDEN=1 and read the diff: every note
    and entry here is one the guides would accept."""
    import os

    (tmp_path / "refs.bib").write_text(KINDS, encoding="utf-8")
    (tmp_path / "style.csl").write_bytes(
        csl_style.build_style("chicago-notes-bibliography-subsequent-ibid-17th-edition")
    )
    md = f"---\nlang: id-ID\n---\n{CITED}\n"
    out = subprocess.run(
        [pandoc(), "-f", "markdown", "-t", "plain", "--wrap=none", "--citeproc", "--bibliography", "refs.bib"]
        + ["--csl", "style.csl"],
        input=md.encode(),
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
        check=True,
    )
    text = out.stdout.decode("utf-8")
    printed = "\n".join(line for line in text.splitlines()[1:] if line.strip()) + "\n"
    if os.environ.get("THESIS_UPDATE_GOLDEN"):
        GOLDEN.write_text(printed, encoding="utf-8")
    assert printed == GOLDEN.read_text(encoding="utf-8")
    notes = [line for line in printed.splitlines() if line.startswith("[")]
    # every note cites a page (12, 14 or 3), each with "hlm." before it
    for n in notes:
        assert n.endswith("] Ibid.") or re.search(r"hlm\. (12|14|3)\b", n), n
        assert not re.search(r"(?<!hlm\.) (12|14|3)\.$", n), n
    assert not [n for n in notes if re.search(r"\b(ed\.|trans\.) [A-Z]", n)]  # editors: "disunting oleh"
    assert "Peaceworks 18" in printed.split("[1]")[0] and sum("Peaceworks 18" in n for n in notes) >= 1
