"""scripts/step.py fills a command's fields from the rule's namespaces, as
Snakemake's shell did: a field that is a whole word gives one argument per
item; a field inside a longer word is joined with spaces, after its
attributes and indices are looked up (``params`` is itself a list)."""

from __future__ import annotations

from snakemake.iocontainers import Namedlist

from scripts import step


def params(**named):
    return Namedlist(fromdict=named)  # as Snakemake hands a rule its params and input


def test_a_field_inside_a_word_reaches_into_params():
    ns = {"params": params(plan={"id": "2026-01-10-abc1234"}, since="")}
    assert step.argv("x --stage build/drafts/{params.plan[id]} --since={params.since}", ns) == [
        "x",
        "--stage",
        "build/drafts/2026-01-10-abc1234",
        "--since=",
    ]


def test_a_list_inside_a_word_is_joined_and_a_whole_word_list_is_spread():
    ns = {"input": params(files=["a.md", "b.md"])}
    assert step.argv("x --files={input.files} {input.files}", ns) == ["x", "--files=a.md b.md", "a.md", "b.md"]
