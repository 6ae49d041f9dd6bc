"""scripts/step.py fills a step's command from the rule's namespace."""

from scripts.step import argv


class Namedlist(list):
    """What Snakemake hands a run: block as ``params``: a list with attributes."""


def test_a_field_inside_a_word_reaches_the_attributes_of_params():
    params = Namedlist(["x"])
    params.since, params.plan, params.files = "", {"id": "2026-01-10-abc1234"}, ["a b.md", "c.md"]
    got = argv(
        "python -m m --id {params.plan[id]} --since={params.since} -x={params.files} {params.files}", {"params": params}
    )
    assert got[1:] == ["-m", "m", "--id", "2026-01-10-abc1234", "--since=", "-x=a b.md c.md", "a b.md", "c.md"]
