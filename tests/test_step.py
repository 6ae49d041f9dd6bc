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
