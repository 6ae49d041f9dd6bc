"""Find chapter files by name, in order: no list to keep in sync.

``f1-kata-pengantar.md`` … front matter (roman pages, before DAFTAR ISI),
``01-pendahuluan.md`` … body chapters (BAB I, II, …),
``a1-pedoman-wawancara.md`` … appendices (LAMPIRAN, after DAFTAR PUSTAKA).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PATTERN = re.compile(r"^(?P<prefix>f[0-9]+|[0-9]{2}|a[0-9]+)-(?P<slug>[a-z0-9][a-z0-9-]*)\.md$")
ROLE = {"f": "front", "a": "appendix"}
ORDER = {"front": 0, "body": 1, "appendix": 2}


@dataclass(frozen=True)
class Chapter:
    path: Path
    name: str  # file stem, e.g. "01-pendahuluan"
    role: str  # front | body | appendix
    number: int
    ast: str  # where the chapters rule writes its AST: <ast_dir>/<name>.json


def role_of(prefix: str) -> str:
    return ROLE.get(prefix[0], "body")


def chapter(path, ast_dir="build/ast") -> Chapter | None:
    """The chapter a Markdown file is, or None when its name follows no scheme."""
    path = Path(path)
    m = PATTERN.match(path.name)
    if not m:
        return None
    prefix = m["prefix"]
    return Chapter(path, path.stem, role_of(prefix), int(prefix.lstrip("fa")), f"{ast_dir}/{path.stem}.json")


def in_order(chapters):
    return sorted(chapters, key=lambda c: (ORDER[c.role], c.number, c.name))


def discover(folder="chapters", ast_dir="build/ast"):
    """Chapters in document order, and file names that do not follow the
    scheme. Only the workflow (rules/common.smk) calls this; the steps are
    handed the chapters it found. ``ast_dir`` is where the chapters rule
    writes the ASTs."""
    chapters, strays = [], []
    for path in sorted(Path(folder).glob("*.md")):
        c = chapter(path, ast_dir)
        if c is None:
            strays.append(path)
        else:
            chapters.append(c)
    return in_order(chapters), strays
