"""The publish step of ``build``: what was made in the staging folder goes into the outputs folder.

- A file whose content is already there is not written again (its time stamp stays): builds are
  reproducible, so an unchanged document comes out byte for byte the same.
- A PDF that carries a signature is never overwritten: the new version goes beside it.
- What each document and packet was made from is recorded (``.konwent/built.json``), so the next
  build makes only the groups with a changed document, and with nothing changed makes nothing.
- A file an earlier build wrote for a document the inputs no longer have is removed, unless signed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import mmap
import os
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import __version__
from .fsutil import atomic_write, inside
from .i18n import _
from .planned import PlannedDocument

BUILT_FILE = "built.json"


@dataclass
class Built:
    """What the outputs folder holds from earlier builds: per document and per packet, the key
    of what it was made from and the files written for it (relative to the outputs folder)."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    packets: dict[str, dict[str, Any]] = field(default_factory=dict)

    def files(self) -> set[str]:
        entries = [*self.documents.values(), *self.packets.values()]
        return {name for entry in entries for name in entry["files"]}


def load_built(state: Path) -> Built:
    path = state / BUILT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Built(data["documents"], data["packets"])
    except (OSError, ValueError, KeyError, TypeError):  # none yet, or unreadable: build it all
        return Built()


def save_built(state: Path, built: Built) -> None:
    data = {"konwent": __version__, "documents": built.documents, "packets": built.packets}
    atomic_write(state / BUILT_FILE, json.dumps(data, ensure_ascii=False, indent=1).encode())


def _plain(value: Any) -> Any:
    """``value`` as JSON data: models, dataclasses, dates and collections, recursively."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def document_key(doc: PlannedDocument, template_sha256: str, draft: bool) -> str:
    """What a document's files are made from: everything planned for it, its template, konwent's
    version and the draft mark. The same key gives the same files."""
    from .archive import sha256_json  # the archive module is heavy to import; only its hash

    data = {"doc": _plain(doc), "template": template_sha256, "version": __version__}
    return sha256_json(data | {"draft": draft})


def packet_key(keys: Sequence[str]) -> str:
    from .archive import sha256_json

    return sha256_json({"documents": list(keys), "version": __version__})


def document_files(doc: PlannedDocument) -> list[str]:
    return [f"{doc.group}/{doc.stem}.docx", f"{doc.group}/{doc.stem}.pdf"]


def packet_file(group: str) -> str:
    return f"{group}/pakiet-{group}.pdf"


def changed_groups(
    docs: Sequence[PlannedDocument], keys: Mapping[str, str], built: Built, outputs: Path
) -> set[str]:
    """Groups with a document or packet whose key changed or whose file is missing."""
    changed = set()
    members: dict[str, list[str]] = {}
    for doc in docs:
        members.setdefault(doc.group, []).append(keys[doc.doc_id])
        before = built.documents.get(doc.doc_id)
        if before is None or before["key"] != keys[doc.doc_id] or _missing(before, outputs):
            changed.add(doc.group)
    for group, group_keys in members.items():
        before = built.packets.get(group)
        if before is None or before["key"] != packet_key(group_keys) or _missing(before, outputs):
            changed.add(group)
    return changed


def _missing(entry: Mapping[str, Any], outputs: Path) -> bool:
    return any(not (outputs / name).is_file() for name in entry["files"])


def is_signed(path: Path) -> bool:
    """Whether the PDF at ``path`` carries a signature: a signature value has a /ByteRange, an
    empty signature field has none."""
    try:
        with open(path, "rb") as handle, _mapped(handle) as data:
            return data.find(b"/ByteRange") >= 0
    except (OSError, ValueError):  # no file (or a folder) there; ValueError: an empty file
        return False


def _mapped(handle) -> mmap.mmap:
    return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def unsigned_target(target: Path, kept: list[tuple[Path, Path]]) -> Path:
    """``target``, or when a signed PDF stands there, the first version beside it that is not
    signed ("uchwala-1-2026-wersja-2.pdf"): a signed file is never overwritten."""
    if not is_signed(target):
        return target
    version = 2
    while is_signed(beside := target.with_name(f"{target.stem}-wersja-{version}.pdf")):
        version += 1
    kept.append((target, beside))
    return beside


def same_content(new: Path, old: Path) -> bool:
    """Whether ``old`` already holds what ``new`` holds (a DOCX compared part by part: its zip
    records the moment each part was written)."""
    if not old.is_file():
        return False
    if new.suffix == ".docx":
        return _zip_parts(new) == _zip_parts(old)
    return new.stat().st_size == old.stat().st_size and new.read_bytes() == old.read_bytes()


def _zip_parts(path: Path) -> dict[str, bytes] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in sorted(archive.namelist())}
    except (OSError, zipfile.BadZipFile):
        return None


@dataclass
class Published:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept_signed: list[tuple[Path, Path]] = field(default_factory=list)  # (signed, new version)
    failed: dict[Path, str] = field(default_factory=dict)  # target → why it was not written


def publish(
    staged: Iterable[tuple[Path, str]], outputs: Path, result: Published, failure: str = ""
) -> None:
    """Move each staged file to its place (relative name) in ``outputs`` where its content
    differs; a signed PDF stays and the new version goes beside it."""
    for source, name in staged:
        target = inside(outputs, *name.split("/"))
        if same_content(source, target):
            source.unlink()
            result.unchanged.append(target)
            continue
        if target.suffix == ".pdf":
            target = unsigned_target(target, result.kept_signed)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except OSError as exc:
            reason = failure or _("not written: {}")
            result.failed[target] = reason.format(exc.strerror or exc)
            continue
        result.written.append(target)


def remove_stale(outputs: Path, before: Built, now: Built) -> list[Path]:
    """Remove the files an earlier build wrote that no planned document or packet has now
    (a renumbered or removed document); a signed PDF stays."""
    removed = []
    for name in sorted(before.files() - now.files()):
        path = outputs / name
        if path.is_file() and not is_signed(path):
            path.unlink()
            removed.append(path)
    return removed
