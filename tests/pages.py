"""Look at rendered pages: blank areas of the text block, measured on
images of the pages (pdftoppm), and the pages' text (pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

PT_PER_CM = 72 / 2.54


def have_poppler() -> bool:
    return bool(shutil.which("pdftoppm") and shutil.which("pdftotext"))


def page_texts(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    # Typst puts a word joiner before the page numbers of contents entries
    return out.stdout.decode("utf-8").replace("\u2060", "").split("\f")[:-1]


def page_images(pdf: Path, out_dir: Path, dpi=40) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf), str(out_dir / "p")], check=True)
    return sorted(out_dir.glob("p-*.png"))


def largest_blank_fraction(image: Path, margins_cm: dict, threshold=200) -> float:
    """The tallest run of blank rows inside the text block, as a fraction
    of the block's height (footnotes are inside the block)."""
    from PIL import Image

    im = Image.open(image).convert("L")
    w, h = im.size
    scale = h / (29.7 * PT_PER_CM)  # pixels per point, A4
    top = round(margins_cm["top"] * PT_PER_CM * scale)
    bottom = h - round(margins_cm["bottom"] * PT_PER_CM * scale)
    left = round(margins_cm["left"] * PT_PER_CM * scale)
    right = w - round(margins_cm["right"] * PT_PER_CM * scale)
    px = im.load()
    run = best = 0
    for y in range(top, bottom):
        if all(px[x, y] >= threshold for x in range(left, right)):
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best / (bottom - top)


def footnote_numbers(pdf: Path) -> list[tuple[list[int], list[int]]]:
    """Per page, the footnote numbers as a reader sees them, from the
    characters' sizes and positions (pdfminer): (markers, entries). A
    number is a run of digits set smaller than its line's text and raised
    above its baseline (a superscript); an entry's stands first on its line
    (the note at the foot), a marker's after a word. Digits of a figure's
    own labels are no superscripts of a line and are not counted."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTTextLine

    def lines(obj):
        if isinstance(obj, LTTextLine):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from lines(child)

    out = []
    for page in extract_pages(str(pdf), laparams=LAParams()):
        found = []  # (top, x, number, is_entry)
        for line in lines(page):
            chars = [c for c in line if isinstance(c, LTChar)]
            if not chars:
                continue
            size = max(c.size for c in chars)
            base = min(c.y0 for c in chars if c.size == size)
            digits, first = "", True
            for c in [*chars, None]:
                small = c is not None and c.get_text().isdigit() and c.size < 0.8 * size and c.y0 > base + 0.15 * size
                if small:
                    if not digits:
                        start, entry = c, first
                    digits += c.get_text()
                elif digits:
                    found.append((-start.y1, start.x0, int(digits), entry))
                    digits = ""
                if c is not None and c.get_text().strip():
                    first = first and small
        found.sort()
        out.append(([n for *_, n, e in found if not e], [n for *_, n, e in found if e]))
    return out
