"""scripts/step.py: a rule's command becomes an argv without a shell."""

from __future__ import annotations

import sys

from scripts import step


class Named(list):
    """What Snakemake passes as input/output/params: a list with names."""

    def __init__(self, items, **names):
        super().__init__(items)
        self.__dict__.update(names)


def test_fields_fill_whole_words_and_parts_of_words():
    ns = {
        "input": Named(["a b.md", "c.md"], md=["a b.md", "c.md"], bib="refs.bib"),
        "output": Named(["out.json"], json="out.json"),
        "params": Named([], plan={"id": "2026-01-10-abc1234"}, since="", strict=[], flags=["--x", "--y"]),
    }
    cmd = (
        "python -m scripts.x {input.md} --bib {input.bib} {params.strict} --stage build/drafts/{params.plan[id]}"
        " --since={params.since} --f={params.flags} -o {output.json}"
    )
    assert step.argv(cmd, ns) == [
        sys.executable,
        "-m",
        "scripts.x",
        "a b.md",  # a path with a space stays one argument
        "c.md",
        "--bib",
        "refs.bib",
        # an empty list is no argument at all
        "--stage",
        "build/drafts/2026-01-10-abc1234",  # params reached into inside a longer word
        "--since=",
        "--f=--x --y",
        "-o",
        "out.json",
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
