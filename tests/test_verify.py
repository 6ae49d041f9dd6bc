"""verify: what the reader gets is checked before anything is published."""

from __future__ import annotations

import json
import zipfile

import docx as python_docx
import pytest

from scripts.check.verify import run, verify

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NOTES = (
    f'<w:footnotes xmlns:w="{W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p/></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p/></w:footnote>'
    "{notes}</w:footnotes>"
)


def make_docx(path, paragraphs, notes=0):
    doc = python_docx.Document()
    for p in paragraphs:
        para = doc.add_paragraph()
        for run_text in p if isinstance(p, list) else [p]:
            para.add_run(run_text)  # one run each: a raw "[@" split across runs
    doc.save(path)
    real = "".join(f'<w:footnote w:id="{i + 1}"><w:p><w:r><w:t>n</w:t></w:r></w:p></w:footnote>' for i in range(notes))
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("word/footnotes.xml", NOTES.replace("{notes}", real))
    return path


@pytest.fixture
def renders(tmp_path):
    """A passing set: one note each, one cited work listed."""

    def make(docx_text=("Teks.",), typ="Teks.#footnote[Catatan.]", cited=None, warnings="", notes=1):
        d = make_docx(tmp_path / "t.docx", list(docx_text), notes)
        t = tmp_path / "t.typ"
        t.write_text(typ, encoding="utf-8")
        c = tmp_path / "cited.json"
        cited = cited or {"blocks": [{"t": "Cite", "c": [[{"citationId": "a2001"}], []]}, ["ref-a2001", [], []]]}
        c.write_text(json.dumps(cited, separators=(",", ":")), encoding="utf-8")
        w = tmp_path / "warnings.txt"
        w.write_text(warnings, encoding="utf-8")
        pdf = tmp_path / "t.pdf"
        pdf.write_bytes(b"%PDF-1.7\n")
        return pdf, d, t, c, w

    return make


def codes(findings):
    return sorted(f.code for f in findings)


def test_clean_renders_pass_and_count(renders):
    findings, counts = verify(*renders())
    assert findings == [] and counts == {
        "pdf_notes": 1,
        "docx_notes": 1,
        "cited": 1,
        "pdf_pages": None,
    }  # a stand-in PDF


def test_raw_citation_split_across_docx_runs_is_found(renders):
    findings, _ = verify(*renders(docx_text=[["Lihat [", "@kunci", "] di sini."]]))
    (f,) = findings
    assert f.code == "verify-raw" and f.path.endswith("t.docx") and "'[@kunci'" in f.message


def test_unresolved_crossref_in_typst_source(renders):
    findings, _ = verify(*renders(typ="Lihat ??.#footnote[x]"))
    assert codes(findings) == ["verify-raw"] and findings[0].path.endswith("t.typ")


def test_citeproc_warning_in_the_declared_file(renders):
    findings, _ = verify(*renders(warnings="[WARNING] Citeproc: citation nokey not found\n"))
    (f,) = findings
    assert f.code == "verify-citeproc" and f.path.endswith("warnings.txt") and "nokey" in f.message


def test_cited_work_missing_from_bibliography(renders):
    cited = {"blocks": [{"t": "Cite", "c": [[{"citationId": "a2001"}, {"citationId": "fig:x"}], []]}]}
    findings, _ = verify(*renders(cited=cited))
    assert codes(findings) == ["verify-bibliography"] and "'a2001'" in findings[0].message


def test_separator_notes_do_not_count_and_a_mismatch_is_an_error(renders):
    findings, counts = verify(*renders(notes=2))
    assert codes(findings) == ["verify-notes"] and counts["docx_notes"] == 2


def test_a_failing_verify_publishes_nothing(renders, tmp_path):
    pdf, d, t, c, w = renders(typ="??")
    out = tmp_path / "published.pdf"
    argv = ["--pdf", str(pdf), "--docx", str(d), "--typst-source", str(t), "--cited", str(c)]
    argv += ["--citeproc-warnings", str(w), "--publish-pdf", str(out), "-o", str(tmp_path / "v.json")]
    assert run(argv) == 1 and not out.exists()
    t.write_text("#footnote[x]", encoding="utf-8")
    assert run(argv) == 0 and out.read_bytes() == pdf.read_bytes()


def test_pdf_pages_reads_the_root_page_tree_and_falls_back_to_pypdf(tmp_path):
    import pypdf

    from scripts.check.verify import pdf_pages

    flat = tmp_path / "flat.pdf"
    # Typst's form: the root page tree as a plain object; an outline /Count must not be taken
    flat.write_bytes(
        b"%PDF-1.7\n1 0 obj\n<</Type/Pages/Count 49/Kids[3 0 R]>>\nendobj\n2 0 obj\n<</Count 7/First 4 0 R>>\n"
    )
    assert pdf_pages(flat) == 49
    writer = pypdf.PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=100, height=100)
    real = tmp_path / "real.pdf"
    with real.open("wb") as fh:
        writer.write(fh)
    assert pdf_pages(real) == 3 == len(pypdf.PdfReader(real).pages)
    (tmp_path / "junk.pdf").write_bytes(b"not a pdf")
    assert pdf_pages(tmp_path / "junk.pdf") is None


def test_a_pdf_open_in_a_viewer_keeps_the_last_good_one_and_says_where_the_new_one_is(
    renders, tmp_path, monkeypatch, capsys
):
    """Windows refuses to replace a file a viewer holds open (os.replace
    raises PermissionError): one line, exit 1, the old PDF untouched, the
    DOCX (not open) published here (in the workflow Snakemake then restores
    it, so both stay the last good build), no temporary file left."""
    import os

    from scripts.check import verify as verify_module

    pdf, d, t, c, w = renders()
    out_pdf, out_docx = tmp_path / "build" / "thesis.pdf", tmp_path / "build" / "thesis.docx"
    out_pdf.parent.mkdir()
    out_pdf.write_bytes(b"%PDF last good build")
    real_replace = os.replace

    def held_open(src, dst):
        if str(dst) == str(out_pdf):
            raise PermissionError(13, "The process cannot access the file because it is being used by another process")
        return real_replace(src, dst)

    monkeypatch.setattr(verify_module.os, "replace", held_open)
    argv = ["--pdf", str(pdf), "--docx", str(d), "--typst-source", str(t), "--cited", str(c)]
    argv += ["--citeproc-warnings", str(w), "--publish-pdf", str(out_pdf), "--publish-docx", str(out_docx)]
    report = tmp_path / "v.json"
    assert run([*argv, "-o", str(report)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == (
        f"{out_pdf.as_posix()}: error: could not be replaced, it is open elsewhere — close it in your PDF viewer"
        f" and build again; the new build is at {pdf.as_posix()}"
    )
    assert out_pdf.read_bytes() == b"%PDF last good build"
    assert out_docx.read_bytes() == d.read_bytes()
    assert not report.exists()  # so the next build publishes again
    assert sorted(p.name for p in out_pdf.parent.iterdir()) == ["thesis.docx", "thesis.pdf"]
    monkeypatch.setattr(verify_module.os, "replace", real_replace)
    assert run([*argv, "-o", str(report)]) == 0 and out_pdf.read_bytes() == pdf.read_bytes()
