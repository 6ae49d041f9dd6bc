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

    @property
    def ast(self) -> str:
        return f"build/ast/{self.name}.json"


def role_of(prefix: str) -> str:
    return ROLE.get(prefix[0], "body")


def discover(folder="chapters"):
    """Chapters in document order, and file names that do not follow the scheme."""
    chapters, strays = [], []
    for path in sorted(Path(folder).glob("*.md")):
        m = PATTERN.match(path.name)
        if not m:
            strays.append(path)
            continue
        prefix = m["prefix"]
        number = int(prefix.lstrip("fa"))
        chapters.append(Chapter(path, path.stem, role_of(prefix), number))
    chapters.sort(key=lambda c: (ORDER[c.role], c.number, c.name))
    return chapters, strays
