"""The words of a diagram, generated from its spec: the alt text and the
legend ("Keterangan") say what the drawing draws, because both are made from
the same actors, steps and relations the renderer draws.

A spec may add one human sentence (``alt``) after the generated text; the
check refuses it when it names a relation the diagram does not draw
(a relation is named ``X–Y``: two actors, steps or actor-kind abbreviations
joined by a dash).
"""

from __future__ import annotations

import re

DASHES = "–—-"


def words_of(words):
    """The figures' words (templates/labels.yaml), Indonesian unless given."""
    if words is None:
        from scripts.labels import figure_words

        words = figure_words()
    return words


def one_line(label: str) -> str:
    return " ".join(label.split())


def is_abbreviation(label: str) -> bool:
    """A box labelled with one short word ("G1", "RI", "IGO") needs a legend
    line; one spelled out ("Provinsi\\nNTB") says what it is."""
    return len(label.split()) == 1


def legend_entries(spec, vocab):
    """(line style or None, text) pairs for the legend, in a stable order:
    one line per relation type drawn, then one per abbreviation shown.
    ``legend_overrides`` give the source legend's own wording."""
    over = spec.get("legend_overrides", {})
    rel_over, kind_over = over.get("relation_types", {}), over.get("actor_kinds", {})
    used_types = [t for t in vocab["relation_types"] if any(r["type"] == t for r in spec["relations"])]
    lines = [(vocab["relation_types"][t], rel_over.get(t, vocab["relation_types"][t]["label"])) for t in used_types]
    abbrs, seen = [], set()
    for kind in vocab["actor_kinds"]:
        for a in spec["actors"]:
            if a["kind"] != kind or not is_abbreviation(a["label"]):
                continue
            k = vocab["actor_kinds"][kind]
            text = a.get("legend") or f"{k['abbr']} = {kind_over.get(kind, k['label'])}"
            if text not in seen:
                seen.add(text)
                abbrs.append((None, text))
    return lines + abbrs


def _relations_alt(spec, vocab, words) -> str:
    labels = {a["id"]: one_line(a["label"]) for a in spec["actors"]}
    parts = []
    for g in spec.get("groups", []):
        members = [labels[a["id"]] for a in spec["actors"] if a.get("group") == g["id"]]
        if members:
            parts.append(f"{g['label']}: {', '.join(members)}")
    outside = [labels[a["id"]] for a in spec["actors"] if not a.get("group")]
    if outside:
        parts.append(f"{words['outside_states']}: {', '.join(outside)}")
    text = f"{words['relations_alt']} " + "; ".join(parts) + "."
    rel_over = spec.get("legend_overrides", {}).get("relation_types", {})
    for t, style in vocab["relation_types"].items():
        pairs = [f"{labels[r['from']]}–{labels[r['to']]}" for r in spec["relations"] if r["type"] == t]
        if pairs:
            line = words["lines"].get(style["style"], style["style"])
            text += f" {rel_over.get(t, style['label'])} ({line}): {', '.join(pairs)}."
    return text


def _flow_alt(spec, words) -> str:
    names = {s["id"]: one_line(s["label"].split("\n")[0]) for s in spec["steps"]}
    steps = [
        one_line(s["label"]) + (f" ({words['actor']}: {one_line(s['actor'])})" if s.get("actor") else "")
        for s in spec["steps"]
    ]
    arrows = [f"{names[f['from']]} → {names[f['to']]}" for f in spec["flows"]]
    return f"{words['flow_alt']} {words['steps']}: {'; '.join(steps)}. {words['flows']}: {'; '.join(arrows)}."


def alt_text(spec, vocab, words=None) -> str:
    """The alt text: what is drawn, then the spec's own sentence if any;
    ``words``: the figures' words in the thesis's language."""
    words = words_of(words)
    text = _relations_alt(spec, vocab, words) if spec["kind"] == "relations" else _flow_alt(spec, words)
    if spec["status"] == "draft":
        text += f" {words['reconstruction']}"
    human = one_line(spec.get("alt") or "")
    return f"{text} {human}" if human else text


def _names(spec, vocab) -> dict[str, set[str]]:
    """Word in a sentence -> the ids it can stand for: an actor's id and
    label, a step's id, an actor kind's abbreviation (any actor of it)."""
    names: dict[str, set[str]] = {}
    if spec["kind"] == "relations":
        for a in spec["actors"]:
            for word in {a["id"], one_line(a["label"]).split()[-1]}:
                names.setdefault(word, set()).add(a["id"])
            abbr = vocab["actor_kinds"].get(a["kind"], {}).get("abbr")
            if abbr:
                names.setdefault(abbr, set()).add(a["id"])
    else:
        for s in spec["steps"]:
            names.setdefault(s["id"], set()).add(s["id"])
    return names


def named_pairs(sentence: str, names) -> list[tuple[str, str]]:
    """The ``X–Y`` pairs of ``sentence`` whose both ends are names."""
    pairs = []
    for m in re.finditer(rf"([\w.]+)\s?[{DASHES}]\s?([\w.]+)", sentence):
        x, y = m.group(1).strip("."), m.group(2).strip(".")
        if x in names and y in names:
            pairs.append((x, y))
    return pairs


def undrawn_relations(spec, vocab) -> list[str]:
    """Relations the human ``alt`` sentence names that the diagram does
    not draw (in either direction)."""
    names = _names(spec, vocab)
    edges = spec["relations"] if spec["kind"] == "relations" else spec["flows"]
    drawn = {frozenset((e["from"], e["to"])) for e in edges}
    missing = []
    for x, y in named_pairs(spec.get("alt") or "", names):
        if not any(frozenset((a, b)) in drawn for a in names[x] for b in names[y] if a != b):
            missing.append(f"{x}–{y}")
    return missing
