"""A passage of the thesis -> the line of the chapter it stands in now,
through scripts/locate.py (the one source locator). Used by changes.html
(a link per changed paragraph) and by the feedback (a line per comment)."""

from __future__ import annotations

import json
import re
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
        # (position, words, the chapter's SourceMap, the block)
        self.paragraphs: list[tuple[Position, list[str], SourceMap, dict]] = []
        for md, ast in chapters:
            tree = json.loads(Path(ast).read_text(encoding="utf-8"))
            src = SourceMap(md, tree)
            for pos, block, text in src.paragraphs():
                self.paragraphs.append((pos, normal_words(text), src, block))
            for block in self._notes(tree):
                self.paragraphs.append((src.block(block), normal_words(_text(block)), src, block))

    @staticmethod
    def _notes(tree):
        """A footnote's paragraphs (written by the author, not by citeproc)."""
        from scripts.pandoc_ast import elements

        for el in elements(tree.get("blocks", [])):
            if el["t"] == "Note":
                yield from el["c"]

    def find(self, text: str, source: str | None = None) -> Position | None:
        """The paragraph ``text`` stands in (or is most like), None when no
        paragraph of the current chapters holds it any more."""
        entry = self.entry(text, source)
        return entry[0] if entry else None

    def find_cite(self, text: str, key: str) -> Position | None:
        """Where ``@key`` is cited in the paragraph ``text`` stands in."""
        entry = self.entry(text)
        if not entry:
            return None
        return entry[2].search(r"(?<![\w@])@\{?" + re.escape(key) + r"(?![\w:.#$%&\-+?<>~/]*\w)", entry[3])

    def entry(self, text: str, source: str | None = None, nth: int = 0):
        """The paragraph entry ``text`` stands in; of several that hold it,
        the ``nth`` (a passage the draft has twice: its second place)."""
        words = normal_words(text)
        if not words:
            return None
        best, score = None, 0.0
        holding = []
        for entry in self.paragraphs:
            pos, para = entry[0], entry[1]
            if source and pos.path != source:
                continue
            if _contains(para, words):
                holding.append(entry)
                if len(holding) > nth:
                    return entry
                continue
            if abs(len(para) - len(words)) > max(len(para), len(words)) * 0.6:
                continue
            r = SequenceMatcher(None, words, para, autojunk=False).ratio()
            if r > score:
                best, score = entry, r
        if holding:
            return holding[-1]
        return best if score >= LIKE else None


def _text(block) -> str:
    from scripts.pandoc_ast import text

    return text(block, notes=False)


def _contains(para: list[str], words: list[str]) -> bool:
    n = len(words)
    if n > len(para):
        return False
    first = words[0]
    return any(para[i] == first and para[i : i + n] == words for i in range(len(para) - n + 1))
