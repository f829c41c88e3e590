"""Signing finals in the archive: each signature is a new recorded state of the file.

A PAdES signature is an incremental update, so the final as finalize wrote it (and every state
signed since) stays an exact prefix of the signed file. The manifest keeps the original hash and
lists each later state (sha256, size, field, signer, time); ``archive verify`` checks them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader

from . import archive
from .archive import MANIFEST, Entry, load_manifest, locked, save_manifest
from .errors import ArchiveError
from .fsutil import READ_ONLY, atomic_path, fsync_dir, inside
from .i18n import _
from .signing import check_signatory, sign


def find_archived(pdf: Path) -> tuple[Path, str] | None:
    """The archive root and relative path of ``pdf`` when a manifest above it lists it."""
    path = pdf.resolve()
    for folder in path.parents:
        if (folder / MANIFEST).is_file():
            relpath = path.relative_to(folder).as_posix()
            if relpath in load_manifest(folder).files:
                return folder, relpath
    return None


def _entry(root: Path, relpath: str) -> tuple[archive.Manifest, Entry, Path]:
    manifest = load_manifest(root)
    entry = manifest.files[relpath]
    return manifest, entry, inside(root, *relpath.split("/"))


def sign_archived(
    root: Path,
    relpath: str,
    field: str,
    p12: Path,
    password: str | None = None,
    *,
    on_behalf: bool = False,
) -> list[dict[str, Any]]:
    """Sign ``field`` of an archived final in place and record the new state in the manifest."""
    with locked(root):
        manifest, entry, path = _entry(root, relpath)
        if archive.file_state(path, entry) != archive.INTACT:
            message = _("{}: not as the manifest records it; run konwent archive verify")
            raise ArchiveError(message.format(path))
        with atomic_path(path, mode=READ_ONLY) as tmp:
            sign(path, field, p12, password, target=tmp, on_behalf=on_behalf)
            added = archive.appended_signatures(tmp, entry)
            if not added:  # raised before the rename: the archived file stays as it was
                raise ArchiveError(_("{}: the new signature does not validate").format(path))
        fsync_dir(path.parent)
        return _record(root, manifest, entry, added)


def record(root: Path, relpath: str) -> list[dict[str, Any]]:
    """Record the signatures appended to an archived final outside konwent."""
    with locked(root):
        manifest, entry, path = _entry(root, relpath)
        state = archive.file_state(path, entry)
        if state == archive.INTACT:
            return []
        added = archive.appended_signatures(path, entry) if state == archive.APPENDED else None
        if added is None:
            message = _("{}: changed: not the recorded file with valid signatures appended")
            raise ArchiveError(message.format(path))
        return _record(root, manifest, entry, added)


def record_file(pdf: Path) -> list[dict[str, Any]]:
    """Find the archive listing ``pdf`` and record the signatures appended to it."""
    archived = find_archived(pdf)
    if archived is None:
        raise ArchiveError(_("{}: not listed in the manifest of an archive").format(pdf))
    return record(*archived)


def signatory_warnings(pdf: Path, added: list[dict[str, Any]]) -> list[str]:
    """For each recorded signature whose certificate names another person than the one
    printed under its field: what differs (recorded all the same, the signing was done)."""
    fields = {s["field"] for s in added}
    with open(pdf, "rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        certs = {s.field_name: s.signer_cert for s in reader.embedded_signatures}
    found = (check_signatory(pdf, f, certs[f]) for f in sorted(fields) if f in certs)
    return [w for w in found if w]


def _record(
    root: Path, manifest: archive.Manifest, entry: Entry, added: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    entry.signatures.extend(added)
    save_manifest(root, manifest)
    return added
