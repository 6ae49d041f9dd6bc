"""Feedback from a supervisor's annotated PDF (scripts/drafts/feedback_pdf.py)
of a published draft of this thesis (its anchors are this thesis's words, so it
stays in tests/thesis/, which the template does not copy). The annotations are written into the
draft's own thesis.pdf as Acrobat and pdf.js save them (tests/pdf_review.py,
an incremental update), placed over the words where poppler's pdftotext — not
the pdfminer.six the feedback reads with — sees them. Every item must come
back with its kind, author, date, remark and thread, the words marked, the
page label and the exact chapters/<file>.md:<line>:<col> (or data row) of
the current source; the specification's QuadPoints order and rotated pages
give the same feedback; another PDF, the working build, a damaged or an
encrypted PDF are refused in one line; an unannotated draft says so and
writes nothing."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pdf_review import PdfReview, find, have_pdftotext, word_boxes
from test_thesis_feedback import real_draft  # noqa: F401  (the real thesis, committed, with its first draft)

from conftest import snakemake

pytestmark = pytest.mark.skipif(not have_pdftotext(), reason="poppler's pdftotext is not installed (poppler-utils)")

SUPERVISOR, AUTHOR, EXAMINER = "Dr. Pembimbing", "Penulis", "Prof. Penguji"
ISO = "2026-03-01T09:00:00+07:00"  # pdf_review.DATE as the feedback writes it
BAB1, BAB3 = "chapters/01-pendahuluan.md", "chapters/03-keputusan-pemprov-ntb.md"
CAPITAL = "Ibu kota dari provinsi Nusa Tenggara Barat adalah Kota Mataram yang berada di pulau Lombok."


def at(project, chapter, text, nth=0):
    """``chapter:line:col`` of the ``nth`` occurrence of ``text`` in the source."""
    lines = (project / chapter).read_text(encoding="utf-8").splitlines()
    seen = 0
    for n, line in enumerate(lines, 1):
        col = line.find(text)
        while col >= 0:
            if seen == nth:
                return f"{chapter}:{n}:{col + 1}"
            seen += 1
            col = line.find(text, col + 1)
    raise AssertionError(f"{text!r} not in {chapter}")


def label(pdf, index) -> str:
    """The page label a reader shows for page ``index`` (pypdf, not the feedback)."""
    from pypdf import PdfReader

    return PdfReader(str(pdf)).page_labels[index]


def bab3_label(pdf) -> str:
    return label(pdf, find(word_boxes(pdf), "Bagian ini menguji empat hipotesis")[0])


def data_line(project, path, key):
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return f"{path}:{next(n for n, ln in enumerate(lines, 1) if ln.strip().startswith(key))}"


def annotate(pdf, out, order="acrobat", rotate=False):
    """The supervisor's review, as Acrobat saves it: a highlight with a note
    on a sentence of BAB I and the author's reply to it, a strike-out on one
    word, a highlight across a line's hyphen, an underline in a footnote, a
    sticky note in the margin beside a paragraph of BAB III, a text box beside
    the research question, a highlight in a cell of a generated table."""
    pages = word_boxes(pdf)
    r = PdfReview(pdf, order)
    p, words = find(pages, CAPITAL)
    first = r.markup("Highlight", p, words, SUPERVISOR, "Sumber untuk ibu kota?")
    r.reply(first, p, AUTHOR, "Akan saya tambahkan dari BPS NTB.")
    p, words = find(pages, "memebuka")
    r.markup("StrikeOut", p, words, SUPERVISOR, "salah ketik")
    p, words = find(pages, "Undang-undang no. 22 Tahun 1999")  # "Undang-" / "undang" across lines
    r.markup("Highlight", p, words, SUPERVISOR, "Tulis lengkap: Nomor 22.")
    p, words = find(pages, "LP3ES")  # in footnote 1
    r.markup("Underline", p, words, SUPERVISOR, "Kota terbit?")
    bab3, words = find(pages, "Bagian ini menguji empat hipotesis")
    r.note(bab3, (560, words[0][4] + 2), SUPERVISOR, "Hipotesis belum diuji dengan bukti.")
    question, words = find(pages, "Berdasarkan pemikiran dan pengamatan")
    y = words[0][4]
    r.text_box(question, [440, y - 10, 580, y + 20], SUPERVISOR, "Rumusan masalah terlalu umum.")
    p, words = find(pages, "H2", page=bab3)
    r.markup("Highlight", p, words, SUPERVISOR, "H2 tanpa bukti")
    if rotate:  # the reviewer turned two pages; the annotations stay in the page's own space
        r.rotate(bab3, 90)
        r.rotate(question, 270)
    return r.save(out)


def read_back(project, review):
    proc = snakemake(project, "feedback", "--config", f"feedback={review}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    made = sorted((project / "feedback").glob("*.csv"), key=lambda p: p.stat().st_mtime)
    rows = list(csv.DictReader(made[-1].open(encoding="utf-8")))
    return rows, made[-1].with_suffix(".md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def acrobat(real_draft, tmp_path_factory):  # noqa: F811
    project, did = real_draft
    pdf = project / "drafts" / did / "thesis.pdf"
    review = annotate(pdf, tmp_path_factory.mktemp("pdf-review") / "review-acrobat.pdf")
    return project, did, pdf, review


def test_every_annotation_reads_back_with_its_words_page_and_line(acrobat):
    project, did, pdf, review = acrobat
    assert review.read_bytes().startswith(pdf.read_bytes())  # an incremental update, as readers save
    rows, md = read_back(project, review)
    b3 = bab3_label(pdf)
    got = [(r["kind"], r["where"], r["page"], r["text"], r["comment"], r["source"]) for r in rows]
    assert got == [
        ("highlight", "body", "1", CAPITAL, "Sumber untuk ibu kota?", at(project, BAB1, "Ibu kota dari")),
        (
            "highlight",
            "body",
            "2",
            "Undang-undang no. 22 Tahun 1999",
            "Tulis lengkap: Nomor 22.",
            at(project, BAB1, "Undang-undang no. 22"),
        ),
        ("strike-out", "body", "2", "memebuka", "salah ketik", at(project, BAB1, "memebuka")),
        # a citation's note: where the citation is written
        ("underline", "footnote", "2", "LP3ES,", "Kota terbit?", at(project, BAB1, "@masoed1994")),
        # beside a paragraph: the paragraph, from its first line
        ("text-box", "body", "3", "", "Rumusan masalah terlalu umum.", at(project, BAB1, "Berdasarkan pemikiran")),
        ("sticky-note", "body", b3, "", "Hipotesis belum diuji dengan bukti.", at(project, BAB3, "Bagian ini")),
        ("highlight", "cell", b3, "H2", "H2 tanpa bukti", data_line(project, "data/codebook.yaml", "H2:")),
    ]
    assert all(r["author"] == SUPERVISOR and r["date"] == ISO for r in rows)
    assert rows[0]["replies"] == f"{AUTHOR} ({ISO}): Akan saya tambahkan dari BPS NTB."  # the thread
    assert all(not r["replies"] for r in rows[1:])
    assert "menguji empat hipotesis" in rows[5]["context"]  # a note quotes the paragraph it stands beside
    assert rows[6]["context"].startswith("H2 | 0 | 0 | 0")  # a cell: its row
    assert f"# Masukan {SUPERVISOR} untuk draf {did}" in md and "7 butir" in md
    assert "> ↳ Penulis (2026-03-01T09:00:00+07:00): Akan saya tambahkan dari BPS NTB." in md
    assert f"**Catatan tempel** (body, hlm. {b3}) oleh {SUPERVISOR} ({ISO}) — `{at(project, BAB3, 'Bagian ini')}`" in md


@pytest.mark.parametrize("order,rotate", [("spec", False), ("acrobat", True)], ids=["spec-quadpoints", "rotated"])
def test_the_other_quadpoints_order_and_rotated_pages_read_the_same(acrobat, tmp_path, order, rotate):
    project, _, pdf, review = acrobat
    expected, _ = read_back(project, review)
    other = annotate(pdf, tmp_path / f"review-{order}.pdf", order, rotate)
    assert other.read_bytes() != review.read_bytes()
    rows, _ = read_back(project, other)
    assert rows == expected


def test_a_review_saved_by_pdfjs(acrobat, tmp_path):
    """pdf.js's editor (Firefox, Chromium-based viewers built on it): no
    author unless set, a /CreationDate only, no popup; a drawing on the title
    page, a highlight in a figure, a text box over a blank area; a phrase a
    paragraph holds three times, marked at its third place; a passage split
    by a hyphen at a line's end."""
    project, did, pdf, _ = acrobat
    pages = word_boxes(pdf)
    r = PdfReview(pdf)
    twice = "Pemerintah Provinsi Nusa Tenggara Barat"
    p, words = find(pages, twice + " (NTB), sebelumnya")
    r.pdfjs_highlight(p, words[:5])
    p, words = find(pages, "terlibatnya aktor non-negara yang semakin eksis")
    r.pdfjs_highlight(p, words, user=EXAMINER)
    figure, words = find(pages, "Gambar 3.1 Matriks triangulasi", page=None, nth=1)  # the caption, not the list
    _, column = find(pages, "Wawancara", page=figure)
    r.pdfjs_highlight(figure, column, user=EXAMINER)
    r.pdfjs_text_box(figure, [100, 60, 300, 80], "Sisa halaman kosong?", user=EXAMINER)
    r.pdfjs_ink(0, [150, 300, 300, 320, 450, 300])
    review = r.save(tmp_path / "review-pdfjs.pdf")
    rows, _ = read_back(project, review)
    by = {(r["kind"], r["page"], r["text"]): r for r in rows}
    assert len(rows) == 5, [(r["kind"], r["page"], r["text"]) for r in rows]
    third = by[("highlight", "3", twice)]
    assert third["source"] == at(project, BAB1, twice + " (NTB), sebelumnya")  # the third, not the first
    assert "Zhejiang RRT. Pemerintah Provinsi" in third["context"] and third["author"] == ""
    assert third["date"] == "2026-03-02T10:15:00"
    hyphen = by[("highlight", "1", "terlibatnya aktor non-negara yang semakin eksis")]
    assert hyphen["source"] == at(project, BAB1, "terlibatnya aktor non-negara") and hyphen["author"] == EXAMINER
    drawn = by[("highlight", label(pdf, figure), "Wawancara")]
    assert drawn["where"] == "figure" and drawn["context"] == "Gambar matriks-triangulasi"
    box = next(r for r in rows if r["kind"] == "text-box")
    assert box["comment"] == "Sisa halaman kosong?" and box["page"] == label(pdf, figure) and box["source"]
    ink = next(r for r in rows if r["kind"] == "ink")
    assert ink["page"] == "i" and ink["where"] == "title"  # the title page: its item, with its page


def test_a_passage_split_across_two_pages_reads_back_on_both(acrobat, tmp_path):
    """A paragraph of BAB I runs from page 1 to page 2, its last word of page
    1 hyphenated there ("non-" / "negara"): one highlight on each page, each
    at its place in the one source line."""
    project, _, pdf, _ = acrobat
    pages = word_boxes(pdf)
    r = PdfReview(pdf)
    p1, words = find(pages, "kerentanan negara-negara dan aktor non-")
    r.markup("Highlight", p1, words, SUPERVISOR, "bagian 1")
    p2, words = find(pages, "negara terhadap interdependensi ekonomi.", page=p1 + 1)
    r.markup("Highlight", p2, words, SUPERVISOR, "bagian 2")
    rows, _ = read_back(project, r.save(tmp_path / "review-split.pdf"))
    assert [(x["page"], x["text"], x["source"]) for x in rows] == [
        ("1", "kerentanan negara-negara dan aktor non-negara", at(project, BAB1, "kerentanan negara-negara")),
        ("2", "non-negara terhadap interdependensi ekonomi.", at(project, BAB1, "non-negara terhadap")),
    ]


def test_a_pdf_of_another_document_or_the_working_build_is_refused(acrobat, tmp_path):
    from pypdf import PdfWriter

    project, did, _, _ = acrobat
    other = tmp_path / "laporan-lain.pdf"
    w = PdfWriter()
    w.add_blank_page(595, 842)
    w.add_metadata({"/Title": "Laporan lain"})
    w.write(other)
    build = project / "build" / "thesis.pdf"  # the working build: this thesis, but no draft
    assert build.is_file()
    for review, says in [(other, "is not a draft of this thesis"), (build, "is a build of this thesis")]:
        before = set((project / "feedback").glob("*"))
        proc = snakemake(project, "feedback", "--config", f"feedback={review}")
        assert proc.returncode == 1
        errors = [ln for ln in proc.stderr.splitlines() if ": error: " in ln]
        assert len(errors) == 1 and errors[0].startswith(f"{review}:1:1: error: "), proc.stderr
        assert says in errors[0] and did in errors[0] and "Traceback" not in proc.stderr
        assert set((project / "feedback").glob("*")) == before


def test_an_unannotated_draft_says_so_and_writes_nothing(acrobat):
    project, _, pdf, _ = acrobat
    before = set((project / "feedback").glob("*"))
    proc = snakemake(project, "feedback", "--config", f"feedback={pdf}")
    assert proc.returncode == 0
    said = [ln for ln in proc.stderr.splitlines() if not ln.startswith("Using workflow")]
    assert said == [f"{pdf}: no annotations in this PDF — nothing to read back, no feedback written"], proc.stderr
    assert set((project / "feedback").glob("*")) == before


@pytest.mark.parametrize("damage", ["truncated", "encrypted"])
def test_a_damaged_or_encrypted_review_is_one_located_error(acrobat, tmp_path, damage):
    from pypdf import PdfWriter

    project, _, _, review = acrobat
    bad = tmp_path / f"{damage}.pdf"
    if damage == "truncated":
        data = review.read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    else:
        w = PdfWriter(clone_from=str(review))
        w.encrypt("rahasia", algorithm="AES-128")
        w.write(bad)
    before = set((project / "feedback").glob("*"))
    proc = snakemake(project, "feedback", "--config", f"feedback={bad}")
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if "error" in ln.lower() and "FAILED" not in ln]
    assert len(errors) == 1 and errors[0].startswith(f"{bad}:1:1: error: "), proc.stderr
    assert ("encrypted" if damage == "encrypted" else "not a readable PDF") in errors[0]
    assert "EOF marker" not in proc.stderr and "Traceback" not in proc.stderr
    assert set((project / "feedback").glob("*")) == before


def test_the_draft_pdf_names_its_draft_in_its_metadata(acrobat):
    from scripts.drafts.identity import read

    _, did, pdf, review = acrobat
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, encoding="utf-8").stdout
    assert f"Subject:         draft {did}" in info
    assert read(pdf).id == did and read(review).id == did and read(pdf).commit == did.rsplit("-", 1)[1]


PDFJS_DIST = Path(os.environ.get("PDFJS_DIST") or "-")


@pytest.mark.skipif(
    not shutil.which("node") or not (PDFJS_DIST / "legacy" / "build" / "pdf.mjs").is_file(),
    reason="pdf.js's writer: set PDFJS_DIST to an installed pdfjs-dist (npm install pdfjs-dist@4.10.38)",
)
def test_a_review_saved_by_pdfjs_itself(acrobat, tmp_path):
    """pdf.js's own writer (tests/pdfjs_save.mjs; Firefox's viewer saves
    through it), where node and a pdfjs-dist are at hand: PDFJS_DIST=the
    folder of `npm install pdfjs-dist@4.10.38`."""
    from pdf_review import _rect, quadpoints

    project, _, pdf, _ = acrobat
    pages = word_boxes(pdf)
    spec = []
    for phrase, user, page, cut in [
        (CAPITAL, None, None, None),
        ("Pemerintah Provinsi Nusa Tenggara Barat (NTB), sebelumnya", EXAMINER, None, 5),
        ("Undang-undang no. 22 Tahun 1999", EXAMINER, None, None),
    ]:
        p, words = find(pages, phrase, page=page)
        words = words[:cut] if cut else words
        spec.append(
            {"type": "highlight", "page": p, "quadPoints": quadpoints(words), "rect": _rect(words), "user": user}
        )
    bab3, words = find(pages, "Bagian ini menguji empat hipotesis")
    y = words[0][4]
    spec.append(
        {"type": "freetext", "page": bab3, "rect": [440, y - 10, 580, y + 14], "value": "Hipotesis belum diuji."}
    )
    _, words = find(pages, "H2", page=bab3)
    spec.append({"type": "highlight", "page": bab3, "quadPoints": quadpoints(words), "rect": _rect(words)})
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    review = tmp_path / "review-pdfjs-itself.pdf"
    subprocess.run(
        ["node", Path(__file__).parent.parent / "pdfjs_save.mjs", pdf, tmp_path / "spec.json", review],
        check=True,
        capture_output=True,
        env={**os.environ, "PDFJS_DIST": str(PDFJS_DIST)},
        timeout=120,
    )
    assert review.read_bytes().startswith(pdf.read_bytes())  # pdf.js saves incrementally
    rows, _ = read_back(project, review)
    b3 = bab3_label(pdf)
    got = [(r["kind"], r["page"], r["author"], r["text"], r["comment"], r["source"]) for r in rows]
    twice = "Pemerintah Provinsi Nusa Tenggara Barat"
    assert got == [
        ("highlight", "1", "", CAPITAL, "", at(project, BAB1, "Ibu kota dari")),
        ("highlight", "2", EXAMINER, "Undang-undang no. 22 Tahun 1999", "", at(project, BAB1, "Undang-undang no. 22")),
        ("highlight", "3", EXAMINER, twice, "", at(project, BAB1, twice + " (NTB), sebelumnya")),
        ("text-box", b3, "", "", "Hipotesis belum diuji.", at(project, BAB3, "Bagian ini")),
        ("highlight", b3, "", "H2", "", data_line(project, "data/codebook.yaml", "H2:")),
    ]


def _poppler_python() -> str | None:
    """A Python with PyGObject and poppler-glib (the system's, not the venv)."""
    for py in ("/usr/bin/python3", shutil.which("python3")):
        if py and Path(py).is_file():
            probe = "import gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler"
            if subprocess.run([py, "-c", probe], capture_output=True, timeout=60).returncode == 0:
                return py
    return None


POPPLER_PY = _poppler_python()


@pytest.mark.skipif(not POPPLER_PY, reason="poppler-glib (Debian: python3-gi gir1.2-poppler-0.18) is not installed")
def test_a_review_saved_by_poppler_as_evince_saves_it(acrobat, tmp_path):
    """Evince's writer (poppler-glib, tests/poppler_save.py): highlight,
    strike-out, underline in a footnote, squiggly, a sticky note, a cell."""
    from pdf_review import _rect, quadpoints

    project, _, pdf, _ = acrobat
    pages = word_boxes(pdf)
    spec = []
    for kind, phrase, remark, page in [
        ("highlight", CAPITAL, "Sumber?", None),
        ("strikeout", "memebuka", "salah ketik", None),
        ("underline", "LP3ES", "Kota terbit?", None),
        ("squiggly", "Undang-undang no. 22 Tahun 1999", "", None),
    ]:
        p, words = find(pages, phrase, page=page)
        spec.append({"type": kind, "page": p, "quadPoints": quadpoints(words), "rect": _rect(words)})
        spec[-1].update(user=SUPERVISOR, contents=remark)
    bab3, words = find(pages, "Bagian ini menguji empat hipotesis")
    y = words[0][4]
    spec.append({"type": "note", "page": bab3, "rect": [555, y - 18, 575, y + 2], "contents": "Hipotesis belum diuji."})
    _, words = find(pages, "H2", page=bab3)
    spec.append({"type": "highlight", "page": bab3, "quadPoints": quadpoints(words), "rect": _rect(words)})
    (tmp_path / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    review = tmp_path / "review-evince.pdf"
    subprocess.run(
        [POPPLER_PY, Path(__file__).parent.parent / "poppler_save.py", pdf, tmp_path / "spec.json", review],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert review.read_bytes().startswith(pdf.read_bytes())  # poppler saves incrementally
    rows, _ = read_back(project, review)
    b3 = bab3_label(pdf)
    got = [(r["kind"], r["where"], r["page"], r["text"], r["comment"], r["source"]) for r in rows]
    assert got == [
        ("highlight", "body", "1", CAPITAL, "Sumber?", at(project, BAB1, "Ibu kota dari")),
        ("squiggly", "body", "2", "Undang-undang no. 22 Tahun 1999", "", at(project, BAB1, "Undang-undang no. 22")),
        ("strike-out", "body", "2", "memebuka", "salah ketik", at(project, BAB1, "memebuka")),
        ("underline", "footnote", "2", "LP3ES,", "Kota terbit?", at(project, BAB1, "@masoed1994")),
        ("sticky-note", "body", b3, "", "Hipotesis belum diuji.", at(project, BAB3, "Bagian ini")),
        ("highlight", "cell", b3, "H2", "", data_line(project, "data/codebook.yaml", "H2:")),
    ]
    assert [r["author"] for r in rows[:4]] == [SUPERVISOR] * 4
