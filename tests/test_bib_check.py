"""The bibliography check: each planted mistake is reported with its line,
and real-world bibliographies never crash it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.check.bib import check_bib, isbn_ok

CORPORA = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bib"

GOOD = """@book{jatmika2001,
  author    = {Jatmika, Sidik},
  title     = {Otonomi Daerah},
  publisher = {Bigraf},
  location  = {Yogyakarta},
  year      = {2001},
}
"""


def findings_for(tmp_path, text, name="refs.bib"):
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    _, _, findings = check_bib(str(p))
    return findings


def codes(findings, severity="error"):
    """(code, line) of the findings of one severity."""
    return {(f.code, f.line) for f in findings if f.severity == severity}


def test_clean_entry_has_no_errors(tmp_path):
    assert codes(findings_for(tmp_path, GOOD)) == set()


CASES = [
    # (name, bib text, expected (code, line) among the errors)
    (
        "missing comma merges fields",
        "@book{a,\n  author = {A, B},\n  title = {T}\n  publisher = {P},\n  year = {2001},\n}\n",
        ("bib-missing-comma", 4),
    ),
    (
        "unbalanced braces",
        "@book{a,\n  author = {A, B},\n  title = {T {x},\n  publisher = {P},\n  year = {2001},\n}\n\n@book{b,\n  title={U},\n}\n",
        ("bib-braces", 3),
    ),
    (
        "undefined string macro",
        "@book{a,\n  author = {A, B},\n  title = {T},\n  publisher = LP3ES,\n  year = {2001},\n}\n",
        ("bib-macro", 4),
    ),
    (
        "month 13",
        "@book{a,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2001},\n  month = 13,\n}\n",
        ("bib-month", 6),
    ),
    ("duplicate key", GOOD + "\n" + GOOD, ("bib-duplicate-key", 9)),
    ("keys differing in case", GOOD + "\n" + GOOD.replace("jatmika2001", "Jatmika2001"), ("bib-duplicate-key", 9)),
    ("required field", "@article{a,\n  author = {A, B},\n  title = {T},\n  year = {2001},\n}\n", ("bib-required", 1)),
    (
        "and and",
        "@book{a,\n  author = {A, B and and C, D},\n  title = {T},\n  publisher = {P},\n  year = {2001},\n}\n",
        ("bib-names", 2),
    ),
    (
        "too many commas",
        "@book{a,\n  author = {A, B, C, D},\n  title = {T},\n  publisher = {P},\n  year = {2001},\n}\n",
        ("bib-names", 2),
    ),
    (
        "bad urldate",
        "@online{a,\n  title = {T},\n  url = {http://x.org/},\n  urldate = {25-12-2016},\n}\n",
        ("bib-date", 4),
    ),
    (
        "bad year",
        "@book{a,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {20O1},\n}\n",
        ("bib-year", 5),
    ),
    (
        "bad doi",
        "@article{a,\n  author = {A, B},\n  title = {T},\n  journal = {J},\n  year = {2001},\n  doi = {11.1/x},\n}\n",
        ("bib-doi", 6),
    ),
    (
        "bad isbn",
        "@book{a,\n  author = {A, B},\n  title = {T},\n  publisher = {P},\n  year = {2001},\n  isbn = {978-0-00-000000-1},\n}\n",
        ("bib-isbn", 6),
    ),
    (
        "bad url",
        "@online{a,\n  title = {T},\n  url = {www.example.org/a b},\n  urldate = {2016-01-05},\n}\n",
        ("bib-url", 3),
    ),
    (
        "missing crossref parent",
        "@incollection{a,\n  author = {A, B},\n  title = {T},\n  crossref = {nope},\n}\n",
        ("bib-crossref-missing", 4),
    ),
    (
        "circular crossref",
        "@book{a,\n  title = {T},\n  crossref = {b},\n}\n@book{b,\n  title = {U},\n  crossref = {a},\n}\n",
        ("bib-crossref-cycle", 3),
    ),
    (
        "stray field after early close",
        "@book{a,\n  author = {A, B},\n  title = {T}},\n  publisher = {P},\n  year = {2001},\n}\n",
        ("bib-stray", 4),
    ),
]


# Strictness beyond biber is a warning: it changes nothing pandoc prints.
WARNINGS = {"bad doi", "bad isbn", "bad url"}


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_planted_mistake_is_reported_at_its_line(tmp_path, name, text, expected):
    found = findings_for(tmp_path, text)
    assert expected in codes(found, "warning" if name in WARNINGS else "error"), [str(f) for f in found]
    for f in found:
        assert f.path.endswith("refs.bib") and f.line >= 1 and f.col >= 1
        assert " — " in str(f)  # every message says how to fix it


def test_non_utf8_bytes_are_located(tmp_path):
    found = findings_for(tmp_path, GOOD.encode("utf-8").replace(b"Otonomi", b"Oton\xf6mi"))
    assert ("bib-encoding", 3) in codes(found)


def test_incomplete_entries_downgrade_missing_fields_to_warnings(tmp_path):
    text = "@book{a,\n  author = {Allison, Graham T.},\n  year = {1971},\n  keywords = {incomplete},\n}\n"
    found = findings_for(tmp_path, text)
    assert not codes(found)
    assert ("bib-required", 1) in codes(found, "warning")


def test_same_work_under_two_keys_is_a_warning(tmp_path):
    found = findings_for(tmp_path, GOOD + "\n" + GOOD.replace("jatmika2001", "jatmika2001b"))
    assert any(f.code == "bib-same-work" and f.severity == "warning" for f in found)


def test_crossref_inheritance_satisfies_required_fields(tmp_path):
    text = (
        "@collection{olson1974,\n  editor = {Olson, W.},\n  title = {Theory},\n  publisher = {PH},\n  year = {1974},\n}\n"
        "@incollection{nicolson1974,\n  author = {Nicolson, Harold},\n  title = {Diplomacy},\n  crossref = {olson1974},\n}\n"
    )
    assert not codes(findings_for(tmp_path, text))


def test_isbn_checksums():
    assert isbn_ok("0-306-40615-2") and isbn_ok("978-0-306-40615-7")
    assert not isbn_ok("0-306-40615-3") and not isbn_ok("978-0-306-40615-8")
    # lists as Zotero and Mendeley write them: spaces, semicolons; ISBNs written with spaces
    assert isbn_ok("978-0-306-40615-7 0-306-40615-2") and isbn_ok("0-306-40615-2; 978-0-306-40615-7")
    assert isbn_ok("978 0 306 40615 7") and not isbn_ok("978-0-306-40615-7 0-306-40615-3")


def test_issn_in_the_isbn_field_is_named(tmp_path):
    text = GOOD.replace("year ", "isbn      = {1532-2882},\n  year ")
    found = [f for f in findings_for(tmp_path, text) if f.code == "bib-isbn"]
    assert found and found[0].severity == "warning" and "ISSN" in found[0].message, found


VALID = {
    "Better BibTeX extended names": "editor = {family=Mesquita, given=Bruce, prefix=Bueno de, useprefix=true}",
    "EDTF negative year": "date = {-0380}",
    "EDTF approximate": "date = {2015~}",
    "EDTF uncertain range": "date = {1565?/1566}",
    "season": "date = {2003-21}",
    "unspecified digits": "date = {199X}",
    "date and time with zone": "date = {2016-03-05T10:15:00+05:00}",
    "UTC": "date = {2016-03-05T10:15:00Z}",
    "open range": "date = {1988/..}",
    "short DOI": "doi = {10/ggd754}",
    "value with field-like lines": "note = {n = 120 kabupaten,\n  p = 0.05 untuk uji beda}",
}


@pytest.mark.parametrize("name,field", VALID.items(), ids=list(VALID))
def test_what_biber_and_pandoc_accept_is_no_finding(tmp_path, name, field):
    text = GOOD.replace("year      = {2001},", f"year      = {{2001}},\n  {field},")
    bad = [str(f) for f in findings_for(tmp_path, text) if f.code not in ("bib-recommended",)]
    assert not bad


def test_xdata_fields_are_inherited_and_xdata_is_not_an_entry_to_cite(tmp_path):
    text = (
        "@xdata{pub,\n  publisher = {Bigraf},\n  location = {Yogyakarta},\n}\n"
        "@book{a,\n  author = {Jatmika, Sidik},\n  title = {Otonomi},\n  year = {2001},\n  xdata = {pub},\n}\n"
    )
    assert not codes(findings_for(tmp_path, text))
    assert not codes(findings_for(tmp_path, text), "warning")


def test_chapters_of_one_volume_are_not_the_same_work(tmp_path):
    text = (
        "@collection{vol,\n  editor = {Olson, W.},\n  title = {Theory},\n  publisher = {PH},\n  year = {1974},\n}\n"
        "@incollection{c1,\n  author = {Nicolson, H.},\n  title = {Diplomacy},\n  crossref = {vol},\n}\n"
        "@incollection{c2,\n  author = {Nicolson, H.},\n  title = {Power},\n  crossref = {vol},\n}\n"
    )
    assert not [f for f in findings_for(tmp_path, text) if f.code == "bib-same-work"]


def test_entry_errors_count_only_for_cited_entries(tmp_path):
    p = tmp_path / "refs.bib"
    p.write_text("@article{a,\n  title = {T},\n}\n@book{b,\n  title = {U},\n  month = {13},\n}\n", encoding="utf-8")
    _, _, found = check_bib(str(p), cited={"a"})
    errors = {(f.code, f.line) for f in found if f.severity == "error"}
    assert ("bib-required", 1) in errors and not [e for e in errors if e[1] >= 4]
    assert any(f.code == "bib-month" and "not cited" in f.message for f in found)


def test_messages_name_the_configured_file_not_references_bib(tmp_path):
    text = GOOD.encode("utf-8").replace(b"Otonomi", b"Oton\xf6mi")
    for f in findings_for(tmp_path, text, name="pustaka.bib"):
        assert f.path.endswith("pustaka.bib") and "references.bib" not in str(f)


def test_the_thesis_bibliography_has_no_errors():
    root = Path(__file__).resolve().parent.parent
    _, _, found = check_bib(str(root / "references.bib"))
    assert not [str(f) for f in found if f.severity == "error"]


@pytest.mark.skipif(not CORPORA.exists(), reason="shared/corpora is not beside the repository")
@pytest.mark.parametrize("name", sorted(p.name for p in CORPORA.glob("*.bib")) if CORPORA.exists() else [])
def test_real_world_bibliographies_never_crash(name):
    entries, _, found = check_bib(str(CORPORA / name))
    assert entries or found
    for f in found:
        assert f.line >= 1 and f.severity in ("error", "warning")


KNOWN_DEFECTS = {
    "bibtexparser-crossref-cycle.bib": "bib-crossref-cycle",
    "bibtexparser-xref-missing.bib": "bib-crossref-missing",
    "biber-encoding1-latin1.bib": "bib-encoding",
    "biber-dm-constraints.bib": "bib-isbn",
    "mendeley-export.bib": "bib-syntax",
    "biber-dateformats.bib": "bib-date",
    "biber-crossrefs.bib": "bib-crossref-cycle",
}


@pytest.mark.skipif(not CORPORA.exists(), reason="shared/corpora is not beside the repository")
@pytest.mark.parametrize("name,code", sorted(KNOWN_DEFECTS.items()))
def test_real_world_known_defects_are_found(name, code):
    _, _, found = check_bib(str(CORPORA / name))
    assert any(f.code == code for f in found), sorted({f.code for f in found})


@pytest.mark.skipif(not CORPORA.exists(), reason="shared/corpora is not beside the repository")
def test_circular_crossref_fails_fast():
    import time

    t = time.perf_counter()
    check_bib(str(CORPORA / "bibtexparser-crossref-cycle.bib"))
    assert time.perf_counter() - t < 2
