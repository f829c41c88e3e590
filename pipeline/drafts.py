"""What a document was made from: its identity, its input snapshot and hashes, the drafts' state.

A document's inputs are the parts of the validated model it is drawn from (the organisation, its
meeting or declaration, the members present), dumped with their Polish input keys, so a change
is named the way the secretariat wrote it (``posiedzenie.data``, ``uchwala.glosowanie.za``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .archive import now_iso, sha256_file, sha256_json
from .convert import convert_batch
from .documents import PlannedDocument
from .errors import ArchiveError
from .fsutil import atomic_write, slug
from .i18n import _
from .model import Konwent
from .render import Renderer

STATE_DIR = ".konwent"
DRAFTS_FILE = "drafts.json"
APPROVALS_FILE = "approvals.json"
DRAFT_MARK = "projekt"


# Documents that come many to a meeting: kind → (context field, the meeting's list of them).
MANY_PER_MEETING = {
    "uchwala": ("resolution", "resolutions"),
    "komunikat": ("communique", "communiques"),
    "aneks": ("amendment", "amendments"),
}


def _position(items: list[Any], item: Any) -> int:
    """1-based position of ``item`` in ``items`` (by identity, else by equality)."""
    for index, candidate in enumerate(items, start=1):
        if candidate is item:
            return index
    return items.index(item) + 1


def doc_key(doc: PlannedDocument) -> str:
    """A document's name within its group, stable while its number is still a placeholder:
    "protokol", "uchwala-<id or position>", "komunikat-2", "deklaracja-<member id>"."""
    context = doc.context
    if doc.kind == "deklaracja":
        return f"deklaracja-{slug(context['member'].id)}"
    if doc.kind in MANY_PER_MEETING:
        field_name, list_name = MANY_PER_MEETING[doc.kind]
        item = context[field_name]
        own = getattr(item, "key", None) if doc.kind == "uchwala" else None
        own = own or str(_position(getattr(context["meeting"], list_name), item))
        return f"{doc.kind}-{slug(own)}"
    return doc.kind


def doc_id(doc: PlannedDocument) -> str:
    """The stable name of a document across drafts and finals: ``<group>/<key>``."""
    return f"{doc.group}/{doc_key(doc)}"


def requested_id(kind: str, key: str) -> str:
    """The doc_id of the document a numbering request (kind, key) is for.

    Planner keys look like ``<meeting file>#<kind>#<id or position>``; a key that is already a
    doc_id is taken as it is.
    """
    if "#" not in key:
        return key
    source, _kind, own = key.split("#", 2)
    group = slug(Path(source).stem)
    return f"{group}/{kind}" if own == kind else f"{group}/{kind}-{slug(own)}"


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def snapshot(konwent: Konwent, doc: PlannedDocument) -> dict[str, Any]:
    """The input data ``doc`` is drawn from, with the input files' keys."""
    data: dict[str, Any] = {"konwent": _dump(konwent.organisation)}
    for item in konwent.declarations:
        if item.source == doc.source:
            data["deklaracja"] = _dump(item.doc)
    for item in konwent.meetings:
        if item.source != doc.source:
            continue
        meeting = _dump(item.doc)
        present = {a.member_id for a in item.doc.attendance}
        data["czlonkowie"] = {m.id: _dump(m) for m in konwent.members.members if m.id in present}
        resolution = doc.context.get("resolution")
        if resolution is not None:  # a resolution depends on its meeting, not on its siblings
            meeting.pop("uchwaly", None)
            data["uchwala"] = _dump(resolution)
        data["posiedzenie"] = meeting
    return data


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": [x]}}`` → ``{"a.b[1]": x}`` (list items count from 1)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out |= flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(data, list):
        out = {}
        for index, value in enumerate(data, start=1):
            out |= flatten(value, f"{prefix}[{index}]")
        return out or {prefix: []}
    return {prefix: data}


@dataclass(frozen=True)
class Change:
    path: str
    old: Any
    new: Any


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """Field-level changes from ``old`` to ``new``; empty when there is no previous snapshot."""
    if old is None:
        return []
    before, after = flatten(old), flatten(new)
    paths = sorted(set(before) | set(after))
    return [Change(p, before.get(p), after.get(p)) for p in paths if before.get(p) != after.get(p)]


@dataclass
class DraftRecord:
    """One draft as ``konwent review`` left it, and what it was made from."""

    doc_id: str
    kind: str
    title: str
    source: str
    file: str  # relative to the outputs folder
    sha256: str
    inputs_sha256: str
    template_sha256: str
    snapshot: dict[str, Any]
    previous_snapshot: dict[str, Any] | None = None
    pages: list[str] = field(default_factory=list)
    built: str = field(default_factory=now_iso)


@dataclass
class Approval:
    doc_id: str
    by: str
    at: str
    draft_sha256: str
    inputs_sha256: str
    template_sha256: str
    snapshot: dict[str, Any]


def state_file(outputs: Path, name: str) -> Path:
    return outputs / STATE_DIR / name


def _read_json(path: Path) -> Any:
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ArchiveError(_("{}: unreadable state file: {}").format(path, exc)) from None


def _write_json(path: Path, data: Any) -> None:
    atomic_write(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))


def load_drafts(outputs: Path) -> dict[str, DraftRecord]:
    data = _read_json(state_file(outputs, DRAFTS_FILE)) or {}
    return {key: DraftRecord(**value) for key, value in data.items()}


def save_drafts(outputs: Path, drafts: dict[str, DraftRecord]) -> None:
    _write_json(state_file(outputs, DRAFTS_FILE), {k: asdict(v) for k, v in drafts.items()})


def load_approvals(outputs: Path) -> list[Approval]:
    return [Approval(**a) for a in _read_json(state_file(outputs, APPROVALS_FILE)) or []]


def save_approvals(outputs: Path, approvals: list[Approval]) -> None:
    _write_json(state_file(outputs, APPROVALS_FILE), [asdict(a) for a in approvals])


def latest_approvals(approvals: list[Approval]) -> dict[str, Approval]:
    """The last approval of each document (the history stays in the file)."""
    return {a.doc_id: a for a in approvals}


def template_hash(path: Path) -> str:
    return sha256_file(path)


def inputs_hash(data: dict[str, Any]) -> str:
    return sha256_json(data)


def produce_pdfs(
    docs: list[PlannedDocument], renderer: Renderer, work: Path, timeout: float
) -> list[Path]:
    """Render ``docs`` to DOCX and convert them to PDF in ``work``; PDFs in ``docs`` order."""
    if not docs:
        return []
    work.mkdir(parents=True, exist_ok=True)
    docx = [renderer.render(d, work / f"{i:04d}.docx") for i, d in enumerate(docs)]
    return convert_batch(docx, work / "pdf", timeout=timeout)


def fingerprint(
    konwent: Konwent, doc: PlannedDocument, renderer: Renderer
) -> tuple[str, str, dict[str, Any]]:
    """(inputs hash, template hash, input snapshot) of ``doc`` as the inputs stand now."""
    data = snapshot(konwent, doc)
    return inputs_hash(data), template_hash(renderer.template_path(doc.template)), data
