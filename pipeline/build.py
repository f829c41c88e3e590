"""The orchestrator: inputs → model → documents → DOCX → PDF → packets, as named steps."""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .batch import BatchResult, Converted, convert_documents
from .convert import ConvertOptions, DocumentsFailed, Pool
from .documents import DECLARATIONS_GROUP, PlannedDocument, plan
from .errors import InputError, Problem
from .fsutil import atomic_path, inside
from .i18n import _
from .model import Konwent
from .numbering import NumberRegistry
from .packet import PacketMeta, PacketPart, make_packet
from .render import BUNDLED_TEMPLATES, Renderer
from .rules import check_folder, errors, warnings
from .scratch import ScratchDir

STATE_DIR = ".konwent"  # under the outputs folder: the number registry


@dataclass(frozen=True)
class BuildOptions:
    inputs: Path
    outputs: Path
    templates: Path | None = None
    timeout: float = 120.0  # seconds one document's conversion may take
    workers: int = 0  # LibreOffice workers; 0: one per core
    draft: bool = False  # "PROJEKT" on every page, no signature fields


@dataclass
class BuildResult:
    documents: list[Path] = field(default_factory=list)
    packets: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds
    joined: int = 0  # documents converted through the joined-batch fast path


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


PARALLEL_MIN = 40  # documents from which rendering and finishing use one process per core
_renderer: Renderer | None = None


def _init_renderer(dirs: list[Path]) -> None:
    global _renderer
    _renderer = Renderer(dirs)


def _render_chunk(jobs: list[tuple[PlannedDocument, Path]]) -> list[Path]:
    assert _renderer is not None
    return [_renderer.render(doc, target) for doc, target in jobs]


def _chunked(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _run_parallel(func, chunks: list[list], step: StepProgress, stage: str, **pool) -> list:
    """``func`` over ``chunks`` in worker processes, results in order, progress as they come."""
    total, done, results = sum(map(len, chunks)), 0, []
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1, **pool) as executor:
        for result in executor.map(func, chunks):
            results += result
            done += len(result)
            step(stage, done, total)
    return results


def render_all(
    docs: Sequence[PlannedDocument], renderer: Renderer, work: Path, step: StepProgress
) -> list[Path]:
    """Every document as DOCX; big batches are rendered by one process per core."""
    jobs = [(doc, work / f"{doc.group}--{doc.stem}.docx") for doc in docs]
    if len(jobs) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        chunks = _chunked(jobs, 25)
        pool = {"initializer": _init_renderer, "initargs": (renderer.template_dirs,)}
        return _run_parallel(_render_chunk, chunks, step, "render", **pool)
    files = []
    for number, (doc, target) in enumerate(jobs, start=1):
        files.append(renderer.render(doc, target))
        step("render", number, len(docs))
    return files


def publish_docx(
    docs: Sequence[PlannedDocument], files: Sequence[Path], outputs: Path
) -> list[Path]:
    """Move the DOCX files into ``outputs/<group>/`` atomically; return their new paths."""
    published = []
    for doc, source in zip(docs, files, strict=True):
        target = inside(outputs, doc.group, f"{doc.stem}.docx")
        with atomic_path(target) as tmp:
            source.replace(tmp)
        published.append(target)
    return published


def document_numbers(docs: Sequence[PlannedDocument]) -> tuple[str, ...]:
    """The numbers the titles carry ("Uchwała nr 2/2026 …" → "2/2026"), else the file stems."""
    return tuple(
        (found.group(1) if (found := re.match(r"\S+ nr (\S+)", doc.title)) else doc.stem)
        for doc in docs
    )


def finish_documents(
    docs: Sequence[PlannedDocument],
    converted: dict[Path, Converted],
    docx: Sequence[Path],
    outputs: Path,
    author: str,
    draft: bool,
    step: StepProgress,
) -> list[Path]:
    """One PDF/A per document: its footer, metadata and signature fields (or the draft mark)."""
    jobs = []
    for doc, source in zip(docs, docx, strict=True):
        if source in converted:
            pages = converted[source]
            meta = PacketMeta(doc.title, author, doc.kind, document_numbers([doc]))
            part = PacketPart(doc.title, pages.pdf, doc.stem, pages=pages.pages)
            jobs.append((part, inside(outputs, doc.group, f"{doc.stem}.pdf"), meta, draft))
    return finish_all(jobs, step)


FinishJob = tuple[PacketPart, Path, PacketMeta, bool]  # part, target, metadata, draft


def finish_all(jobs: list[FinishJob], step: StepProgress) -> list[Path]:
    """Each job's PDF/A (footer, metadata, signature fields or the draft mark); a big batch is
    finished by one process per core."""
    if len(jobs) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        return _run_parallel(_finish_chunk, _chunked(jobs, 50), step, "pdf")
    finished = []
    for number, job in enumerate(jobs, start=1):
        finished += _finish_chunk([job])
        step("pdf", number, len(jobs))
    return finished


def _finish_chunk(jobs: list[FinishJob]) -> list[Path]:
    return [
        make_packet([part], target, meta, draft=draft, bookmarks=False).path
        for part, target, meta, draft in jobs
    ]


def packet_meta(group: str, docs: Sequence[PlannedDocument], author: str) -> PacketMeta:
    if group == DECLARATIONS_GROUP:
        return PacketMeta("Deklaracje partnerskie", author, "deklaracje", document_numbers(docs))
    kinds = ", ".join(dict.fromkeys(doc.title.split(" nr ")[0] for doc in docs))
    return PacketMeta(f"Dokumenty posiedzenia {group}", author, kinds, document_numbers(docs))


# Bookmarks under which a packet nests several documents of one kind (document text, Polish).
SECTIONS: dict[str, str] = {"uchwala": "Uchwały", "komunikat": "Komunikaty", "aneks": "Aneksy"}


def packet_parts(members: Sequence[tuple[PlannedDocument, Converted]]) -> list[PacketPart]:
    """A packet's parts in plan order, one bookmark each. Several documents of a kind in
    ``SECTIONS`` nest under its bookmark when the packet holds other kinds too; a kind with a
    single document, or a packet of one kind only (the declarations), stays flat."""
    counts = Counter(doc.kind for doc, _c in members)
    nest = len(counts) > 1
    return [
        PacketPart(
            doc.title,
            pages.pdf,
            doc.stem,
            section=SECTIONS.get(doc.kind) if nest and counts[doc.kind] > 1 else None,
            pages=pages.pages,
        )
        for doc, pages in members
    ]


def assemble(
    docs: Sequence[PlannedDocument],
    converted: dict[Path, Converted],
    docx: Sequence[Path],
    outputs: Path,
    author: str,
    draft: bool = False,
    packer: Executor | None = None,
) -> list[tuple[Path, Callable[[], Path]]]:
    """One packet per group whose documents all converted, in plan order, a bookmark each
    (nested as :func:`packet_parts` says): its path, and what makes it (:func:`make_packets`).

    Big packets start at once in ``packer`` (a process) while the caller goes on; small ones are
    made when called, after the documents' own PDFs."""
    groups: dict[str, list[tuple[PlannedDocument, Path]]] = {}
    for doc, source in zip(docs, docx, strict=True):
        groups.setdefault(doc.group, []).append((doc, source))
    packets = []
    for group, members in groups.items():
        if any(source not in converted for _doc, source in members):
            continue
        parts = packet_parts([(doc, converted[source]) for doc, source in members])
        meta = packet_meta(group, [doc for doc, _s in members], author)
        target = inside(outputs, group, f"pakiet-{group}.pdf")
        packets.append(_packet(parts, target, meta, draft, packer))
    return packets


def _packet(
    parts: list[PacketPart], target: Path, meta: PacketMeta, draft: bool, packer: Executor | None
) -> tuple[Path, Callable[[], Path]]:
    """A big packet is assembled in a worker process: its pages never sit in this one's memory,
    which stays flat however many documents a batch holds, and it is made while the documents'
    own PDFs are finished."""
    if len(parts) >= PARALLEL_MIN and packer is not None:
        return target, packer.submit(_make_packet_path, parts, target, meta, draft).result
    return target, lambda: _make_packet_path(parts, target, meta, draft)


def make_packets(packets: list[tuple[Path, Callable[[], Path]]]) -> tuple[list[Path], dict]:
    """Every packet that can be made, and why each other one could not (a file system error,
    or the process making it died)."""
    made, failed = [], {}
    for target, packet in packets:
        try:
            made.append(packet())
        except (OSError, BrokenProcessPool) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            failed[target] = _("packet not written: {}").format(reason)
    return made, failed


def _make_packet_path(parts: list[PacketPart], target: Path, meta: PacketMeta, draft: bool) -> Path:
    return make_packet(parts, target, meta, draft=draft).path


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
    """Build every document; a document that cannot be converted is reported (DocumentsFailed)
    after all the others are written."""
    result = BuildResult()
    with _timed(result.timings, "load"):
        konwent, result.warnings = checked(options.inputs)
        renderer = Renderer(template_dirs(options, konwent))
        options.outputs.mkdir(parents=True, exist_ok=True)
        docs = plan(konwent, NumberRegistry(options.outputs / STATE_DIR))
    author = konwent.organisation.name
    convert = ConvertOptions(workers=options.workers, timeout=options.timeout)
    with (
        ScratchDir(".konwent-", options.outputs) as work,  # a killed build's is swept away
        Pool(convert) as pool,
    ):
        pool.warm(convert.worker_count(len(docs)))  # LibreOffice starts while DOCX are rendered
        with _timed(result.timings, "render"):
            docx = render_all(docs, renderer, work, step)
        progress(_("rendered {} documents").format(len(docx)))
        with _timed(result.timings, "convert"):
            batch: BatchResult = convert_documents(
                docx, work, convert, lambda done, total: step("convert", done, total), pool=pool
            )
        progress(_("converted {} documents to PDF").format(len(batch.converted)))
        result.joined = sum(1 for c in batch.converted.values() if c.pages is not None)
        with ProcessPoolExecutor(max_workers=1) as packer:
            with _timed(result.timings, "pdf"):
                packets = assemble(
                    docs, batch.converted, docx, options.outputs, author, options.draft, packer
                )
                pdfs = finish_documents(
                    docs, batch.converted, docx, options.outputs, author, options.draft, step
                )
            with _timed(result.timings, "packets"):  # what is left of them
                result.packets, unwritten = make_packets(packets)
        result.documents = publish_docx(docs, docx, options.outputs) + pdfs
    if batch.failed or unwritten:
        raise DocumentsFailed(batch.failed | unwritten)
    return result
