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
