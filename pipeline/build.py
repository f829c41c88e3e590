"""The orchestrator: inputs → model → documents → DOCX → PDF → packets, as named steps."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .archive import frozen_numbers, linked_archive
from .documents import PlannedDocument, plan
from .errors import InputError, Problem
from .held import Held, buildable, chosen
from .model import Konwent
from .publish import (
    Built,
    changed_groups,
    document_files,
    document_key,
    load_built,
    packet_file,
    packet_key,
    remove_stale,
    save_built,
)
from .render import BUNDLED_TEMPLATES, Renderer
from .rules import check_folder, errors, warnings

STATE_DIR = ".konwent"  # under the outputs folder: konwent's state (drafts, approvals …)


@dataclass(frozen=True)
class BuildOptions:
    inputs: Path
    outputs: Path
    templates: Path | None = None
    timeout: float = 120.0  # seconds one document's conversion may take
    workers: int = 0  # LibreOffice workers; 0: one per core
    draft: bool = False  # "PROJEKT" on every page, no signature fields
    archive: Path | None = None  # finals whose numbers are kept; None: the one finalize linked
    only: tuple[str, ...] = ()  # meetings, declarations or groups to build; empty: all


@dataclass
class BuildResult:
    documents: list[Path] = field(default_factory=list)
    packets: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds
    joined: int = 0  # documents converted through the joined-batch fast path
    kept_signed: list[tuple[Path, Path]] = field(default_factory=list)  # (signed, new version)
    unchanged: list[Path] = field(default_factory=list)  # made again, identical: not rewritten
    removed: list[Path] = field(default_factory=list)  # files of documents the inputs dropped
    failed: set[str] = field(default_factory=set)  # documents (doc_id) and packets (group) not made
    held: Held = field(default_factory=Held)  # input files skipped (errors) or waiting for them


Progress = Callable[[str], None]
StepProgress = Callable[[str, int, int], None]  # stage, done, total


def template_dirs(options: BuildOptions, konwent: Konwent) -> list[Path]:
    """User templates first (option, then organisation setting), bundled ones as the fallback."""
    dirs = []
    if options.templates:
        dirs.append(options.templates)
    if konwent.organisation.templates_dir:
        dirs.append(options.inputs / konwent.organisation.templates_dir)
    return [*dirs, BUNDLED_TEMPLATES]


def created(docs: Sequence[PlannedDocument]) -> datetime:
    """A PDF's creation date: the latest date of its documents (from the inputs, so the same
    inputs give the same file)."""
    day = max((doc.issued for doc in docs if doc.issued), default=dt.date(2000, 1, 1))
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def document_numbers(docs: Sequence[PlannedDocument]) -> tuple[str, ...]:
    """The documents' numbers ("2/2026"), the file stem for a document without one."""
    return tuple(str(doc.number) if doc.number else doc.stem for doc in docs)


def checked(inputs: Path) -> tuple[Konwent, list[Problem]]:
    """The validated inputs and their warnings; every error of every file raised at once."""
    konwent, problems = check_folder(inputs)
    if konwent is None or errors(problems):
        raise InputError(errors(problems))
    return konwent, warnings(problems)


@contextmanager
def _timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def build(
    options: BuildOptions,
    progress: Progress = lambda _message: None,
    step: StepProgress = lambda _stage, _done, _total: None,
) -> BuildResult:
    """Build the documents whose inputs, template or konwent changed since the last build of
    ``options.outputs`` (every one the first time), and the packets holding them; a document
    that cannot be converted is reported (DocumentsFailed) after all the others are written."""
    result = BuildResult()
    with _timed(result.timings, "load"):
        konwent, result.warnings, result.held = buildable(options.inputs)
        renderer = Renderer(template_dirs(options, konwent))
        state = options.outputs / STATE_DIR
        docs = plan(konwent, frozen_numbers(options.archive or linked_archive(state)))
        picked = chosen(docs, options.only, result.held) if options.only else None
        keys = document_keys(docs, renderer, options.draft)
        before = load_built(state)
        changed = changed_groups(docs, keys, before, options.outputs)
    todo = [d for d in docs if d.group in changed and (picked is None or d.doc_id in picked)]
    partial = {d.group for d in docs if picked is not None and d.doc_id not in picked}
    failed: dict = {}
    if todo:
        options.outputs.mkdir(parents=True, exist_ok=True)
        from .produce import make  # LibreOffice, pypdf and the stamps only when there is work

        failed = make(todo, renderer, options, konwent.organisation.name, result, progress, step,
                      no_packet=partial)  # fmt: skip
    made = {d.doc_id for d in todo} | {d.doc_id for d in docs if d.group not in changed}
    now = built_now(docs, keys, before, result.failed, set(keys) - made)
    now = kept_for(result.held, before, now)
    result.removed = remove_stale(options.outputs, before, now)
    if todo or result.removed or now != before:
        save_built(state, now)
    if failed:
        from .convert import DocumentsFailed

        error = DocumentsFailed(failed)
        error.held = result.held  # reported too: the more severe code wins, nothing is hidden
        raise error
    return result


def document_keys(
    docs: Sequence[PlannedDocument], renderer: Renderer, draft: bool
) -> dict[str, str]:
    """Each document's key (:func:`pipeline.publish.document_key`), templates hashed once."""
    templates: dict[str, str] = {}
    for name in {doc.template for doc in docs}:
        templates[name] = hashlib.sha256(renderer.template_path(name).read_bytes()).hexdigest()
    return {doc.doc_id: document_key(doc, templates[doc.template], draft) for doc in docs}


def built_now(
    docs: Sequence[PlannedDocument],
    keys: dict[str, str],
    before: Built,
    failed: set[str],
    untouched: set[str] = frozenset(),
) -> Built:
    """The record of what the outputs hold after this build; a document that failed keeps no
    key, so the next build makes it (and its packet) again. A document this build left alone
    (``untouched``: ``--only`` did not name it) keeps its earlier record, and so does a packet
    none of whose documents was made; a packet only some of whose documents were made is made
    again next time."""
    now = Built()
    members: dict[str, list[str]] = {}
    for doc in docs:
        if doc.doc_id in untouched:
            if doc.doc_id in before.documents:
                now.documents[doc.doc_id] = before.documents[doc.doc_id]
            continue
        key = "" if doc.doc_id in failed else keys[doc.doc_id]
        now.documents[doc.doc_id] = {"key": key, "files": document_files(doc), "source": doc.source}
        members.setdefault(doc.group, []).append(key)
    partial = {doc.group for doc in docs if doc.doc_id in untouched}
    for group in {doc.group for doc in docs}:
        group_keys = members.get(group)
        if group_keys and all(group_keys) and not {group} & (failed | partial):
            now.packets[group] = {"key": packet_key(group_keys), "files": [packet_file(group)]}
        elif group in before.packets:
            made = group_keys is not None
            now.packets[group] = before.packets[group] | ({"key": ""} if made else {})
    return now


def kept_for(held: Held, before: Built, now: Built) -> Built:
    """``now`` with the earlier records of the documents of held files (and of their packets):
    their files stay until the file is fixed and they are made again."""
    if not held:
        return now
    files = held.files()
    for doc_id, entry in before.documents.items():
        source = entry.get("source")
        if doc_id not in now.documents and (source is None or _shown(source) in files):
            now.documents[doc_id] = entry
            group = doc_id.split("/")[0]
            if group not in now.packets and group in before.packets:
                now.packets[group] = before.packets[group]
    return now


def _shown(source: str) -> str:
    from .validation import display_path

    return display_path(Path(source))
