"""Diagram specs (data/diagrams/*.yaml): read and validated, once per build,
by the `data` rule (scripts/data.py). The schema first, then what it cannot
say: the id is the file name, a final diagram draws the source's lines,
relations and flows join known actors and steps, the human alt sentence
names only drawn relations.
"""

from __future__ import annotations

from pathlib import Path

from scripts.common import ROOT, Finding, ThesisError, finding, load_yaml, node_line, rel, schema_findings
from scripts.diagram_text import undrawn_relations

SCHEMA = ROOT / "schemas" / "diagram.schema.yaml"
LEGEND = "_legend.yaml"


def spec_files(folder="data/diagrams"):
    return sorted(p for p in Path(folder).glob("*.yaml") if not p.name.startswith("_"))


def validate_spec(spec, path, vocab=None) -> list[Finding]:
    """Findings for one spec; ``vocab`` is the legend (read beside the spec
    when not given)."""
    path = Path(path)
    where = rel(path)
    if not isinstance(spec, dict):
        return [finding(where, "a diagram spec must be a mapping", "start from an existing spec")]
    findings = schema_findings(spec, SCHEMA, path, "diagram-schema", noun="field")
    if findings:
        return findings

    def err(keys, message, fix):
        line, col = node_line(path, keys)
        findings.append(finding((where, line, col), message, fix, "diagram-spec"))

    if spec["id"] != path.stem:
        err(["id"], f"id {spec['id']!r} differs from the file name {path.stem!r}", f"write id: {path.stem}")
    if spec["status"] == "final" and spec.get("edges") != "source":
        err(
            ["status"],
            "status: final, but the lines are not drawn from a picture in the source",
            "write status: draft for a reconstruction, or edges: source with the source's page",
        )
    if vocab is None and spec["kind"] == "relations":
        vocab = load_yaml(path.parent / LEGEND)
    for pair in undrawn_relations(spec, vocab or {}):
        err(["alt"], f"alt names the relation {pair}, which the diagram does not draw", "draw it or reword the alt")
    if spec["kind"] == "relations":
        actors = [a["id"] for a in spec["actors"]]
        groups = {g["id"] for g in spec.get("groups", [])}
        for i, a in enumerate(spec["actors"]):
            if actors.count(a["id"]) > 1:
                err(["actors", i, "id"], f"actor {a['id']!r} is defined twice", "give each actor its own id")
            if a.get("group") and a["group"] not in groups:
                err(
                    ["actors", i, "group"],
                    f"actor {a['id']!r} names unknown group {a['group']!r}",
                    f"use one of: {', '.join(sorted(groups)) or '(define groups first)'}",
                )
        for i, r in enumerate(spec["relations"]):
            for end in ("from", "to"):
                if r[end] not in actors:
                    err(
                        ["relations", i, end],
                        f"relation {end} {r[end]!r} is not an actor of this diagram",
                        f"use one of: {', '.join(actors)}",
                    )
    else:
        steps = [s["id"] for s in spec["steps"]]
        for i, f in enumerate(spec["flows"]):
            for end in ("from", "to"):
                if f[end] not in steps:
                    err(["flows", i, end], f"flow {end} {f[end]!r} is not a step", f"use one of: {', '.join(steps)}")
    return findings


def load_specs(folder="data/diagrams", vocab=None):
    """All specs, validated; raises one ThesisError listing every problem.
    ``folder`` may also be the list of spec files (as the workflow hands
    them, with the legend as ``vocab``)."""
    specs, findings = [], []
    for path in spec_files(folder) if isinstance(folder, (str, Path)) else map(Path, folder):
        spec = load_yaml(path)
        problems = validate_spec(spec, path, vocab)
        findings += problems
        if not problems:
            specs.append((path, spec))
    if findings:
        raise ThesisError(findings)
    return specs
