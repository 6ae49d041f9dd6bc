"""A draft's identity — its id (``<date>-<commit>``) and commit — as its
files carry it, written and read here only: a draft's DOCX has it as its
subject (docProps/core.xml ``dc:subject``), its PDF as its subject too
(``/Subject`` of the document information, ``dc:description`` in the XMP,
both from Typst's ``set document(description: …)``): ``draft <id>``, or
``draft <id> (changes)`` for changes.docx. The feedback, its rule (which
draft's AST a review needs) and the tests all read it through :func:`read`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

ID = r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9a-f]+"  # a draft id: the commit's date and short hash
_SUBJECT = re.compile(rf"^\s*draft ({ID})( \(changes\))?\s*$")


@dataclass(frozen=True)
class Identity:
    id: str
    changes: bool = False  # changes.docx, not thesis.docx / thesis.pdf

    @property
    def commit(self) -> str:
        return self.id.rsplit("-", 1)[1]


def subject(did: str, changes: bool = False) -> str:
    """What a draft's files carry as their subject."""
    return f"draft {did}{' (changes)' if changes else ''}"


def parse(text: str | None) -> Identity | None:
    m = _SUBJECT.match(text or "")
    return Identity(m.group(1), bool(m.group(2))) if m else None


def kind(data: bytes) -> str:
    """What a review file is, by its first bytes: ``pdf``, ``docx`` (a zip),
    ``ole`` (an encrypted DOCX or an old .doc) or ``unknown``."""
    if b"%PDF-" in data[:1024]:  # the header may follow some junk (PDF 32000 7.5.2, in practice)
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "unknown"


def pdf_reader(data: bytes):
    """A :class:`pypdf.PdfReader` of a review's bytes, pypdf's own warnings
    about a damaged file ("EOF marker not found") kept off the terminal: the
    feedback says what is wrong, once, located."""
    import io
    import logging

    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    return pypdf.PdfReader(io.BytesIO(data))


def of_docx(z: zipfile.ZipFile) -> Identity | None:
    if "docProps/core.xml" not in z.namelist():
        return None
    from lxml import etree

    try:
        root = etree.fromstring(z.read("docProps/core.xml"))
    except etree.XMLSyntaxError:
        return None
    el = root.find("{http://purl.org/dc/elements/1.1/}subject")
    return parse(el.text if el is not None else None)


def of_pdf(reader) -> Identity | None:
    """From a :class:`pypdf.PdfReader`: the information dictionary's
    subject, else the XMP's description (a tool that rewrote one of them)."""
    try:
        found = parse(str((reader.metadata or {}).get("/Subject") or ""))
        if found:
            return found
        xmp = reader.xmp_metadata
        described = xmp.dc_description if xmp is not None else None
    except Exception:  # noqa: BLE001 — a damaged information dictionary or XMP is no identity
        return None
    for text in (described or {}).values():
        found = parse(text)
        if found:
            return found
    return None


def read(path) -> Identity | None:
    """The identity of a draft's DOCX or PDF at ``path``; None for any other
    file, an unreadable one included (never raises: Snakemake's input
    functions call it while the workflow is read)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    import io

    try:
        if kind(data) == "docx":
            return of_docx(zipfile.ZipFile(io.BytesIO(data)))
        if kind(data) == "pdf":
            reader = pdf_reader(data)
            return None if reader.is_encrypted else of_pdf(reader)
    except Exception:  # noqa: BLE001 — damaged files are refused, with their reason, by the feedback step
        return None
    return None
