"""Feedback: a review of a draft — its DOCX (thesis.docx or changes.docx,
saved by Word or LibreOffice) or its annotated PDF (read by
scripts/drafts/feedback_pdf.py), told apart by content — back to lines of
the chapters.

Every comment and tracked change of the reviewer becomes one item: in body
paragraphs, headings, captions, list items, table cells and footnotes; a
formatting change is reported as one; an empty insertion (LibreOffice's
anchors) and the draft's own revisions (author "draft <id>", in
changes.docx) are not. The quoted text is the commented or changed words,
with a little of the text around them when they are few. Each item points at
``chapters/<file>.md:<line>`` of the current source (found through
scripts/locate.py) or, for a cell of a table made from data, at the row of
the data file; "dihapus sejak draf" where the passage no longer exists.

    python -m scripts.drafts.feedback REVIEW.docx|REVIEW.pdf --chapters … --asts … --data data/* --md OUT.md --csv OUT.csv
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import sys
import zipfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from scripts.common import fail, main_guard, write_atomic
from scripts.drafts.revisions import NS, q
from scripts.drafts.sources import Passages

PARTS = {"word/document.xml": "body", "word/footnotes.xml": "footnote"}
CONTEXT = 40  # characters of surrounding text when the quoted words are few
FORMATS = {"i": "miring", "b": "tebal", "u": "garis bawah", "strike": "coret", "smallCaps": "kapital kecil"}
KINDS = {
    "comment": "Komentar",
    "insertion": "Sisipan",
    "deletion": "Hapusan",
    "format": "Format",
    # a PDF's annotations
    "highlight": "Sorotan",
    "underline": "Garis bawah",
    "strike-out": "Coretan",
    "squiggly": "Garis berombak",
    "caret": "Tanda sisip",
    "sticky-note": "Catatan tempel",
    "text-box": "Kotak teks",
    "ink": "Coretan tangan",
    "shape": "Bentuk",
    "stamp": "Stempel",
    "attachment": "Lampiran",
}
FIELDS = ["kind", "where", "page", "author", "date", "source", "text", "comment", "replies", "context"]


@dataclass
class Item:
    kind: str  # comment | insertion | deletion | format; a PDF's: highlight, underline, strike-out, … (KINDS)
    author: str
    date: str
    text: str  # the commented, inserted, deleted or reformatted words
    comment: str = ""  # the comment's own text; for a format change, what changed
    context: str = ""  # the paragraph's text around ``text`` when it is short
    where: str = (
        "body"  # body | heading | caption | list | cell | footnote; a PDF's also title | figure | bibliography | page
    )
    source: str = ""
    page: str = ""  # a PDF's page label (as the reader shows it: "iv", "12")
    replies: list = field(default_factory=list)  # (author, date, text) of the replies, in order
    paragraph: str = field(default="", repr=False)  # the draft's text of the paragraph
    note: str | None = field(default=None, repr=False)  # footnote id
    row: list = field(default_factory=list, repr=False)  # a table cell's row texts

    def row_dict(self) -> dict:
        d = asdict(self)
        d["replies"] = "\n".join(thread_line(r) for r in self.replies)
        return {k: d[k] for k in FIELDS}


def thread_line(reply) -> str:
    author, date, text = reply
    return f"{author or 'tanpa nama'} ({date}): {text}" if date else f"{author or 'tanpa nama'}: {text}"


# -- the file ------------------------------------------------------------------


def open_docx(path: Path) -> zipfile.ZipFile:
    if not path.exists():
        fail(str(path), 1, 1, "the file does not exist", "give the path of the reviewed .docx")
    if path.read_bytes()[:8].startswith(b"\xd0\xcf\x11\xe0"):
        fail(
            str(path),
            1,
            1,
            "the file is encrypted (password-protected) or an old .doc",
            "ask the reviewer to remove the password, or save it as .docx",
        )
    try:
        z = zipfile.ZipFile(path)
        z.getinfo("word/document.xml")
        if z.testzip() is not None:
            raise zipfile.BadZipFile
        return z
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        fail(
            str(path),
            1,
            1,
            "the file is not a readable DOCX or PDF (corrupt, or another format)",
            "open it in Word or LibreOffice and save it again as .docx (or send the annotated PDF)",
        )


def published_drafts(drafts: Path) -> list[str]:
    return (
        sorted(d.name for d in drafts.iterdir() if d.is_dir() and not d.name.startswith(".")) if drafts.is_dir() else []
    )


def draft_named(found, path: Path, drafts: Path, what: str, title: str = "") -> str:
    """The draft id a review names (scripts/drafts/identity.py), which must
    be a published draft of this thesis; else one line naming the drafts
    expected. ``title``: a PDF's title, which tells the working build of this
    thesis (build/thesis.pdf: the title, no draft) from another document."""
    known = published_drafts(drafts)
    files = "a thesis.pdf, thesis.docx or changes.docx" if what == "PDF" else "a thesis.docx or changes.docx"
    expected = f"{files} from drafts/<id>/ ({', '.join(known[-3:]) or 'no draft is published yet'})"
    if found is None and title and known and title == _draft_title(drafts / known[-1] / "thesis.pdf"):
        fail(
            str(path),
            1,
            1,
            f"this PDF is a build of this thesis (build/thesis.pdf), not a published draft: it names no draft;"
            f" expected {expected}",
            "send supervisors drafts/<id>/thesis.pdf, made by `snakemake draft` from a committed tree",
        )
    if found is None:
        fail(
            str(path),
            1,
            1,
            f"this {what} is not a draft of this thesis: its properties name no draft (subject 'draft <id>'); expected {expected}",
            f"ask for the review on the file the supervisor was sent, saved as .{what.lower()}",
        )
    if found.id not in known:
        fail(
            str(path),
            1,
            1,
            f"this {what} names draft {found.id}, which is not a draft of this thesis in drafts/; expected {expected}",
            "read the review in the repository the draft was published from",
        )
    return found.id


def _draft_title(pdf: Path) -> str:
    try:
        from scripts.drafts.identity import pdf_reader

        return str((pdf_reader(pdf.read_bytes()).metadata or {}).get("/Title") or "")
    except Exception:  # noqa: BLE001 — no title to compare with
        return ""


def draft_of(z: zipfile.ZipFile, path: Path, drafts: Path) -> str:
    from scripts.drafts.identity import of_docx

    return draft_named(of_docx(z), path, drafts, "DOCX")


# -- reading the parts --------------------------------------------------------------


def is_own(el) -> bool:
    """A revision the draft made itself (changes.docx), not the reviewer's."""
    return (el.get(q("author")) or "").startswith("draft ")


def _revision(t):
    """The nearest w:ins/w:del around a text node, if any."""
    a = t.getparent()
    while a is not None and a.tag != q("p"):
        if a.tag in (q("ins"), q("del")):
            return a
        a = a.getparent()
    return None


def draft_text(p) -> str:
    """A paragraph as the draft had it: without the reviewer's insertions,
    with the reviewer's deletions; the draft's own revisions accepted."""
    out = []
    for t in p.iter(q("t"), q("delText"), q("tab")):
        rev = _revision(t)
        if rev is not None and (rev.tag == q("ins")) != is_own(rev):
            continue
        out.append(" " if t.tag == q("tab") else t.text or "")
    return "".join(out)


def place(p, part: str) -> str:
    if part == "footnote":
        return "footnote"
    style = p.find("w:pPr/w:pStyle", NS)
    name = style.get(q("val")) if style is not None else ""
    a = p.getparent()
    while a is not None:
        if a.tag == q("tc"):
            return "cell"
        a = a.getparent()
    if name.startswith("Heading"):
        return "heading"
    if "Caption" in name:
        return "caption"
    if p.find("w:pPr/w:numPr", NS) is not None:
        return "list"
    return "body"


def row_of(p) -> list[str]:
    a = p.getparent()
    while a is not None and a.tag != q("tr"):
        a = a.getparent()
    return [" ".join(draft_text(x) for x in tc.iter(q("p"))) for tc in a.iter(q("tc"))] if a is not None else []


def note_id(p):
    a = p.getparent()
    while a is not None and a.tag != q("footnote"):
        a = a.getparent()
    return a.get(q("id")) if a is not None else None


def paragraph_items(p, part: str) -> list[Item]:
    """The reviewer's tracked changes and format changes in one paragraph;
    adjacent runs of one revision kind and author are one item; empty
    insertions (LibreOffice's anchors) are none."""
    items: list[Item] = []
    last = None  # (element, item) of the last tracked change
    for el in p.iter(q("ins"), q("del"), q("rPrChange")):
        if is_own(el) or el.getparent().tag in (q("rPr"), q("trPr")) and el.tag != q("rPrChange"):
            continue  # the draft's own, or a paragraph or row mark
        if el.tag == q("rPrChange"):
            items.append(format_item(el))
            continue
        text = "".join(t.text or "" for t in el.iter(q("t"), q("delText")))
        kind = "insertion" if el.tag == q("ins") else "deletion"
        if last and last[1].kind == kind and last[1].author == el.get(q("author")) and _adjacent(last[0], el):
            last[1].text += text
            last = (el, last[1])
        elif text.strip():
            last = (el, Item(kind, el.get(q("author"), ""), el.get(q("date"), ""), text))
            items.append(last[1])
    for item in items:
        item.text = " ".join(item.text.split())
    return [i for i in items if i.text]


def _adjacent(a, b) -> bool:
    nxt = a.getnext()
    while nxt is not None and nxt.tag in (q("bookmarkStart"), q("bookmarkEnd"), q("proofErr")):
        nxt = nxt.getnext()
    return nxt is b


def format_item(change) -> Item:
    run = change.getparent().getparent()
    new = {c.tag.split("}")[1] for c in change.getparent() if c is not change}
    old = (
        {c.tag.split("}")[1] for c in change.find(q("rPr")) if c is not None}
        if change.find(q("rPr")) is not None
        else set()
    )
    added = [FORMATS[k] for k in FORMATS if k in new - old]
    removed = [FORMATS[k] for k in FORMATS if k in old - new]
    what = ", ".join([f"+{a}" for a in added] + [f"−{r}" for r in removed]) or "format diubah"
    text = "".join(t.text or "" for t in run.iter(q("t")))
    return Item("format", change.get(q("author"), ""), change.get(q("date"), ""), text, comment=what)


def comment_texts(z) -> dict:
    """id -> (author, date, text) from word/comments.xml."""
    if "word/comments.xml" not in z.namelist():
        return {}
    out = {}
    for c in etree.fromstring(z.read("word/comments.xml")).iter(q("comment")):
        text = " ".join(" ".join(t.text or "" for t in p.iter(q("t"))) for p in c.iter(q("p")))
        out[c.get(q("id"))] = (c.get(q("author"), ""), c.get(q("date"), ""), " ".join(text.split()))
    return out


def comment_items(root, part: str, comments: dict) -> list[tuple]:
    """(paragraph, Item) of every comment anchored in a part: the words
    between its range marks (or the paragraph, for a comment on a point)."""
    open_: dict[str, list] = {}
    found = []
    for p in root.iter(q("p")):
        for el in p.iter(q("commentRangeStart"), q("commentRangeEnd"), q("commentReference"), q("t"), q("delText")):
            cid = el.get(q("id"))
            if el.tag == q("commentRangeStart"):
                open_[cid] = [p, []]
            elif el.tag == q("commentRangeEnd") and cid in open_:
                start, words = open_.pop(cid)
                found.append((start, cid, "".join(words)))
            elif el.tag == q("commentReference") and cid not in {f[1] for f in found} and cid not in open_:
                found.append((p, cid, ""))
            elif el.tag in (q("t"), q("delText")):
                rev = _revision(el)
                if rev is None or (rev.tag == q("ins")) == is_own(rev):
                    for span in open_.values():
                        span[1].append(el.text or "")
    items = []
    for p, cid, words in found:
        author, date, text = comments.get(cid, ("", "", ""))
        items.append((p, Item("comment", author, date, " ".join(words.split()), comment=text)))
    return items


def read_items(z) -> list[Item]:
    """Every item of the reviewer, part by part, in reading order."""
    comments = comment_texts(z)
    items = []
    for name, part in PARTS.items():
        if name not in z.namelist():
            continue
        root = etree.fromstring(z.read(name))
        anchored = {}
        for p, item in comment_items(root, part, comments):
            anchored.setdefault(p, []).append(item)
        for p in root.iter(q("p")):
            here = anchored.get(p, []) + paragraph_items(p, part)
            para = " ".join(draft_text(p).split())
            for item in here:
                item.where, item.paragraph, item.note = place(p, part), para, note_id(p)
                item.row = row_of(p) if item.where == "cell" else []
                item.context = context(item.text, para)
                items.append(item)
    return items


def context(words: str, para: str) -> str:
    """The paragraph around ``words`` when they are few; '' otherwise."""
    if len(words) >= CONTEXT or not para:
        return ""
    at = para.find(words) if words else -1
    if at < 0:
        return para[: 2 * CONTEXT] + ("…" if len(para) > 2 * CONTEXT else "")
    start, end = max(0, at - CONTEXT), min(len(para), at + len(words) + CONTEXT)
    return ("…" if start else "") + para[start:end] + ("…" if end < len(para) else "")


# -- where each item stands now ------------------------------------------------------


class Locator:
    """Items -> chapters/<file>.md:<line> (or a data file's row) of the current source."""

    def __init__(self, passages: Passages, data_files, note_paragraphs: dict, note_keys: dict):
        self.passages = passages
        self.data = [(str(f), Path(f).read_text(encoding="utf-8").splitlines()) for f in data_files]
        self.note_paragraphs = note_paragraphs  # footnote id -> the body paragraph referring to it
        self.note_keys = note_keys  # footnote id -> the keys its citation cites

    def data_row(self, row: list[str]) -> str | None:
        """A generated table's row: the data line its first cell names (a CSV
        row ``E07,…``, a YAML key ``H1: …`` or ``- id: E07``)."""
        key = row[0].strip() if row else ""
        if not key:
            return None
        rx = re.compile(r'^\s*(?:-\s*)?(?:id:\s*)?"?' + re.escape(key) + r'"?\s*[,:]')
        for path, lines in self.data:
            for n, line in enumerate(lines, 1):
                if rx.match(line):
                    return f"{path}:{n}"
        return None

    def unit(self, draft, u, words: str, occurrence: int = 0) -> str:
        """A unit of the draft's text (scripts/drafts/draft_text.py) -> where
        it stands now; at the line of ``words`` inside it when given."""
        if u.kind == "cell":
            row = self.data_row(u.row)
            if row:
                return row
        if u.kind == "title":
            return self.free_text(words or u.text, ("config.yaml",)) or "config.yaml"
        if u.kind == "bibliography":
            return self.bib_entry(u.entry)
        if u.kind == "footnote":
            pos = self.passages.find(u.text) if not u.keys else None
            if pos is None and u.citing is not None:
                para = draft.units[u.citing].text
                pos = self.passages.find_cite(para, u.keys[0]) if u.keys else None
                pos = pos or self.passages.find(para)
            return str(pos) if pos else "dihapus sejak draf"
        same = [x for x in draft.units[: u.n] if x.text == u.text]
        entry = self.passages.entry(u.text, nth=len(same))
        if entry is None:
            return "dihapus sejak draf"
        pos = entry[0]
        if words:
            pattern = words_pattern(words)
            if pattern:
                pos = entry[2].search(pattern, entry[3], occurrence)
        return str(pos)

    def figure(self, meta: dict, words: str) -> str:
        """A figure's drawing -> its spec (the line naming ``words`` in it)."""
        spec = meta.get("spec", "")
        if not spec:
            return "—"
        if words and Path(spec).is_file():
            found = self.free_text(words, (spec,))
            if found:
                return found
        return f"{spec}:1" if Path(spec).is_file() else spec

    def free_text(self, words: str, files=None) -> str:
        """The first line of ``files`` (default: config.yaml and the data
        files) holding ``words``: the title page, a figure's labels."""
        want = " ".join(normal_tokens(words))
        if not want:
            return ""
        for path in files or ("config.yaml", *(p for p, _ in self.data)):
            try:
                lines = Path(path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for n, line in enumerate(lines, 1):
                if want in " ".join(normal_tokens(line)):
                    return f"{path}:{n}"
        return ""

    def bib_entry(self, key: str) -> str:
        for bib in sorted(Path(".").glob("*.bib")):
            for n, line in enumerate(bib.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                if re.match(r"\s*@\w+\s*[{(]\s*" + re.escape(key) + r"\s*,", line):
                    return f"{bib}:{n}"
        return "—"

    def __call__(self, item: Item) -> str:
        if item.where == "cell":
            row = self.data_row(item.row)
            if row:
                return row
        pos = self.passages.find(item.paragraph) if item.paragraph.strip() else None
        if pos is None and item.where == "footnote" and item.note in self.note_paragraphs:
            # a citation's note: where the citation is written, else its paragraph
            para, keys = self.note_paragraphs[item.note], self.note_keys.get(item.note, [])
            pos = self.passages.find_cite(para, keys[0]) if keys else None
            pos = pos or self.passages.find(para)
        return str(pos) if pos else "dihapus sejak draf"


def note_keys(z, draft_ast) -> dict:
    """footnote id -> the keys of the citation that made the note, from the
    draft's cited AST (its n-th note is the DOCX's n-th footnote reference)."""
    if not draft_ast or not Path(draft_ast).is_file():
        return {}
    from scripts.pandoc_ast import visit

    keys: list[list[str]] = []

    def take(x, cite=None):
        if x["t"] == "Cite":
            for y in x["c"][1]:
                visit(y, lambda z: take(z, x))
            return True
        if x["t"] == "Note":
            keys.append([c["citationId"] for c in cite["c"][0]] if cite else [])
            return True
        return False

    visit(json.loads(Path(draft_ast).read_text(encoding="utf-8"))["blocks"], take)
    root = etree.fromstring(z.read("word/document.xml"))
    refs = [r.get(q("id")) for r in root.iter(q("footnoteReference"))]
    return dict(zip(refs, keys, strict=False)) if len(refs) == len(keys) else {}


def note_paragraphs(z) -> dict:
    """footnote id -> the draft text of the body paragraph that refers to it."""
    out = {}
    root = etree.fromstring(z.read("word/document.xml"))
    for p in root.iter(q("p")):
        for ref in p.iter(q("footnoteReference")):
            out[ref.get(q("id"))] = " ".join(draft_text(p).split())
    return out


def normal_tokens(text: str) -> list[str]:
    from scripts.drafts.draft_text import tokens

    return tokens(text)


def words_pattern(words: str, n=4) -> str:
    """A regex for the first ``n`` words of ``words`` in the Markdown: any
    markup, line break or citation mark may stand between them."""
    parts = [p for w in words.split()[:n] for p in re.findall(r"\w+", w)]
    return "(?i)" + r"[\W_]*".join(re.escape(p) for p in parts) if parts else ""


# -- writing -------------------------------------------------------------------------


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "reviewer"


def markdown(items, reviewer, did, review_name) -> str:
    lines = [f"# Masukan {reviewer} untuk draf {did}", "", f"Berkas: `{review_name}`; {len(items)} butir.", ""]
    for n, i in enumerate(items, 1):
        page = f", hlm. {i.page}" if i.page else ""
        who = f" oleh {i.author}" if i.author else ""
        lines.append(f"{n}. **{KINDS.get(i.kind, i.kind)}** ({i.where}{page}){who} ({i.date}) — `{i.source}`")
        if i.comment:
            lines.append(f"   > {i.comment}")
        for r in i.replies:
            lines.append(f"   > ↳ {thread_line(r)}")
        if i.text:
            lines.append(f"   pada: “{i.text}”" + (f" — dalam: “{i.context}”" if i.context else ""))
        elif i.context:
            lines.append(f"   dekat: “{i.context}”")
        lines.append("")
    return "\n".join(lines)


def table(items) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(
        buf,
        fieldnames=FIELDS,
        lineterminator="\n",
    )
    w.writeheader()
    for i in items:
        w.writerow(i.row_dict())
    return buf.getvalue()


def review_stem(review) -> str:
    """``<draft>-<reviewer>-<hash of the file>``: the name of a review's
    feedback files, one pair per review file (so a second review by the same
    reviewer never overwrites the first). Cheap and never failing: Snakemake
    names the rule's outputs with it while it reads the workflow."""
    from scripts.drafts import identity

    try:
        data = Path(review).read_bytes()
    except OSError:
        return f"unreadable-{slug(Path(review).stem)}"
    found = identity.read(review)
    try:
        if identity.kind(data) == "pdf":
            from scripts.drafts.feedback_pdf import authors_of

            authors = authors_of(data)
        else:
            z = zipfile.ZipFile(io.BytesIO(data))
            xml = b"".join(z.read(n) for n in (*PARTS, "word/comments.xml") if n in z.namelist())
            found_authors = re.findall(r'w:author="([^"]*)"', xml.decode("utf-8", "replace"))
            authors = Counter(a for a in found_authors if a and not a.startswith("draft "))
    except Exception:  # noqa: BLE001 — the step itself says what is wrong with the file
        return f"unreadable-{slug(Path(review).stem)}"
    reviewer = authors.most_common(1)[0][0] if authors else "reviewer"
    return f"{found.id if found else 'no-draft'}-{slug(reviewer)}-{hashlib.sha256(data).hexdigest()[:8]}"


def nothing_to_read(review) -> str | None:
    """The one line said for a draft's PDF without annotations (the workflow
    stops there, with exit 0 and no feedback file); None otherwise, and for
    any file the step itself must judge."""
    from scripts.drafts import identity

    try:
        data = Path(review).read_bytes()
        if identity.kind(data) != "pdf":
            return None
        from scripts.drafts.feedback_pdf import annotations

        reader = identity.pdf_reader(data)
        if reader.is_encrypted or identity.of_pdf(reader) is None or any(a.irt is None for a in annotations(reader)):
            return None
    except Exception:  # noqa: BLE001 — a damaged file: the step says what is wrong
        return None
    return f"{review}: no annotations in this PDF — nothing to read back, no feedback written"


def feedback(review, chapters, asts, data_files, md=None, tab=None, drafts="drafts") -> list[Path]:
    """Read a review; write its items to ``md`` and ``tab`` (default:
    feedback/<review_stem>.md and .csv)."""
    from scripts.drafts import identity

    path = Path(review)
    if not path.exists():
        fail(str(path), 1, 1, "the file does not exist", "give the path of the reviewed .docx or .pdf")
    data = path.read_bytes()
    if identity.kind(data) == "pdf":
        from scripts.drafts import feedback_pdf
        from scripts.drafts.draft_text import DraftText

        reader = feedback_pdf.open_pdf(path, data)
        did = draft_named(identity.of_pdf(reader), path, Path(drafts), "PDF", feedback_pdf.title_of(reader))
        if not any(a.irt is None for a in feedback_pdf.annotations(reader)):
            print(nothing_to_read(path), file=sys.stderr)
            return []
        draft_ast = Path(drafts) / did / "thesis.json"
        if not draft_ast.is_file():
            fail(
                str(draft_ast),
                1,
                1,
                "the draft's text is missing",
                "publish drafts with `snakemake draft`; do not delete drafts/",
            )
        locate = Locator(Passages(zip(chapters, asts, strict=True)), data_files, {}, {})
        items = feedback_pdf.read_items(path, data, DraftText.load(draft_ast), locate)
    else:
        z = open_docx(path)
        did = draft_of(z, path, Path(drafts))
        items = read_items(z)
        if not items and "word/comments.xml" in z.namelist() and b"<w:comment " in z.read("word/comments.xml"):
            fail(str(path), 1, 1, "the comments could not be read", "save the file again as .docx and retry")
        keys = note_keys(z, Path(drafts) / did / "thesis.json")
        locate = Locator(Passages(zip(chapters, asts, strict=True)), data_files, note_paragraphs(z), keys)
        for i in items:
            i.source = locate(i)
    authors = Counter(i.author for i in items if i.author)
    reviewer = authors.most_common(1)[0][0] if authors else "reviewer"
    stem = Path("feedback") / review_stem(path)
    md, tab = Path(md or stem.with_suffix(".md")), Path(tab or stem.with_suffix(".csv"))
    write_atomic(md, markdown(items, reviewer, did, path.name))
    write_atomic(tab, table(items))
    print(f"{len(items)} item(s) from {reviewer} on draft {did} written to {md} and {tab}", file=sys.stderr)
    return [md, tab]


@main_guard
def run(argv=None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("review", help="the reviewed .docx or annotated .pdf of a published draft")
    ap.add_argument("--chapters", nargs="*", default=None, help="the chapters' Markdown (default: chapters/)")
    ap.add_argument("--asts", nargs="*", default=None, help="their ASTs (default: build/ast/)")
    ap.add_argument("--data", nargs="*", default=None, help="data files of generated tables (default: data/*.csv)")
    ap.add_argument("--md", help="the feedback list (default: feedback/<draft>-<reviewer>-<hash>.md)")
    ap.add_argument("--csv", help="the same as a table (default: beside --md, .csv)")
    args = ap.parse_args(argv)
    if args.chapters is None or args.asts is None:
        from scripts.chapters import discover

        found, _ = discover()
        args.chapters, args.asts = [str(c.path) for c in found], [c.ast for c in found]
    data = args.data if args.data is not None else sorted(str(p) for p in Path("data").glob("*.[cy]*"))
    feedback(args.review, args.chapters, args.asts, data, args.md, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(run())
