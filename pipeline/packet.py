"""PDFs → one PDF/A-2b packet: bookmarks, "Strona X z Y", signature fields or the draft mark.

The API the other stages use::

    make_packet(parts, target, meta, *, draft=False) -> PacketInfo

``parts`` are :class:`PacketPart` (title for the bookmark, the part's PDF, a key naming its
signature fields, an optional section under which bookmarks nest). A final packet gets an empty
signature field at every ``podpis_<role>`` anchor; a draft gets none and "PROJEKT" across every
page. Both get page numbers counted within each document ("Strona 1 z 2" of that document, not of
the packet; the bookmarks give a packet's order), the XMP/Info metadata and the output intent of
PDF/A-2b. A correction (``meta.correction``) says so atop its first page and in its metadata.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import Destination, Fit, NameObject, TextStringObject

from . import pdfa, stamp
from .fields import Anchor, add_signature_fields, anchors
from .fsutil import atomic_path
from .pdfa import PacketMeta

__all__ = ["PacketInfo", "PacketMeta", "PacketPart", "make_packet", "merge"]


@dataclass(frozen=True)
class PacketPart:
    title: str
    pdf: Path
    key: str = ""  # names the part's signature fields in a packet; defaults to the file stem
    section: str | None = None  # parts sharing a section nest under one bookmark
    pages: tuple[int, int] | None = None  # [first, end) pages of ``pdf``; None: all
    signatories: dict[str, str] = field(default_factory=dict)  # podpis_<role> → person printed

    @property
    def field_prefix(self) -> str:
        return self.key or self.pdf.stem


@dataclass
class PacketInfo:
    path: Path
    pages: int
    fields: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # first page (0-based) of each part


def _key(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return str(path), stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=4)
def _cached_reader(key: tuple[str, int, int]) -> PdfReader:
    """Strict first: a well-formed PDF (LibreOffice's) is then read without pypdf's lenient
    check of every cross-reference entry, which costs more than cutting out the pages."""
    try:
        return PdfReader(key[0], strict=True)
    except PdfReadError:
        return PdfReader(key[0])


@lru_cache(maxsize=4)
def _cached_anchors(key: tuple[str, int, int]) -> tuple[Anchor, ...]:
    return tuple(anchors(_cached_reader(key)))


def _open(path: Path) -> PdfReader:
    """A reader per file, kept while a batch cuts many documents out of one joined PDF."""
    return _cached_reader(_key(path))


def _anchors(path: Path) -> tuple[Anchor, ...]:
    return _cached_anchors(_key(path))


def _field_names(part: PacketPart, found: list[Anchor], single: bool) -> list[tuple[str, Anchor]]:
    named, seen = [], set()
    for anchor in found:
        base = anchor.field if single else f"{part.field_prefix}__{anchor.field}"
        name, n = base, 1
        while name in seen:
            n += 1
            name = f"{base}_{n}"
        seen.add(name)
        named.append((name, anchor))
    return named


def _outline(writer: PdfWriter, parts: Sequence[PacketPart], starts: Sequence[int]) -> None:
    sections: dict[str, object] = {}
    for part, start in zip(parts, starts, strict=True):
        parent = None
        if part.section:
            if part.section not in sections:
                sections[part.section] = writer.add_outline_item(
                    title=part.section, page_number=start
                )
            parent = sections[part.section]
        writer.add_outline_item(title=part.title, page_number=start, parent=parent)
    writer.page_mode = "/UseOutlines"


def keep_anchors(writer: PdfWriter, placed: list[tuple[str, Anchor]]) -> None:
    """A single document keeps its anchors as named destinations, spelt as LibreOffice does
    (``podpis5Fkierownik``), beside the fields placed on them."""
    for name, anchor in placed:
        writer.add_named_destination_object(
            Destination(
                name.replace("_", "5F"),
                writer.pages[anchor.page].indirect_reference,
                Fit.xyz(anchor.left, anchor.top, 0),
            )
        )


def _forget_destinations(writer: PdfWriter) -> None:
    """The anchors served their purpose; clashing names across parts would only confuse."""
    root = writer.root_object
    for key in ("/Dests", "/Names", "/StructTreeRoot", "/MarkInfo", "/OpenAction"):
        root.pop(NameObject(key), None)
    for page in writer.pages:  # LibreOffice's tags point into a structure tree we do not copy
        page.pop(NameObject("/StructParents"), None)


def make_packet(
    parts: Sequence[PacketPart],
    target: Path,
    meta: PacketMeta,
    *,
    draft: bool = False,
    footer: bool = True,
    bookmarks: bool = True,
) -> PacketInfo:
    """Join ``parts`` into ``target`` (written atomically) and return what it holds."""
    writer = PdfWriter()
    placed: list[tuple[str, Anchor]] = []
    people: dict[str, str] = {}
    starts: list[int] = []
    first: PdfReader | None = None
    for part in parts:
        reader = _open(part.pdf)
        first = first or reader
        begin, end = part.pages or (0, len(reader.pages))
        starts.append(len(writer.pages))
        if not draft:
            found = [
                replace(a, page=a.page - begin + starts[-1])
                for a in _anchors(part.pdf)
                if begin <= a.page < end
            ]
            named = _field_names(part, found, single=len(parts) == 1)
            known = part.signatories
            people |= {name: known[a.field] for name, a in named if a.field in known}
            placed += named
        for index in range(begin, end):
            writer.add_page(reader.pages[index])
    _forget_destinations(writer)
    if bookmarks:
        _outline(writer, parts, starts)
    note = meta.correction.line if meta.correction else ""
    stamp.stamp(writer, footer=footer, draft=draft, starts=starts, note=note)
    names = add_signature_fields(writer, placed, people)
    if len(parts) == 1:
        keep_anchors(writer, placed)
    writer.root_object[NameObject("/Lang")] = TextStringObject("pl-PL")
    if first is not None:
        pdfa.apply(writer, meta, first)
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        writer.write(handle)
    return PacketInfo(target, len(writer.pages), names, starts)


def merge(parts: Sequence[PacketPart], target: Path, title: str, author: str) -> Path:
    """The walking skeleton's call: a final packet with default metadata."""
    return make_packet(parts, target, PacketMeta(title=title, author=author)).path
