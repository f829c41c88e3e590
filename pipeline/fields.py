"""Signature anchors → empty, named, visible signature fields.

Every signature block of a template carries a Word bookmark ``podpis_<role>`` on its dotted line;
LibreOffice exports it as a named destination, escaping ``_`` as ``5F`` (``/podpis5Fkierownik``),
whose /XYZ left/top locate the block. The bookmark sits at the start of the block's first line, two
empty lines above the dots, so the field covers the room above the dotted line.

The person printed in a block (the paragraph below its dotted line, rendered from the data) is read
from the rendered DOCX, located by the same bookmark, and becomes the field's tooltip (/TU): the
name ``konwent sign`` compares with the signer's certificate (:mod:`pipeline.signatory`).

Field names: ``podpis_<role>`` in a single document; in a packet ``<document>__podpis_<role>``
(``uchwala-1-2026__podpis_przewodniczacy``), where ``<document>`` is the part's key (its file stem).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

ANCHOR_PREFIX = "podpis_"
FIELD_WIDTH = 180.0
FIELD_HEIGHT = 40.0
_ESCAPED = re.compile(r"5F")


@dataclass(frozen=True)
class Anchor:
    """Where a signatory signs: the role, the page (0-based) and the block's top centre."""

    name: str  # podpis_<role>, decoded
    page: int
    left: float
    top: float

    @property
    def field(self) -> str:
        """``podpis_<role>``, without the prefix a joined batch adds (``k12x_podpis_…``)."""
        return self.name[self.name.index(ANCHOR_PREFIX) :]

    @property
    def role(self) -> str:
        return self.name.split(ANCHOR_PREFIX, 1)[-1]


def decode_destination(name: str) -> str:
    """A LibreOffice destination → its Word bookmark (podpis5Fkierownik → podpis_kierownik)."""
    return _ESCAPED.sub("_", name.lstrip("/"))


def anchors(reader: PdfReader, page_offset: int = 0) -> list[Anchor]:
    """The signature anchors of ``reader`` in page order, their page shifted by ``page_offset``."""
    found = []
    for raw, dest in reader.named_destinations.items():
        name = decode_destination(raw)
        if ANCHOR_PREFIX not in name or dest.get("/Type") != "/XYZ":
            continue
        page = reader.get_destination_page_number(dest)
        left, top = float(dest.get("/Left") or 0), float(dest.get("/Top") or 0)
        found.append(Anchor(name, page + page_offset, left, top))
    return sorted(found, key=lambda a: (a.page, -a.top, a.left))


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph) -> str:
    return " ".join("".join(t.text or "" for t in paragraph.iter(f"{_W}t")).split())


def _printed_below(bookmark) -> str:
    """The first text below ``bookmark``'s dotted line in its signature block (table cell)."""
    paragraph = next(bookmark.iterancestors(f"{_W}p"), None)
    cell = next(bookmark.iterancestors(f"{_W}tc"), None)
    if paragraph is None or cell is None:
        return ""
    below = list(cell.iter(f"{_W}p"))
    for other in below[below.index(paragraph) + 1 :]:
        if text := _paragraph_text(other):
            return text
    return ""


def signatories(docx: Path) -> dict[str, str]:
    """``podpis_<role>`` → the person a rendered DOCX prints in that signature block."""
    try:
        with zipfile.ZipFile(docx) as package:
            root = etree.fromstring(package.read("word/document.xml"))
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return {}  # no names: the fields are made all the same, unchecked
    return signatories_in(root)


def signatories_in(root) -> dict[str, str]:
    """:func:`signatories` of a document's XML tree already in memory (the renderer's)."""
    found = {}
    for bookmark in root.iter(f"{_W}bookmarkStart"):
        name = bookmark.get(f"{_W}name", "")
        if ANCHOR_PREFIX in name and (person := _printed_below(bookmark)):
            found[name[name.index(ANCHOR_PREFIX) :]] = person
    return found


def field_rect(anchor: Anchor, page_width: float) -> list[float]:
    """A field over the signature block: centred on the anchor, above the dotted line."""
    left = min(max(anchor.left - FIELD_WIDTH / 2, 10.0), page_width - FIELD_WIDTH - 10.0)
    top = anchor.top + 2.0
    return [left, top - FIELD_HEIGHT, left + FIELD_WIDTH, top]


def _appearance(writer: PdfWriter, width: float, height: float):
    """A thin grey frame: visible where to sign, no text, hence no font to embed. It stands 1 pt
    inside the box, so no viewer's clipping at the box's edge can hide a side at low zoom."""
    stream = DecodedStreamObject()
    stream.set_data(
        f"q 0.6 0.6 0.6 RG 0.8 w 1 1 {width - 2:.2f} {height - 2:.2f} re S Q".encode()
    )
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]
            ),
            NameObject("/Resources"): DictionaryObject(),
        }
    )
    return writer._add_object(stream)


def add_signature_fields(
    writer: PdfWriter, placed: list[tuple[str, Anchor]], people: Mapping[str, str] | None = None
) -> list[str]:
    """Add one empty signature field per (name, anchor) to ``writer``; return the names.
    ``people`` (field name → person) gives the tooltip of a field whose signatory is known."""
    if not placed:
        return []
    fields = ArrayObject()
    appearance = _appearance(writer, FIELD_WIDTH, FIELD_HEIGHT)
    for name, anchor in placed:
        page = writer.pages[anchor.page]
        rect = field_rect(anchor, float(page.mediabox.width))
        widget = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Widget"),
                NameObject("/FT"): NameObject("/Sig"),
                NameObject("/T"): TextStringObject(name),
                NameObject("/TU"): TextStringObject((people or {}).get(name) or name),
                NameObject("/F"): NumberObject(4),  # print, as PDF/A requires
                NameObject("/Rect"): ArrayObject(FloatObject(v) for v in rect),
                NameObject("/P"): page.indirect_reference,
                NameObject("/AP"): DictionaryObject({NameObject("/N"): appearance}),
            }
        )
        ref = writer._add_object(widget)
        annots = page.get("/Annots")
        annots = ArrayObject(annots.get_object()) if annots is not None else ArrayObject()
        annots.append(ref)
        page[NameObject("/Annots")] = annots
        fields.append(ref)
    writer.root_object[NameObject("/AcroForm")] = writer._add_object(
        DictionaryObject({NameObject("/Fields"): fields})
    )
    return [name for name, _anchor in placed]
