"""Drafts for the chair and the static HTML review page.

``review`` builds every document as a draft through the packet stage (placeholder number,
"PROJEKT" on every page, no signature fields, "projekt" in the file name), keeps each draft's
input snapshot to show what changed since the previous draft, renders page thumbnails and writes
``przeglad.html``: one self-contained page that opens from disk, with no server and no network.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from . import __version__, archive
from .build import STATE_DIR, BuildOptions, checked, template_dirs
from .drafts import (
    DRAFT_MARK,
    Approval,
    DraftRecord,
    Fingerprint,
    diff,
    doc_name,
    fingerprint,
    finish_pdfs,
    is_final_of,
    latest_approvals,
    load_approvals,
    load_drafts,
    planned,
    produce_pdfs,
    recorded_snapshot,
    save_drafts,
    still_approved,
)
from .drawn_from import concerns
from .errors import Problem
from .external import run_tool
from .fsutil import atomic_write, inside
from .i18n import _, ngettext
from .render import Renderer
from .scratch import ScratchDir

PAGE = "przeglad.html"
DRAFTS_DIR = "projekty"
THUMB_WIDTH = 360


@dataclass(frozen=True)
class ReviewOptions:
    inputs: Path
    outputs: Path
    archive: Path | None = None
    templates: Path | None = None
    timeout: float = 300.0


def thumbnails(pdf: Path, outputs: Path, prefix: str) -> list[str]:
    """PNG thumbnails of every page of ``pdf`` beside it; paths relative to ``outputs``."""
    with ScratchDir("konwent-thumbs-") as tmp:
        width = str(THUMB_WIDTH)
        run_tool(["pdftoppm", "-png", "-scale-to-x", width, "-scale-to-y", "-1", str(pdf),
                  f"{tmp}/s"], timeout=120)  # fmt: skip
        pages = sorted(Path(tmp).glob("s-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        made = []
        for number, png in enumerate(pages, start=1):
            target = pdf.with_name(f"{prefix}-s{number}.png")
            atomic_write(target, png.read_bytes())
            made.append(target.relative_to(outputs).as_posix())
    return made


def all_thumbnails(pdfs: Sequence[Path], outputs: Path) -> dict[Path, list[str]]:
    """:func:`thumbnails` of every PDF, as many pdftoppm processes at once as there are cores."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        made = pool.map(lambda pdf: thumbnails(pdf, outputs, pdf.stem), pdfs)
        return dict(zip(pdfs, made, strict=True))


def draft_file(outputs: Path, group: str, key: str) -> Path:
    return inside(outputs, DRAFTS_DIR, group, f"{key}-{DRAFT_MARK}.pdf")


def states(
    records: dict[str, DraftRecord], now: dict[str, Fingerprint], outputs: Path, root: Path | None
) -> dict[str, str]:
    """ "final", "approved" or "draft" of each record, for the inputs and template as they stand;
    the archive's manifest and the approvals are read once."""
    manifest = archive.load_manifest(root) if root else archive.Manifest()
    approvals = latest_approvals(load_approvals(outputs))
    return {key: _state(manifest, approvals.get(key), key, now[key]) for key in records}


def _state(
    manifest: archive.Manifest, approval: Approval | None, key: str, now: Fingerprint
) -> str:
    latest = manifest.latest(key)
    if latest and is_final_of(latest, now):
        return "final"
    if approval and still_approved(approval, now):
        return "approved"
    return "draft"


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


def review(options: ReviewOptions) -> Path:
    """Build every draft, keep snapshots, write the review page; return the page's path.

    Inputs with errors build nothing (as ``konwent build``); warnings are shown on the page.
    """
    konwent, findings = checked(options.inputs)
    build_options = BuildOptions(options.inputs, options.outputs, options.templates)
    renderer = Renderer(template_dirs(build_options, konwent))
    linked = options.archive or archive.linked_archive(options.outputs / STATE_DIR)
    docs = planned(konwent, archive.frozen_numbers(linked))
    previous = load_drafts(options.outputs)
    records, now = {}, {}
    with ScratchDir("konwent-drafts-") as work:  # a killed review's is swept by the next
        pdfs = produce_pdfs(list(docs.values()), renderer, work, options.timeout)
        targets = [draft_file(options.outputs, d.group, doc_name(k)) for k, d in docs.items()]
        jobs = list(zip(docs.values(), pdfs, targets, strict=True))
        finish_pdfs(jobs, konwent.organisation.name, draft=True)
        pages = all_thumbnails(targets, options.outputs.resolve())
        for (key, doc), target in zip(docs.items(), targets, strict=True):
            now[key] = fingerprint(konwent, doc, renderer)
            records[key] = DraftRecord(
                doc_id=key,
                kind=doc.kind,
                title=doc.title,
                source=doc.source,
                file=target.relative_to(options.outputs.resolve()).as_posix(),
                sha256=archive.sha256_file(target),
                inputs_sha256=now[key].inputs_sha256,
                template_sha256=now[key].template_sha256,
                snapshot=now[key].snapshot,
                previous_snapshot=previous_data(previous.get(key), now[key]),
                pages=pages[target],
            )
    save_drafts(options.outputs, records)
    page = options.outputs / PAGE
    html = render_page(
        konwent.organisation.name,
        list(records.values()),
        states(records, now, options.outputs, linked),
        findings,
    )
    atomic_write(page, html.encode("utf-8"))
    return page


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent / "review_templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def render_page(
    organisation: str,
    records: Sequence[DraftRecord],
    states: dict[str, str],
    findings: Sequence[Problem],
) -> str:
    """The review page's HTML; every value is escaped (input text is data)."""
    sources = {r.source for r in records}
    documents = [
        {
            "record": r,
            "state": states.get(r.doc_id, "draft"),
            "changes": diff(r.previous_snapshot, r.snapshot),
            "first": r.previous_snapshot is None,
            "findings": [
                f for f in findings if f.file == r.source and concerns(r.snapshot, f.path)
            ],
        }
        for r in records
    ]
    general = [f for f in findings if f.file not in sources]
    labels = {"draft": _("draft"), "approved": _("approved"), "final": _("final")}
    return (
        _environment()
        .get_template("review.html.j2")
        .render(
            organisation=organisation,
            documents=documents,
            documents_count=ngettext("{} document", "{} documents", len(documents)).format(
                len(documents)
            ),
            general=general,
            labels=labels,
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=__version__,
            _=_,
        )
    )
