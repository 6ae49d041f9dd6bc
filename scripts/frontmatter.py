"""Render the config-driven front pages (title, approval, statement) to Markdown.

A config value left null is printed as a visible draft marker
(``[BELUM DIISI: …]{.todo}``), so an unfinished title page can never pass
for a finished one, and the build counts it with the other markers.
"""

from __future__ import annotations

import sys

from scripts.common import main_guard, write_atomic


def placeholder(what: str) -> str:
    return f"[BELUM DIISI: {what}]{{.todo}}"


def value(v, what: str) -> str:
    if v is None or (isinstance(v, str) and not v.strip()):
        return placeholder(what)
    return str(v)


MONTHS = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split()


def tanggal(v, what: str, months=MONTHS) -> str:
    """An ISO date (YYYY-MM-DD, as the schema asks) as Indonesian write it:
    "31 Januari 2026" (``months``: the language's month names); null is a
    placeholder."""
    if v is None or (isinstance(v, str) and not v.strip()):
        return placeholder(what)
    year, month, day = str(v).split("-")
    return f"{int(day)} {months[int(month) - 1]} {year}"


def template_for(template_path: str, config: dict) -> str:
    """The front pages' template in the thesis's language:
    ``frontmatter.md.j2`` (Indonesian) or ``frontmatter.en.md.j2`` beside it."""
    from pathlib import Path

    from scripts.labels import language

    lang = language(config)
    if lang == "id":
        return template_path
    p = Path(template_path)
    return str(p.with_name(p.name.replace(".md.j2", f".{lang}.md.j2")))


def check_logo(config: dict, path: str) -> None:
    """A logo that is named must exist: the title page would lose it."""
    from pathlib import Path

    logo = (config.get("thesis") or {}).get("logo")
    if logo and not Path(logo).is_file():
        from scripts.common import fail, node_line

        where = node_line(path, ["thesis", "logo"]) if Path(path).exists() else (1, 1)
        fail(
            path,
            *where,
            f"thesis.logo file {logo!r} does not exist",
            "give the path of the logo image from the project folder, or null",
        )


DEFAULT_HEAD = {"role": "Ketua Program Studi", "name": None}


def upper_value(v: str) -> str:
    """Upper-case a title-page line, but not a placeholder: its class and
    wording must stay as the marker filter and the check expect them."""
    return v if v.startswith("[BELUM DIISI:") else v.upper()


def render(config: dict, template_path: str) -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader("."),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown, not HTML
    )
    env.filters["value"] = value
    from scripts.labels import labels

    months = labels(config)["months"]
    env.filters["tanggal"] = lambda v, what: tanggal(v, what, months)
    env.filters["upper_value"] = upper_value
    template = env.get_template(template_for(template_path, config).replace("\\", "/"))
    people = {
        "supervisors": [],
        "examiners": [],
        "exam_date": None,
        "programme_head": DEFAULT_HEAD,
        **config.get("people", {}),
    }
    return template.render(thesis=config["thesis"], people=people)


@main_guard
def run(argv=None) -> int:
    import argparse

    from scripts.config import load_config

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--config", default="config.yaml")
    ap.add_argument("--template", default="templates/frontmatter.md.j2")
    ap.add_argument("--config-out", help="hand the validated config on here (build/config.json)")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    config = load_config(args.config)
    check_logo(config, args.config)
    write_atomic(args.output, render(config, args.template))
    if args.config_out:  # this step reads config.yaml for every later one
        from scripts.common import write_json
        from scripts.config import handed_on

        write_json(args.config_out, handed_on(config, args.config))
    return 0


if __name__ == "__main__":
    sys.exit(run())
