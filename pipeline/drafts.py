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
from .documents import PlannedDocument, plan
from .errors import ArchiveError
from .fsutil import atomic_write, slug
from .i18n import _
from .model import Konwent
from .packet import PacketMeta, PacketPart, make_packet
from .render import Renderer

STATE_DIR = ".konwent"
DRAFTS_FILE = "drafts.json"
APPROVALS_FILE = "approvals.json"
DRAFT_MARK = "projekt"


class TokenNumbers:
    """A number source whose every number names its request, to tell which number is whose."""

    def __init__(self) -> None:
        self.keys: dict[str, str] = {}

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str:
        token = f"\u2063{len(self.keys)}\u2063/{year}"
        self.keys[token] = key
        return token

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None:
        return None


@dataclass(frozen=True)
class Identity:
    """A planned document's stable name (``<group>/<name>``) and its numbering key, if any."""

    doc_id: str
    number_key: str | None


def _identity(doc: PlannedDocument, tokens: TokenNumbers) -> Identity:
    key = tokens.keys.get(str(doc.context.get("number", "")))
    if key is None:  # no number, or one written in the data: the file stem is stable
        return Identity(f"{doc.group}/{doc.stem}", None)
    source, kind, own = key.split("#", 2)
    if slug(Path(source).stem) != doc.group:  # a stand-alone document, one per file
        own = Path(source).stem
    name = kind if own == kind else f"{kind}-{slug(own)}"
    return Identity(f"{doc.group}/{name}", key)


def identities(konwent: Konwent) -> list[Identity]:
    """Each planned document's identity, in plan order (the same order for any number source)."""
    tokens = TokenNumbers()
    return [_identity(doc, tokens) for doc in plan(konwent, tokens)]


def planned(konwent: Konwent, numbers: Any) -> dict[str, PlannedDocument]:
    """The plan keyed by doc_id, numbers from ``numbers``."""
    ids = identities(konwent)
    return {i.doc_id: doc for i, doc in zip(ids, plan(konwent, numbers), strict=True)}


def doc_name(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1]


def source_item(konwent: Konwent, source: str) -> Any:
    """The validated declaration, meeting, notice or communiqué a document comes from."""
    for items in (konwent.declarations, konwent.meetings, konwent.notices, konwent.communiques):
        for item in items:
            if item.source == source:
                return item.doc
    return None


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


SOURCE_NAMES = ("deklaracja", "posiedzenie", "zawiadomienie", "komunikat")


def snapshot(konwent: Konwent, doc: PlannedDocument) -> dict[str, Any]:
    """The input data ``doc`` is drawn from, with the input files' keys."""
    data: dict[str, Any] = {"konwent": _dump(konwent.organisation)}
    lists = (konwent.declarations, konwent.meetings, konwent.notices, konwent.communiques)
    for name, items in zip(SOURCE_NAMES, lists, strict=True):
        for item in items:
            if item.source == doc.source:
                data[name] = _dump(item.doc)
    meeting = source_item(konwent, doc.source)
    if "posiedzenie" in data:
        present = {a.member_id for a in meeting.attendance}
        data["czlonkowie"] = {m.id: _dump(m) for m in konwent.members.members if m.id in present}
        resolution = doc.context.get("resolution")
        if doc.kind == "uchwala" and resolution is not None:  # not its siblings' data
            data["posiedzenie"].pop("uchwaly", None)
            data["uchwala"] = _dump(resolution)
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


def finish_pdf(doc: PlannedDocument, pdf: Path, target: Path, author: str, *, draft: bool) -> Path:
    """One document as the packet stage makes it: PDF/A-2b with "Strona X z Y", and either empty
    signature fields (a final) or "PROJEKT" across every page and no fields (a draft)."""
    number = str(doc.context.get("number") or "")
    meta = PacketMeta(doc.title, author, doc.kind, (number,) if number and not draft else ())
    part = PacketPart(doc.title, pdf, doc.stem)
    return make_packet([part], target, meta, draft=draft, bookmarks=False).path
