"""Approvals of drafts and ``finalize``: approved drafts → numbered finals in the archive.

finalize is a sequence of idempotent steps with a journal (``<archive>/.journal.json``), so a
run killed at any point and run again ends complete, with no half-written file, no duplicate
and no skipped number:

1. check      every approved draft's inputs and template are unchanged since its approval
2. numbers    the numbers the data gives, the archive's finals keeping theirs (numbering.py)
3. produce    render and convert the finals (outside the archive)
4. place      per document: its sha256 goes to the journal, then the file is renamed in
5. manifest   the journal's files are listed in the manifest (one atomic write)
6. registers  rejestr uchwał, rejestr komunikatów and members, XLSX and CSV
7. done       the journal is removed
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import archive
from .archive import Entry, Manifest
from .build import STATE_DIR, BuildOptions, checked, template_dirs
from .documents import PlannedDocument
from .drafts import (
    Approval,
    DraftRecord,
    Fingerprint,
    diff,
    fingerprint,
    finish_pdf,
    is_final_of,
    latest_approvals,
    load_approvals,
    load_drafts,
    planned,
    produce_pdfs,
    recorded_snapshot,
    restated,
    save_approvals,
    source_item,
    state_file,
    still_approved,
)
from .errors import ArchiveError, ArchiveProblems, Problem
from .final_packets import make_packet_final, packet_id, packets_due
from .fsutil import READ_ONLY, atomic_path, atomic_write, exclusive_lock, fsync_dir, inside
from .i18n import _
from .model import Konwent
from .render import Renderer

JOURNAL = ".journal.json"
APPROVALS_LOCK = "approvals.lock"


def approve(
    outputs: Path, ids: list[str], by: str, everything: bool = False, review: str | None = None
) -> list[Approval]:
    """Record that ``by`` approved the current drafts ``ids`` (with the drafts' sha256); with
    ``review``, exactly the drafts that review file showed, refusing any rebuilt since.

    The journal is read, extended and written back under its lock, so approvals recorded at the
    same moment by several runs are all kept."""
    if not by.strip():
        raise ArchiveError(_("an approval needs the approver's name (--by)"))
    drafts = load_drafts(outputs)
    wanted = list(drafts) if everything else list(ids)
    if review is not None:
        from .review.store import reviewed_drafts  # only this use needs the review package

        wanted += [k for k in reviewed_drafts(outputs, review, drafts) if k not in wanted]
    unknown = [i for i in wanted if i not in drafts]
    if unknown or not wanted:
        known = ", ".join(drafts) or _("none; run konwent review first")
        raise ArchiveError(
            _("unknown drafts: {unknown} (drafts: {known})").format(
                unknown=", ".join(unknown) or "—", known=known
            )
        )
    recorded = [_approval(outputs, drafts[key], by.strip()) for key in wanted]
    with exclusive_lock(state_file(outputs, APPROVALS_LOCK)):
        journal = load_approvals(outputs)
        save_approvals(outputs, journal + recorded)
    return recorded


def _approval(outputs: Path, draft: DraftRecord, by: str) -> Approval:
    path = outputs / draft.file
    actual = archive.sha256_file(path) if path.is_file() else None
    if actual != draft.sha256:
        raise ArchiveError(_("{}: draft file changed since it was built").format(draft.file))
    return Approval(
        draft.doc_id,
        by,
        archive.now_iso(),
        actual,
        draft.inputs_sha256,
        draft.template_sha256,
        draft.snapshot,
        draft.snapshot_format,
        texts=draft.texts,
    )


@dataclass(frozen=True)
class FinalizeOptions:
    inputs: Path
    outputs: Path
    archive: Path
    templates: Path | None = None
    timeout: float = 300.0


@dataclass
class FinalizeResult:
    placed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class Journal:
    """Durable record of a finalize run in progress: which finals were produced, with what hash."""

    def __init__(self, root: Path):
        self.path = root / JOURNAL
        self.entries: dict[str, dict] = {}
        if self.path.is_file():
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))["entries"]

    def record(self, entry: Entry) -> None:
        self.entries[entry.doc_id] = asdict(entry)
        atomic_write(self.path, json.dumps({"entries": self.entries}, ensure_ascii=False).encode())

    def entry(self, key: str) -> Entry | None:
        data = self.entries.get(key)
        return Entry(**data) if data else None

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


def check_unchanged(
    docs: dict[str, PlannedDocument], approved: dict[str, Approval], now: dict[str, Fingerprint]
) -> list[Problem]:
    """Problems naming every approved document whose inputs or template changed since."""
    problems = []
    for key, approval in approved.items():
        doc = docs.get(key)
        if doc is None:
            problems.append(Problem(key, "", _("approved, but the inputs no longer have it")))
            continue
        if now[key].template_sha256 != approval.template_sha256:
            problems.append(
                Problem(
                    doc.source, key, _("template {} changed since approval").format(doc.template)
                )
            )
        problems += _changes(doc.source, key, approval, now[key])
    return problems


def _changes(source: str, key: str, approval: Approval, now: Fingerprint) -> list[Problem]:
    """One problem per input field of ``key`` that changed since ``approval``."""
    before = recorded_snapshot(approval, now)
    if before is None:
        message = _(
            "{doc}: approved by {by} with another version of konwent (snapshot format {format}); "
            "review it and approve it again"
        )
        return [Problem(source, key, message.format(doc=key, by=approval.by,
                                                    format=approval.snapshot_format))]  # fmt: skip
    return [
        Problem(
            source,
            change.path,
            _("{doc}: changed since approved by {by} ({old!r} → {new!r})").format(
                doc=key, by=approval.by, old=change.old, new=change.new
            ),
        )
        for change in diff(before, now.snapshot)
    ]


def pending(
    manifest: Manifest, approved: dict[str, Approval], now: dict[str, Fingerprint]
) -> list[str]:
    """Approved documents with no final of the approved inputs and template yet."""
    out = []
    for key, approval in approved.items():
        latest, current = manifest.latest(key), now.get(key)
        same = latest and (
            (latest.inputs_sha256, latest.template_sha256)
            == (approval.inputs_sha256, approval.template_sha256)
            or current is not None
            and still_approved(approval, current)
            and is_final_of(latest, current)
        )
        if not same:
            out.append(key)
    return out


def register_meta(doc: PlannedDocument, issued: dt.date) -> dict:
    """The columns a register shows for a final (rejestr uchwał: subject, date, votes)."""
    meta = {"tytul": doc.title, "data": issued.isoformat()}
    resolution = doc.context.get("resolution")
    if doc.kind == "uchwala" and resolution is not None:
        votes = resolution.votes
        meta |= {
            "organ": doc.context.get("issuing_body"),
            "w_sprawie": resolution.subject,
            "za": votes.in_favour,
            "przeciw": votes.against,
            "wstrzymalo_sie": votes.abstained,
            "wynik": "przyjęta" if votes.adopted else "odrzucona",
        }
    communique = doc.context.get("communique")
    if doc.kind == "komunikat" and communique is not None:
        meta["tytul"] = communique.title
    return meta


def new_entry(
    doc: PlannedDocument, issued: dt.date, manifest: Manifest, approval: Approval, pdf: Path
) -> Entry:
    """The manifest entry of ``doc``'s final; a correction when an earlier final exists."""
    versions = manifest.finals(approval.doc_id)
    version = len(versions)
    path = archive.final_path(issued.year, doc.group, doc.stem, version)
    return Entry(
        path=path,
        sha256=archive.sha256_file(pdf),
        size=pdf.stat().st_size,
        kind=doc.kind,
        doc_id=approval.doc_id,
        number=str(doc.number) if doc.number else None,
        seq=doc.number.seq if doc.number else None,
        year=doc.number.year if doc.number else None,
        body=doc.body,
        version=version,
        replaces=versions[-1].path if versions else None,
        inputs_sha256=approval.inputs_sha256,
        template_sha256=approval.template_sha256,
        approved_by=approval.by,
        approved_at=approval.at,
        draft_sha256=approval.draft_sha256,
        meta=register_meta(doc, issued),
    )


def placed(root: Path, entry: Entry | None) -> bool:
    """Whether the journal's file is in place, whole (sha256 as journalled)."""
    if entry is None:
        return False
    target = root / entry.path
    if not target.is_file():
        return False
    if archive.sha256_file(target) != entry.sha256:
        raise ArchiveError(_("{}: on disk but not the file finalize produced").format(target))
    return True


def place_final(root: Path, entry: Entry, pdf: Path, journal: Journal) -> None:
    target = inside(root, *entry.path.split("/"))
    if target.exists():
        raise ArchiveError(_("{}: a final is never overwritten").format(target))
    with atomic_path(target, mode=READ_ONLY) as tmp:
        shutil.copyfile(pdf, tmp)
        journal.record(entry)
    fsync_dir(target.parent)


@dataclass
class _Run:
    """What the steps of one finalize run share."""

    konwent: Konwent
    root: Path
    renderer: Renderer
    manifest: Manifest
    journal: Journal
    approved: dict[str, Approval]


def approved_todo(
    konwent: Konwent,
    drafted: dict[str, PlannedDocument],
    renderer: Renderer,
    manifest: Manifest,
    approved: dict[str, Approval],
) -> dict[str, Approval]:
    """Approvals still to make final, in plan order (each in today's snapshot format); refuses if
    any document changed since its approval."""
    now = {k: fingerprint(konwent, drafted[k], renderer) for k in approved if k in drafted}
    waiting = pending(manifest, approved, now)  # an approval already made final is spent
    problems = check_unchanged(drafted, {k: approved[k] for k in waiting}, now)
    todo = [k for k in drafted if k in waiting]
    problems += check_cited_numbers(drafted, todo, manifest)
    if problems:
        raise ArchiveProblems(problems)
    return {k: restated(approved[k], now[k]) for k in todo}


def check_cited_numbers(
    drafted: dict[str, PlannedDocument], todo: list[str], manifest: Manifest
) -> list[Problem]:
    """A final printing other documents' numbers (a protokół its uchwały, an aneks its uchwała)
    waits for them: each must be final already or made final in the same run, so the number it
    prints is frozen with it."""
    problems = []
    for key in todo:
        doc = drafted[key]
        missing = [k for k, _n in doc.cites if k not in todo and manifest.latest(k) is None]
        if missing:
            problems.append(
                Problem(doc.source, key,
                        _("cites documents with no final number yet; approve them too: {}").format(
                            ", ".join(missing)))
            )  # fmt: skip
    return problems


def produce_and_place(
    finals: dict[str, PlannedDocument], todo: list[str], context: _Run, timeout: float
) -> None:
    """Produce the finals not yet in place and rename each into the archive, journalled."""
    root, journal = context.root, context.journal
    produce = [k for k in todo if not placed(root, journal.entry(k))]
    with tempfile.TemporaryDirectory(prefix="konwent-final-") as work:
        pdfs = produce_pdfs([finals[k] for k in produce], context.renderer, Path(work), timeout)
        author = context.konwent.organisation.name
        for number, (key, raw) in enumerate(zip(produce, pdfs, strict=True)):
            # a journalled file that never reached its place is simply produced again
            doc = finals[key]
            issued = source_item(context.konwent, doc.source).date
            replaced = context.approved[key].doc_id
            correction = archive.correction_of(context.manifest, replaced, issued)
            target = Path(work) / f"final-{number}.pdf"
            pdf = finish_pdf(doc, raw, target, author, draft=False, correction=correction)
            entry = new_entry(doc, issued, context.manifest, context.approved[key], pdf)
            place_final(root, entry, pdf, journal)


def place_packets(finals: dict[str, PlannedDocument], run: _Run, timeout: float) -> list[str]:
    """Each meeting whose documents are now all final gets its packet in the archive (a new
    version when a document got a correction), journalled like the finals; returns their paths."""
    placed_now = []
    author = run.konwent.organisation.name
    with tempfile.TemporaryDirectory(prefix="konwent-final-") as tmp:
        work = Path(tmp)
        for group, keys in packets_due(finals, run.manifest).items():
            key = packet_id(group)
            if not placed(run.root, run.journal.entry(key)):
                def produce(docs, folder):
                    return produce_pdfs(docs, run.renderer, folder, timeout)

                docs = [finals[k] for k in keys]
                entry, pdf = make_packet_final(group, docs, run.manifest, work, produce, author)
                place_final(run.root, entry, pdf, run.journal)
            entry = run.journal.entry(key)
            run.manifest.files[entry.path] = entry
            placed_now.append(entry.path)
    return placed_now


def finalize(options: FinalizeOptions) -> FinalizeResult:
    """Approved, unchanged drafts → numbered finals, manifest and registers (resumable)."""
    with archive.locked(options.archive):
        return _finalize(options)


def _finalize(options: FinalizeOptions) -> FinalizeResult:
    root = options.archive
    archive.remove_stale_parts(root)
    konwent, _warnings = checked(options.inputs)
    renderer = Renderer(
        template_dirs(BuildOptions(options.inputs, options.outputs, options.templates), konwent)
    )
    run = _Run(konwent, root, renderer, archive.load_manifest(root), Journal(root),
               latest_approvals(load_approvals(options.outputs)))  # fmt: skip
    finals = planned(konwent, archive.frozen_in(run.manifest))  # numbered, once per run
    todo_approvals = approved_todo(konwent, finals, renderer, run.manifest, run.approved)
    run.approved |= todo_approvals  # restated in today's snapshot format, for the manifest
    todo = list(todo_approvals)
    archive.link_archive(options.outputs / STATE_DIR, root)
    produce_and_place(finals, todo, run, options.timeout)
    result = FinalizeResult(unchanged=[k for k in run.approved if k not in todo])
    for key in todo:
        entry = run.journal.entry(key)
        run.manifest.files[entry.path] = entry
        result.placed.append(entry.path)
    result.placed += place_packets(finals, run, options.timeout)
    archive.save_manifest(root, run.manifest)
    archive.write_registers(root, run.manifest, konwent.members.members)
    archive.save_manifest(root, run.manifest)
    run.journal.clear()
    return result
