"""The words the pipeline prints in the thesis (BAB/CHAPTER, Gambar/Figure,
DAFTAR PUSTAKA/BIBLIOGRAPHY, …), from one table: templates/labels.yaml,
chosen by config.yaml's ``language``.
"""

from __future__ import annotations

from functools import cache

from scripts.common import ROOT, load_yaml

TABLE = ROOT / "templates" / "labels.yaml"
DEFAULT = "id"


@cache
def _table() -> dict:
    return load_yaml(TABLE)


def language(config: dict) -> str:
    return config.get("language") or DEFAULT


def labels(config_or_language) -> dict:
    """The label table of a config (its ``language``) or of a language code."""
    lang = config_or_language if isinstance(config_or_language, str) else language(config_or_language)
    return dict(_table()[lang])


def figure_words(language: str | None = None) -> dict:
    """The words of the figures step (drawings, alt text, evidence tables)
    in ``language`` (default: Indonesian)."""
    return dict(_table()["figures"][language or DEFAULT])
