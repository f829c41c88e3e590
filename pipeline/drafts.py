"""What a document was made from: its identity, its input snapshot and hashes, the drafts' state.

A document's snapshot holds the input fields it is drawn from (``pipeline/drawn_from.py``), with
their Polish input keys, so a change is named the way the secretariat wrote it
(``posiedzenie.data``, ``posiedzenie.uchwaly[2].glosowanie.za``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .archive import Entry, now_iso, sha256_file, sha256_json
from .batch import Converted, convert_documents
from .build import created
from .convert import ConvertOptions, DocumentsFailed
from .correction import Correction
from .documents import PlannedDocument, plan
from .drawn_from import Selection, input_data, legacy_snapshot, selection, source_name
from .errors import ArchiveError
from .fields import signatories
from .fsutil import atomic_write
from .i18n import _
from .model import Konwent
from .numbering import Frozen
from .packet import PacketMeta, PacketPart
from .produce import FinishJob, finish_all
from .render import Renderer

STATE_DIR = ".konwent"
DRAFTS_FILE = "drafts.json"
APPROVALS_FILE = "approvals.json"
DRAFT_MARK = "projekt"
NUMBERS_KEY = "numery"  # in a snapshot: every number the document prints, by document identity


def planned(konwent: Konwent, frozen: Iterable[Frozen] = ()) -> dict[str, PlannedDocument]:
    """The plan keyed by document identity, numbered as the archive's finals keep them."""
    return {doc.doc_id: doc for doc in plan(konwent, frozen)}


def doc_name(doc_id: str) -> str:
    return doc_id.rsplit("/", 1)[-1]


def source_item(konwent: Konwent, source: str) -> Any:
    """The validated declaration, meeting, notice or communiqué a document comes from."""
    found = source_name(konwent, source)
    return found[1] if found else None


# 1: every input of a document whole; 2: only the input fields it is drawn from (drawn_from.py).
# Records without the field were written before it existed, in format 1.
SNAPSHOT_FORMAT = 2
LEGACY_FORMAT = 1


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": [x]}}`` → ``{"a.b[1]": x}`` (list items count from 1)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out |= flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out or ({prefix: {}} if prefix else {})
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
    pages: list[str] = field(default_factory=list)  # page images beside it (older reviews)
    built: str = field(default_factory=now_iso)
    snapshot_format: int = SNAPSHOT_FORMAT
    texts: list[str] = field(default_factory=list)  # the text of every page (pdftotext)
    previous_texts: list[str] | None = None  # of the last draft whose text differed


def previous_texts(old: DraftRecord | None, texts: list[str]) -> list[str] | None:
    """The page texts of the last draft whose text differs from ``texts`` (kept while the text
    stands still); None before any such draft."""
    if old is None or not old.texts:
        return None
    return old.texts if old.texts != texts else old.previous_texts


@dataclass
class Approval:
    doc_id: str
    by: str
    at: str
    draft_sha256: str
    inputs_sha256: str
    template_sha256: str
    snapshot: dict[str, Any]
    snapshot_format: int = SNAPSHOT_FORMAT
    texts: list[str] = field(default_factory=list)  # the approved draft's page texts


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
    return {key: DraftRecord(**_with_format(value)) for key, value in data.items()}


def save_drafts(outputs: Path, drafts: dict[str, DraftRecord]) -> None:
    _write_json(state_file(outputs, DRAFTS_FILE), {k: asdict(v) for k, v in drafts.items()})


def load_approvals(outputs: Path) -> list[Approval]:
    return [
        Approval(**_with_format(a)) for a in _read_json(state_file(outputs, APPROVALS_FILE)) or []
    ]


def _with_format(record: dict[str, Any]) -> dict[str, Any]:
    """A record as read from a state file; one without a snapshot format is of format 1."""
    return {"snapshot_format": LEGACY_FORMAT} | record


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
) -> list[Converted]:
    """Render ``docs`` to DOCX and convert them to PDF in ``work``, in ``docs`` order; a batch of
    one template goes through the joined fast path, as in ``konwent build``."""
    if not docs:
        return []
    work.mkdir(parents=True, exist_ok=True)
    docx = [renderer.render(d, work / f"{i:04d}.docx") for i, d in enumerate(docs)]
    batch = convert_documents(docx, work, ConvertOptions(timeout=timeout))
    if batch.failed:
        raise DocumentsFailed(batch.failed)
    return [replace(batch.converted[path], docx=path) for path in docx]


@dataclass(frozen=True)
class Fingerprint:
    """What a document is made from as the inputs stand now."""

    inputs_sha256: str
    template_sha256: str
    snapshot: dict[str, Any]
    selection: Selection  # which input fields the snapshot holds
    legacy_sha256: str  # the inputs' hash as format 1 took it (finals made before format 2)


def fingerprint(konwent: Konwent, doc: PlannedDocument, renderer: Renderer) -> Fingerprint:
    """Hashes and input snapshot of ``doc`` as the inputs and its template stand now."""
    template = renderer.template_path(doc.template)
    template_sha = template_hash(template)
    data = input_data(konwent, doc)
    chosen = selection(konwent, doc, data, template, template_sha)
    snapshot = chosen.of(data)
    if doc.numbers():  # a number follows from other inputs too (the order of adoption)
        snapshot[NUMBERS_KEY] = doc.numbers()
    legacy = inputs_hash(legacy_snapshot(data, doc))
    return Fingerprint(inputs_hash(snapshot), template_sha, snapshot, chosen, legacy)


def recorded_snapshot(record: Approval | DraftRecord, now: Fingerprint) -> dict[str, Any] | None:
    """The snapshot ``record`` holds, in today's format (None: a format konwent cannot read)."""
    if record.snapshot_format == SNAPSHOT_FORMAT:
        return record.snapshot
    if record.snapshot_format == LEGACY_FORMAT and isinstance(record.snapshot, dict):
        legacy = now.selection.of_legacy(record.snapshot)
        if NUMBERS_KEY in now.snapshot:  # format 1 drafts showed no number: none was approved
            legacy[NUMBERS_KEY] = now.snapshot[NUMBERS_KEY]
        return legacy
    return None


def still_approved(approval: Approval, now: Fingerprint) -> bool:
    """Whether the approved data and template are what the inputs and template hold now."""
    if approval.template_sha256 != now.template_sha256:
        return False
    if approval.snapshot_format == SNAPSHOT_FORMAT:
        return approval.inputs_sha256 == now.inputs_sha256
    return recorded_snapshot(approval, now) == now.snapshot


def restated(approval: Approval, now: Fingerprint) -> Approval:
    """An approval of an earlier snapshot format that still holds, in today's format."""
    if approval.snapshot_format == SNAPSHOT_FORMAT or not still_approved(approval, now):
        return approval
    return replace(
        approval,
        inputs_sha256=now.inputs_sha256,
        snapshot=now.snapshot,
        snapshot_format=SNAPSHOT_FORMAT,
    )


def is_final_of(entry: Entry, now: Fingerprint) -> bool:
    """Whether the archive entry ``entry`` is a final of the inputs and template as they stand
    (a final made before format 2 recorded the format 1 hash)."""
    return entry.template_sha256 == now.template_sha256 and entry.inputs_sha256 in (
        now.inputs_sha256,
        now.legacy_sha256,
    )


def finish_pdfs(
    jobs: list[tuple[PlannedDocument, Converted, Path]], author: str, *, draft: bool
) -> list[Path]:
    """:func:`finish_pdf` of every (document, converted PDF, target), as ``konwent build``
    finishes a batch."""
    made = [_finish_job(doc, pdf, target, author, draft) for doc, pdf, target in jobs]
    return finish_all(made, lambda *_progress: None)


def finish_pdf(
    doc: PlannedDocument,
    pdf: Converted,
    target: Path,
    author: str,
    *,
    draft: bool,
    correction: Correction | None = None,
) -> Path:
    """One document as the packet stage makes it: PDF/A-2b with "Strona X z Y", and either empty
    signature fields (a final) or "PROJEKT" across every page and no fields (a draft); a
    ``correction`` says so atop its first page and in its metadata."""
    job = _finish_job(doc, pdf, target, author, draft, correction)
    return finish_all([job], lambda *_progress: None)[0]


def _finish_job(
    doc: PlannedDocument,
    pdf: Converted,
    target: Path,
    author: str,
    draft: bool,
    correction: Correction | None = None,
) -> FinishJob:
    numbers = (str(doc.number),) if doc.number and not draft else ()
    meta = PacketMeta(doc.title, author, doc.kind, numbers, created([doc]), correction)
    people = signatories(pdf.docx) if pdf.docx and not draft else {}
    part = PacketPart(doc.title, pdf.pdf, doc.stem, pages=pdf.pages, signatories=people)
    return part, target, meta, draft
