"""This repository as a copier template (copier.yml, skeleton/): a new
thesis made with `copier copy` builds at once to a PDF and DOCX in its
language with none of this thesis's content, publishes a first draft, and
its pipeline tests pass; APA gives author-date citations; `copier update`
after a pipeline commit brings the change and leaves the student's
chapters, data, bibliography and configuration byte for byte.

The template is this working tree, committed into a temporary repository
(copier copies from a git commit). Runs copier in this Python; skips where
git or copier is missing. Not copied into a new thesis (copier.yml's
_exclude): a new thesis is not a template."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, env, snakemake

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / "copier.yml").exists(), reason="not the template repository"),
]
pytest.importorskip("copier")

GIT_ID = ["-c", "user.name=Template Tests", "-c", "user.email=tests@example.invalid"]
THIS_THESIS = ("ntb", "zhejiang", "nusa tenggara", "sister province", "mataram", "masoed", "jatmika")
STUDENTS = ["chapters", "data", "references.bib", "config.yaml"]


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *GIT_ID, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", check=True, env=env()
    ).stdout


def run_copier(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "copier", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        # PWD as a shell sets it: relative paths (logo, template) are the student's
        env={**env(), "PWD": str(cwd), "GIT_AUTHOR_NAME": "Student", "GIT_AUTHOR_EMAIL": "s@example.invalid"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """This working tree (tracked and new files, not what .gitignore leaves
    out) as the one commit of a fresh repository."""
    if subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("this repository is not a git work tree")
    src = tmp_path_factory.mktemp("template") / "thesis-template"
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        s = ROOT / name
        if s.is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(s, src / name)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-qm", "template")
    return src


def new_thesis(template: Path | str, dst: Path, **answers: str) -> Path:
    data = [a for k, v in answers.items() for a in ("--data", f"{k}={v}")]
    run_copier("copy", "--trust", "--defaults", "--vcs-ref", "HEAD", *data, str(template), str(dst), cwd=dst.parent)
    return dst


def pdf_text(pdf: Path) -> str:
    import pypdf

    return "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(pdf).pages)


def student_files(project: Path) -> dict[str, str]:
    out = {}
    for name in STUDENTS:
        p = project / name
        for f in sorted(p.rglob("*")) if p.is_dir() else [p]:
            if f.is_file():
                out[f.relative_to(project).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def english(template, tmp_path_factory) -> Path:
    project = new_thesis(
        template,
        tmp_path_factory.mktemp("en") / "my-thesis",
        title="Rivers and Ports: A Test Thesis",
        author="Jane Student",
        language="en",
    )
    proc = snakemake(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return project


def test_a_new_thesis_has_the_layout_and_none_of_this_thesis(english):
    for name in ["Snakefile", "rules", "scripts", "filters", "templates", "schemas", "tests", "environment.yml"]:
        assert (english / name).exists(), name
    for name in ["README.md", ".ci/run", ".github/workflows", "requirements.txt", ".copier-answers.yml"]:
        assert (english / name).exists(), name
    for name in ["skeleton", "copier.yml", "README.md.jinja", "bench", "tests/thesis", "tests/test_template.py"]:
        assert not (english / name).exists(), name
    chapters = sorted(p.name for p in (english / "chapters").glob("*.md"))
    assert [c[:2] for c in chapters] == ["01", "02", "03", "04", "05", "a1", "f1", "f2"], chapters
    for rel in student_files(english):
        text = (english / rel).read_text(encoding="utf-8", errors="replace").lower()
        assert not [w for w in THIS_THESIS if w in text], rel
    assert git(english, "status", "--porcelain").strip() == ""  # the first commit holds it all
    assert "copier copy" in git(english, "log", "--format=%s")


def test_an_english_thesis_builds_with_its_title_author_and_labels(english):
    import docx
    import pypdf

    pdf = english / "build" / "thesis.pdf"
    meta = pypdf.PdfReader(pdf).metadata
    assert (meta.title, meta.author) == ("Rivers and Ports: A Test Thesis", "Jane Student")
    text = pdf_text(pdf)
    for label in ["CHAPTER I", "CHAPTER V", "BIBLIOGRAPHY", "Figure 1.1", "APPENDIX 1", "CONTENTS"]:
        assert label in text, label
    for word in ["BAB I", "DAFTAR PUSTAKA", "Gambar", "LAMPIRAN"]:
        assert word not in text, word
    assert not [w for w in THIS_THESIS if w in text.lower()]
    assert "[BELUM DIISI: university logo]" in text  # no logo given: the placeholder
    d = docx.Document(english / "build" / "thesis.docx")
    assert (d.core_properties.title, d.core_properties.author) == ("Rivers and Ports: A Test Thesis", "Jane Student")
    paras = "\n".join(p.text for p in d.paragraphs)
    assert "CHAPTER I" in paras and "BIBLIOGRAPHY" in paras and "Figure 1.1" in paras


def test_a_new_thesis_counts_its_markers_and_passes_its_pipeline_tests(english):
    markers = (english / "build" / "checks" / "markers.txt").read_text(encoding="utf-8")
    assert "chapters/01-introduction.md" in markers and "config.yaml" in markers
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_config.py",
            "tests/test_locate.py",
        ],
        cwd=english,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env(),
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " passed" in proc.stdout


def test_a_new_thesis_publishes_its_first_draft(english):
    proc = snakemake(english, "draft")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (draft,) = [p for p in (english / "drafts").iterdir() if p.is_dir()]
    assert (draft / "thesis.pdf").is_file() and (draft / "thesis.docx").is_file()
    assert draft.name in (english / "drafts" / "index.html").read_text(encoding="utf-8")


def test_indonesian_and_apa_give_author_date_citations_and_a_reference_list(template, tmp_path):
    project = new_thesis(
        template,
        tmp_path / "tesis",
        title="Sungai dan Pelabuhan",
        author="Siti Mahasiswa",
        language="id",
        citation_style="apa",
    )
    assert yaml.safe_load((project / "config.yaml").read_text(encoding="utf-8"))["citations"]["style"] == "apa"
    proc = snakemake(project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = " ".join(pdf_text(project / "build" / "thesis.pdf").split())
    for label in ["BAB I", "BAB V", "DAFTAR PUSTAKA", "Gambar 1.1", "LAMPIRAN"]:
        assert label in text, label
    assert "(Creswell, 2014, hlm. 4)" in text  # in the text, no footnote
    refs = text.rsplit("DAFTAR PUSTAKA", 1)[1]
    assert "Creswell, J. W. (2014). Research Design" in refs


def test_copier_update_brings_a_pipeline_fix_and_keeps_the_students_files(template, tmp_path):
    tpl = tmp_path / "template"
    shutil.copytree(template, tpl)  # the module's template stays as it was
    project = new_thesis(tpl, tmp_path / "thesis", title="A Thesis", author="A Student", language="en")
    chapter = project / "chapters" / "01-introduction.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nMy own paragraph.\n", encoding="utf-8")
    (project / "references.bib").write_text("@book{mine2020, title = {Mine}, year = {2020}}\n", encoding="utf-8")
    git(project, "commit", "-qam", "my chapter")
    before = student_files(project)
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))

    fix = "\n# a fix to the pipeline, committed in the template\n"
    console = tpl / "scripts" / "console.py"
    console.write_text(console.read_text(encoding="utf-8") + fix, encoding="utf-8")
    (tpl / "chapters").mkdir(exist_ok=True)
    (tpl / "chapters" / "01-pendahuluan.md").write_text("# Another thesis's chapter\n", encoding="utf-8")
    git(tpl, "commit", "-qam", "pipeline fix")

    run_copier("update", "--trust", "--defaults", "--vcs-ref", "HEAD", cwd=project)
    assert (project / "scripts" / "console.py").read_text(encoding="utf-8").endswith(fix)
    assert student_files(project) == before
    assert not (project / "chapters" / "01-pendahuluan.md").exists() and not (project / "skeleton").exists()
    after = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert after.pop("_commit") != answers.pop("_commit") and after == answers
    changed = {line[3:] for line in git(project, "status", "--porcelain").splitlines()}
    assert changed == {"scripts/console.py", ".copier-answers.yml"}, changed


def test_a_clash_with_the_students_own_pipeline_edit_is_shown_as_copier_shows_it(template, tmp_path):
    tpl = tmp_path / "template"
    shutil.copytree(template, tpl)
    project = new_thesis("template", tmp_path / "thesis", language="en")  # a relative path, recorded absolute
    assert yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))["_src_path"] == tpl.as_posix()
    console = "scripts/console.py"
    old = '"pdf": "PDF (Typst)",'
    for where, new, msg in ((project, '"pdf": "PDF (Typst, mine)",', "mine"), (tpl, '"pdf": "the PDF",', "fix")):
        p = where / console
        p.write_text(p.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        git(where, "commit", "-qam", msg)
    run_copier("update", "--trust", "--defaults", "--vcs-ref", "HEAD", cwd=project)
    text = (project / console).read_text(encoding="utf-8")
    assert (
        '<<<<<<< before updating\n    "pdf": "PDF (Typst, mine)",\n=======\n    "pdf": "the PDF",\n>>>>>>> after updating'
        in text
    )
