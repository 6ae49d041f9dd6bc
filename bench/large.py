"""Generate the large-thesis variant: the real project plus 16 chapters of
body text made from BAB I (figures dropped, labels renamed), about 17x the
text with the same density of citations."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

MACHINERY = [
    "Snakefile",
    "rules",
    "scripts",
    "filters",
    "templates",
    "schemas",
    "profiles",
    "environment.yml",
    "config.yaml",
    "references.bib",
    "chapters",
    "data",
]


def copy_project(root: Path, dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    for name in MACHINERY:
        s = root / name
        if s.is_dir():
            shutil.copytree(s, dst / name, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
        elif s.exists():
            shutil.copy2(s, dst / name)
    return dst


def body_chapter(source: str, n: int) -> str:
    text = re.sub(r"(?m)^!\[.*$", "", source)  # figures: one set is enough
    text = re.sub(r"\s*\(@fig:[\w-]+\)", "", text)
    text = re.sub(r"@fig:[\w-]+", "gambar di atas", text)
    text = re.sub(r"\{#sec:([\w-]+)\}", lambda m: f"{{#sec:{m.group(1)}-{n}}}", text)
    text = re.sub(r"@sec:([\w-]+)", lambda m: f"@sec:{m.group(1)}-{n}", text)
    text = re.sub(r"(?m)^# Pendahuluan.*$", f"# Bab Uji Beban {n}", text)
    return text


def make_large(root: Path, dst: Path, extra: int = 16) -> Path:
    copy_project(root, dst)
    src = (root / "chapters" / "01-pendahuluan.md").read_text(encoding="utf-8")
    for i in range(extra):
        n = 6 + i
        (dst / "chapters" / f"{n:02d}-uji-beban-{n}.md").write_text(body_chapter(src, n), encoding="utf-8")
    return dst


def words(folder: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in (folder / "chapters").glob("*.md"))
