"""Foreign terms from config are italicised in the prose, and only there."""

from __future__ import annotations

import json
import subprocess

from conftest import pandoc
from scripts.foreign_terms import apply

TERMS = ["sister province", "borderless world", "state centric", "paradiplomacy", "second track diplomacy", "diplomacy"]


def run(md):
    ast = json.loads(
        subprocess.run(
            [pandoc(), "-f", "markdown", "-t", "json"], input=md.encode(), capture_output=True, check=True
        ).stdout
    )
    apply(ast["blocks"], TERMS)
    return (
        subprocess.run(
            [pandoc(), "-f", "json", "-t", "markdown", "--wrap=none"],
            input=json.dumps(ast).encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )


def test_terms_are_italicised_case_insensitively_across_line_breaks():
    out = run('Kerjasama Sister\nProvince dan dunia (borderless world) yang "state centric".')
    assert out == 'Kerjasama *Sister Province* dan dunia (*borderless world*) yang "*state centric*".'


def test_longest_term_wins_and_punctuation_stays_outside():
    assert run("Ada second track diplomacy, juga diplomacy.") == "Ada *second track diplomacy*, juga *diplomacy*."


def test_emphasis_links_and_citations_are_left_alone_headings_are_not():
    """A heading's term is italic as on the title page (THESIS-FORMAT:
    foreign terms italicised), so chapter titles, DAFTAR ISI and prose agree."""
    out = run(
        "# Kerjasama Sister Province\n\n*Paradiplomacy* dan [paradiplomacy](http://x.org) serta [@paradiplomacy]."
    )
    assert out.splitlines()[0] == "# Kerjasama *Sister Province*"
    assert "*Paradiplomacy* dan [paradiplomacy](http://x.org) serta [@paradiplomacy]." in out


def test_terms_inside_notes_and_strong_text():
    out = run("**Sister province** teks.^[Catatan tentang paradiplomacy.]")
    assert out.startswith("***Sister province*** teks.") or out.startswith("**_Sister province_** teks.")
    assert "*paradiplomacy*" in out


def test_no_terms_changes_nothing():
    md = "Kerjasama sister province."
    ast = json.loads(subprocess.run([pandoc(), "-t", "json"], input=md.encode(), capture_output=True).stdout)
    before = json.dumps(ast)
    apply(ast["blocks"], [])
    assert json.dumps(ast) == before
