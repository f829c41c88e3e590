"""A meeting's packet in the archive: made by ``finalize`` once every document of the meeting is
final, from those documents with their final numbers, and made again (a new version) when one of
them gets a correction. The packet is what the chair may sign as a whole.

Its manifest entry lists the finals it holds (identity → sha256), which is how a later run knows
whether the packet still holds the latest finals.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import archive
from .archive import Entry, Manifest
from .planned import PlannedDocument

PACKET = "pakiet"
PACKET_KIND = "pakiet"


def packet_id(group: str) -> str:
    return f"{group}/{PACKET}"


def packets_due(finals: dict[str, PlannedDocument], manifest: Manifest) -> dict[str, list[str]]:
    """Meetings (group → document identities, in packet order) whose every document is final and
    whose packet in the archive is missing or holds earlier finals."""
    groups: dict[str, list[str]] = {}
    for key, doc in finals.items():
        groups.setdefault(doc.group, []).append(key)
    due = {}
    for group, keys in groups.items():
        if not any(finals[k].kind == "protokol" for k in keys):  # a meeting's group only
            continue
        members = holds(manifest, keys)
        current = manifest.latest(packet_id(group))
        if members is not None and (current is None or current.meta.get("dokumenty") != members):
            due[group] = keys
    return due


def holds(manifest: Manifest, keys: list[str]) -> dict[str, str] | None:
    """The latest final of each document (identity → sha256); None while one has none."""
    latest = {k: manifest.latest(k) for k in keys}
    if any(entry is None for entry in latest.values()):
        return None
    return {k: entry.sha256 for k, entry in latest.items() if entry is not None}


def make_packet_final(
    group: str,
    docs: list[PlannedDocument],
    manifest: Manifest,
    work: Path,
    produce: Callable[[list[PlannedDocument], Path], list],
    author: str,
) -> tuple[Entry, Path]:
    """The packet of one meeting as a file in ``work`` and its manifest entry."""
    from .packet import make_packet  # pypdf and the stamps only when a packet is made
    from .produce import packet_meta, packet_parts

    raw = produce(docs, work / group)
    target = work / f"pakiet-{group}.pdf"
    meta = packet_meta(group, docs, author)
    make_packet(packet_parts(list(zip(docs, raw, strict=True))), target, meta)
    versions = manifest.finals(packet_id(group))
    year = max(doc.issued for doc in docs if doc.issued).year
    members = holds(manifest, [doc.doc_id for doc in docs]) or {}
    entry = Entry(
        path=archive.final_path(year, group, f"pakiet-{group}", len(versions)),
        sha256=archive.sha256_file(target),
        size=target.stat().st_size,
        kind=PACKET_KIND,
        doc_id=packet_id(group),
        version=len(versions),
        replaces=versions[-1].path if versions else None,
        meta={"tytul": meta.title, "dokumenty": members},
    )
    return entry, target
