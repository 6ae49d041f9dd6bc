"""The step runner (scripts/step.py): a rule's command becomes argv words
without a shell, whatever the fields hold."""

import sys

from snakemake.iocontainers import Namedlist

from scripts import step


def _params(**kwargs):
    params = Namedlist()
    for key, value in kwargs.items():
        params.append(value)
        params._add_name(key)
    return params


def test_fields_inside_a_longer_word_reach_attributes_and_items_of_params():
    ns = {"params": _params(plan={"id": "2026-12-04-abc123"}, since="", bib="references.bib")}
    argv = step.argv(
        "python -m scripts.drafts.publish --stage build/drafts/{params.plan[id]} --since={params.since} --bibliography {params.bib}",
        ns,
    )
    assert argv == [
        sys.executable,
        "-m",
        "scripts.drafts.publish",
        "--stage",
        "build/drafts/2026-12-04-abc123",
        "--since=",
        "--bibliography",
        "references.bib",
    ]


def test_a_whole_word_list_field_is_one_argument_per_item_and_inside_a_word_joined():
    ns = {"input": _params(md=["chapters/a b.md", r"chapters\c.md"]), "params": _params(strict="")}
    assert step.argv("pandoc {input.md} {params.strict} --x={input.md}", ns)[1:] == [
        "chapters/a b.md",
        r"chapters\c.md",
        r"--x=chapters/a b.md chapters\c.md",
    ]


def test_a_failing_step_shows_its_log_and_raises(tmp_path, capsys):
    log = tmp_path / "logs" / "x.log"
    code = "import sys; sys.stderr.write('chapters/a.md:3:1: error: bad — fix it\\n'); sys.exit(1)"
    try:
        step.execute([[sys.executable, "-c", code]], log, rule="x")
    except step.StepFailed as exc:
        assert "its log: " in str(exc)
    else:
        raise AssertionError("no StepFailed")
    assert capsys.readouterr().err == "chapters/a.md:3:1: error: bad — fix it\n"
    assert log.read_text(encoding="utf-8") == "chapters/a.md:3:1: error: bad — fix it\n"


def test_a_hung_step_is_stopped_in_one_line(tmp_path, capsys):
    log = tmp_path / "x.log"
    try:
        step.execute([[sys.executable, "-c", "import time; time.sleep(30)"]], log, rule="x", timeout=0.5)
    except step.StepFailed:
        pass
    else:
        raise AssertionError("no StepFailed")
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: step x did not finish within 0.5 s")
