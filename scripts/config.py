"""Load config.yaml and validate it against schemas/config.schema.yaml.

Errors name the line of the offending key (found from the YAML node marks),
the bad value and the allowed ones, instead of a jsonschema traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.common import Finding, ThesisError, load_yaml, main_guard, node_line, rel

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "config.schema.yaml"


def describe(error) -> tuple[str, str]:
    """A sentence for a jsonschema error, and how to fix it."""
    where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
    v = error.validator
    if v == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return (f"unknown key {extra[0]!r} in {where}", f"remove it or use one of: {allowed}")
    if v == "required":
        return (f"{where}: {error.message}", "add the key (null marks it as unfinished)")
    if v == "enum":
        return (f"{where} is {error.instance!r}", f"use one of: {', '.join(map(repr, error.validator_value))}")
    if v == "type":
        return (
            f"{where} is {error.instance!r}, not of type {error.validator_value}",
            f"write a value of type {error.validator_value}",
        )
    return (f"{where}: {error.message}", "see the key's description in schemas/config.schema.yaml")


def validate(config, path="config.yaml", schema_path=SCHEMA):
    import jsonschema

    schema = load_yaml(schema_path)
    validator = jsonschema.Draft202012Validator(schema)
    findings = []
    for err in sorted(validator.iter_errors(config), key=lambda e: list(map(str, e.absolute_path))):
        keys = list(err.absolute_path)
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            keys = keys + extra[:1]
        line, col = node_line(path, keys)
        msg, fix = describe(err)
        findings.append(Finding(rel(path), line, col, "error", msg, fix, "config-schema"))
    if findings:
        raise ThesisError(findings)
    return config


def load_config(path="config.yaml") -> dict:
    config = load_yaml(path)
    if not isinstance(config, dict):
        raise ThesisError(
            Finding(
                rel(path),
                1,
                1,
                "error",
                "config must be a mapping of keys to values",
                "start from the config.yaml in the repository",
            )
        )
    return validate(config, path)


@main_guard
def run(argv=None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    load_config(args[0] if args else "config.yaml")
    return 0


if __name__ == "__main__":
    sys.exit(run())
