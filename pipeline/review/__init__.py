"""Drafts for the chair and the review file.

``review`` builds the documents as drafts through the packet stage (placeholder number,
"PROJEKT" on every page, no signature fields, "projekt" in the file name), keeps each draft's
input snapshot and page texts, and writes ``przeglad.html``: one self-contained file (page images
inside, no server, no network) that the chair can receive by e-mail. The file carries an id;
``konwent approve --review ID`` approves exactly the drafts it showed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import archive
from ..build import STATE_DIR, BuildOptions, checked, template_dirs
from ..drafts import (
    DRAFT_MARK,
    DraftRecord,
    Fingerprint,
    doc_name,
    fingerprint,
    finish_pdfs,
    latest_approvals,
    load_approvals,
    load_drafts,
    planned,
    previous_texts,
    produce_pdfs,
    recorded_snapshot,
    save_drafts,
)
from ..drawn_from import source_name
from ..errors import InputError, Problem
from ..fsutil import atomic_write, inside
from ..i18n import _
from ..render import Renderer
from ..scratch import ScratchDir
from .layout import (
    FINAL,
    DocumentView,
    Summary,
    data_changes,
    doc_findings,
    doc_state,
    grouped,
    not_adopted,
    summary,
    text_change,
)
from .page import render_page
from .pages import all_pages
from .store import ReviewRecord, draft_fingerprint, new_id, save_review

__all__ = ["ReviewOptions", "ReviewResult", "render_page", "review"]

PAGE = "przeglad.html"
DRAFTS_DIR = "projekty"


@dataclass(frozen=True)
class ReviewOptions:
    inputs: Path
    outputs: Path
    archive: Path | None = None  # None: the archive the outputs are linked to
    templates: Path | None = None
    timeout: float = 300.0
    only: tuple[str, ...] = ()  # groups (a meeting's folder name, "deklaracje", …) or documents
    with_final: bool = False


@dataclass
class ReviewResult:
    page: Path
    review_id: str
    summary: Summary
    findings: list[Problem] = field(default_factory=list)


def draft_file(outputs: Path, group: str, key: str) -> Path:
    return inside(outputs, DRAFTS_DIR, group, f"{key}-{DRAFT_MARK}.pdf")


def previous_data(old: DraftRecord | None, now: Fingerprint) -> dict | None:
    """The data of the last draft made from different data (kept while the data stands still),
    in today's snapshot format."""
    if old is None:
        return None
    snapshot = recorded_snapshot(old, now)
    if snapshot is None:  # a state file of another version of konwent: nothing to compare
        return None
    before = None if old.previous_snapshot is None else replace(old, snapshot=old.previous_snapshot)
    if snapshot != now.snapshot or before is None:
        return snapshot
    return recorded_snapshot(before, now)


def _chosen(doc_id: str, group: str, only: tuple[str, ...]) -> bool:
    return not only or group in only or doc_id in only


def review(options: ReviewOptions) -> ReviewResult:
    """Build the drafts the chair is to see, keep their snapshots and texts, write the review
    file; return it with its id, summary and the rule findings.

    Inputs with errors build nothing (as ``konwent build``); warnings are shown on the page.
    """
    konwent, findings = checked(options.inputs)
    renderer = Renderer(template_dirs(BuildOptions(options.inputs, options.outputs,
                                                   options.templates), konwent))  # fmt: skip
    root = options.archive or archive.linked_archive(options.outputs / STATE_DIR)
    manifest = archive.load_manifest(root) if root else archive.Manifest()
    docs = planned(konwent, archive.frozen_in(manifest))
    _check_only(docs, options.only)
    now = {key: fingerprint(konwent, doc, renderer) for key, doc in docs.items()}
    approvals = latest_approvals(load_approvals(options.outputs))
    states = {k: doc_state(manifest, approvals.get(k), k, now[k], root) for k in docs}
    wanted = [k for k, d in docs.items() if _chosen(k, d.group, options.only)]
    shown = [k for k in wanted if options.with_final or states[k].kind != FINAL]
    previous = load_drafts(options.outputs)
    records, images = _build(konwent, {k: docs[k] for k in shown}, renderer, now, previous,
                             options)  # fmt: skip
    save_drafts(options.outputs, previous | records)
    items = {k: _item(konwent, docs[k].source) for k in shown}
    views = {
        k: _view(records[k], states[k], approvals.get(k), findings, images[k], items[k], docs[k])
        for k in shown
    }
    sources = {d.source for d in docs.values()}
    general = [f for f in findings if f.file not in sources]
    groups = grouped(konwent, docs, views, items)
    in_order = [view for group in groups for view in group.documents]
    result_summary = summary(in_order, len(wanted) - len(shown))
    review_id = new_id()
    html = render_page(konwent.organisation.name, review_id, groups, result_summary, general)
    page = options.outputs / PAGE
    atomic_write(page, html.encode("utf-8"))
    drafts = {k: draft_fingerprint(records[k]) for k in shown}
    save_review(options.outputs, ReviewRecord(review_id, archive.now_iso(), PAGE, drafts))
    return ReviewResult(page, review_id, result_summary, list(findings))


def _check_only(docs: dict, only: tuple[str, ...]) -> None:
    groups = {d.group for d in docs.values()}
    unknown = [o for o in only if o not in groups and o not in docs]
    if unknown:
        message = _("--only {wanted}: no such meeting, group or document (groups: {groups})")
        raise InputError([Problem("--only", "", message.format(
            wanted=", ".join(unknown), groups=", ".join(sorted(groups))))])  # fmt: skip


def _item(konwent: Any, source: str) -> Any:
    found = source_name(konwent, source)
    return found[1] if found else None


def _view(record, state, approval, findings, images, item, doc) -> DocumentView:
    since, change = text_change(record, approval)
    return DocumentView(record, state, doc_findings(record, findings), data_changes(record),
                        since, change, images, not_adopted(item, doc))  # fmt: skip


def _build(konwent, docs, renderer, now, previous, options) -> tuple[dict, dict]:
    """Draft PDFs of ``docs`` in the outputs' ``projekty/``, their records and page images."""
    records, images = {}, {}
    outputs = options.outputs.resolve()
    with ScratchDir("konwent-drafts-") as work:  # a killed review's is swept by the next
        pdfs = produce_pdfs(list(docs.values()), renderer, work, options.timeout)
        targets = [draft_file(options.outputs, d.group, doc_name(k)) for k, d in docs.items()]
        finish_pdfs(list(zip(docs.values(), pdfs, targets, strict=True)),
                    konwent.organisation.name, draft=True)  # fmt: skip
        pages = all_pages(list(zip(targets, pdfs, strict=True)))
        for (key, doc), target in zip(docs.items(), targets, strict=True):
            images[key], texts = pages[target]
            records[key] = DraftRecord(
                doc_id=key,
                kind=doc.kind,
                title=doc.title,
                source=doc.source,
                file=target.resolve().relative_to(outputs).as_posix(),
                sha256=archive.sha256_file(target),
                inputs_sha256=now[key].inputs_sha256,
                template_sha256=now[key].template_sha256,
                snapshot=now[key].snapshot,
                previous_snapshot=previous_data(previous.get(key), now[key]),
                texts=texts,
                previous_texts=previous_texts(previous.get(key), texts),
            )
    return records, images
