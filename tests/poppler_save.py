"""Annotations saved by poppler-glib, the library Evince (GNOME Papers) saves
its annotations with: text markup with quadrilaterals, sticky notes, the
author as the label. Run by a Python that has PyGObject and poppler's
introspection data (Debian: python3-gi gir1.2-poppler-0.18), not the venv:

    /usr/bin/python3 tests/poppler_save.py IN.pdf SPEC.json OUT.pdf
"""

import json
import sys

import gi

gi.require_version("Poppler", "0.18")
from gi.repository import GLib, Poppler  # noqa: E402

src, spec_file, out = sys.argv[1:]
doc = Poppler.Document.new_from_file(GLib.filename_to_uri(src, None), None)
with open(spec_file, encoding="utf-8") as fh:
    spec = json.load(fh)
for a in spec:
    page = doc.get_page(a["page"])
    rect = Poppler.Rectangle()
    rect.x1, rect.y1, rect.x2, rect.y2 = a["rect"]
    if a["type"] in ("highlight", "strikeout", "underline", "squiggly"):
        quads = []
        qp = a["quadPoints"]  # acrobat order: UL UR LL LR
        for k in range(0, len(qp), 8):
            q = Poppler.Quadrilateral()
            for i, name in enumerate(("p1", "p2", "p3", "p4")):
                pt = Poppler.Point()
                pt.x, pt.y = qp[k + 2 * i], qp[k + 2 * i + 1]
                setattr(q, name, pt)
            quads.append(q)
        markup = Poppler.AnnotTextMarkup
        make = {
            "highlight": markup.new_highlight,
            "strikeout": markup.new_strikeout,
            "underline": markup.new_underline,
            "squiggly": markup.new_squiggly,
        }[a["type"]]
        annot = make(doc, rect, quads)
    elif a["type"] == "note":
        annot = Poppler.AnnotText.new(doc, rect)
        annot.set_icon(Poppler.ANNOT_TEXT_ICON_NOTE)
    if a.get("contents"):
        annot.set_contents(a["contents"])
    if a.get("user"):
        annot.set_label(a["user"])
    page.add_annot(annot)
doc.save(GLib.filename_to_uri(out, None))
