"""Load config.yaml and validate it against schemas/config.schema.yaml.

Errors name the line of the offending key (found from the YAML node marks),
the bad value and the allowed ones, instead of a jsonschema traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scripts.common import (
    ROOT,
    ThesisError,
    finding,
    load_yaml,
    main_guard,
    node_line,
    rel,
    schema_findings,
    write_atomic,
)

SCHEMA = ROOT / "schemas" / "config.schema.yaml"


# Snakemake validates config.yaml at start-up and every step that reads it
# would validate it again (jsonschema's import alone is 0.1 s, on every edit
# build's path). A valid config leaves its fingerprint here; the same config
# and schema are not validated twice.
VALID_STAMP = Path("build/cache/config-valid")


def _fingerprint(config, schema_path) -> str:
    import hashlib
    import json

    h = hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode("utf-8"))
    h.update(Path(schema_path).read_bytes())
    return h.hexdigest()


def command_line_value(value):
    """`--config strict=true`: Snakemake hands "true" on as a string; the
    author means YAML's true."""
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def validate(config, path="config.yaml", schema_path=SCHEMA):
    fingerprint = _fingerprint(config, schema_path)
    try:
        if VALID_STAMP.read_text(encoding="utf-8") == fingerprint:
            return config
    except OSError:
        pass
    findings = schema_findings(config, schema_path, path, "config-schema")
    if findings:
        raise ThesisError(findings)
    try:
        write_atomic(VALID_STAMP, fingerprint)
    except OSError:  # a read-only checkout still builds; it just validates again
        pass
    return config


def unfinished(config, path="config.yaml") -> list[dict]:
    """Every value left null (the logo too: the title page shows a placeholder): key and line."""
    found = []

    def walk(obj, keys):
        if isinstance(obj, dict):
            for k, v in obj.items():
                walk(v, keys + [k])
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, keys + [i])
        elif obj is None and keys:
            found.append({"key": ".".join(map(str, keys)), "line": node_line(path, keys)[0]})

    walk(config, [])
    return found


def handed_on(config, path="config.yaml") -> dict:
    """What build/config.json holds: the validated config, where it came
    from and its unfinished values, so no later step parses config.yaml."""
    return {"source": rel(path), "config": config, "unfinished": unfinished(config, path)}


def read_config(path="config.yaml") -> dict:
    """build/config.json as the front_pages step wrote it, or (run by hand)
    the same read from config.yaml."""
    if str(path).endswith(".json"):
        import json

        return json.loads(Path(path).read_text(encoding="utf-8"))
    return handed_on(load_config(path), path)


def load_config(path="config.yaml") -> dict:
    """The validated config, from config.yaml or from build/config.json."""
    if str(path).endswith(".json"):
        return read_config(path)["config"]
    config = load_yaml(path)
    if not isinstance(config, dict):
        raise ThesisError(
            finding(
                rel(path), "config must be a mapping of keys to values", "start from the config.yaml in the repository"
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
