"""A passage of the thesis -> the line of the chapter it stands in now,
through scripts/locate.py (the one source locator). Used by changes.html
(a link per changed paragraph) and by the feedback (a line per comment)."""

from __future__ import annotations

import json
from difflib import SequenceMatcher
from pathlib import Path

from scripts.locate import Position, SourceMap

LIKE = 0.6  # a passage at least this like a paragraph stands in it


def normal_words(text: str) -> list[str]:
    return "".join(ch.lower() if ch.isalnum() else " " for ch in text).split()


class Passages:
    """Every paragraph (heading, caption, list item, cell, footnote) of the
    chapters, with its position in the Markdown."""

    def __init__(self, chapters):
        """``chapters``: (Markdown path, AST path) pairs."""
        self.paragraphs: list[tuple[Position, list[str]]] = []
        for md, ast in chapters:
            tree = json.loads(Path(ast).read_text(encoding="utf-8"))
            for pos, _block, text in SourceMap(md, tree).paragraphs():
                self.paragraphs.append((pos, normal_words(text)))
            for pos, words in self._notes(md, tree):
                self.paragraphs.append((pos, words))

    @staticmethod
    def _notes(md, tree):
        """A footnote's paragraphs (written by the author, not by citeproc)."""
        from scripts.pandoc_ast import elements, text

        src = SourceMap(md, tree)
        for el in elements(tree.get("blocks", [])):
            if el["t"] == "Note":
                for b in el["c"]:
                    yield src.block(b), normal_words(text(b, notes=False))

    def find(self, text: str, source: str | None = None) -> Position | None:
        """The paragraph ``text`` stands in (or is most like), None when no
        paragraph of the current chapters holds it any more."""
        words = normal_words(text)
        if not words:
            return None
        best, score = None, 0.0
        for pos, para in self.paragraphs:
            if source and pos.path != source:
                continue
            if _contains(para, words):
                return pos
            if abs(len(para) - len(words)) > max(len(para), len(words)) * 0.6:
                continue
            r = SequenceMatcher(None, words, para, autojunk=False).ratio()
            if r > score:
                best, score = pos, r
        return best if score >= LIKE else None


def _contains(para: list[str], words: list[str]) -> bool:
    n = len(words)
    if n > len(para):
        return False
    first = words[0]
    return any(para[i] == first and para[i : i + n] == words for i in range(len(para) - n + 1))
