"""PDFs → one packet with a bookmark per document."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from .fsutil import atomic_path


@dataclass(frozen=True)
class PacketPart:
    title: str
    pdf: Path


def merge(parts: Sequence[PacketPart], target: Path, title: str, author: str) -> Path:
    """Join ``parts`` in order into ``target``, one top-level bookmark per part."""
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(part.pdf), outline_item=part.title)
    writer.add_metadata({"/Title": title, "/Author": author, "/Creator": "konwent"})
    writer.page_mode = "/UseOutlines"
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        writer.write(handle)
    return target
