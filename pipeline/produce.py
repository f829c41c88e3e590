"""The steps of ``build`` that make files, imported only when something is to be made: render
(DOCX through docxtpl), convert (LibreOffice), finish (PDF/A, page numbers, signature fields),
packets, publish. A rebuild with nothing changed never loads them, nor LibreOffice's pool, pypdf
or the PDF stamping."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from .batch import BatchResult, Converted, convert_documents
from .build import (
    BuildOptions,
    BuildResult,
    Progress,
    StepProgress,
    _timed,
    created,
    document_numbers,
)
from .convert import ConvertOptions, Pool
from .fields import signatories
from .fsutil import inside
from .i18n import _
from .identity import DECLARATIONS_GROUP
from .packet import PacketMeta, PacketPart, make_packet
from .planned import PlannedDocument
from .publish import Published, publish
from .render import Renderer
from .scratch import ScratchDir

PARALLEL_MIN = 40  # documents from which rendering and finishing use one process per core
_renderer: Renderer | None = None


def _init_renderer(dirs: list[Path]) -> None:
    global _renderer
    _renderer = Renderer(dirs)


def _render_chunk(jobs: list[tuple[PlannedDocument, Path]]) -> list[Rendered]:
    assert _renderer is not None
    return [_rendered(_renderer, doc, target) for doc, target in jobs]


Rendered = tuple[Path, dict[str, str]]  # a DOCX and who it prints under each signature anchor


def _rendered(renderer: Renderer, doc: PlannedDocument, target: Path) -> Rendered:
    """The DOCX of ``doc`` and its signatories, read where it is made (in a worker process for
    a big batch), once for the document's PDF and its packet."""
    return renderer.rendered(doc, target)


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
) -> list[Rendered]:
    """Every document as DOCX; big batches are rendered by one process per core."""
    jobs = [(doc, work / f"{doc.group}--{doc.stem}.docx") for doc in docs]
    if len(jobs) >= PARALLEL_MIN and (os.cpu_count() or 1) > 1:
        chunks = _chunked(jobs, 25)
        pool = {"initializer": _init_renderer, "initargs": (renderer.template_dirs,)}
        return _run_parallel(_render_chunk, chunks, step, "render", **pool)
    files = []
    for number, (doc, target) in enumerate(jobs, start=1):
        files.append(_rendered(renderer, doc, target))
        step("render", number, len(docs))
    return files


def _people(known: dict[Path, dict[str, str]] | None, docx: Path) -> dict[str, str]:
    return known[docx] if known is not None and docx in known else signatories(docx)


def finish_documents(
    docs: Sequence[PlannedDocument],
    converted: dict[Path, Converted],
    docx: Sequence[Path],
    outputs: Path,
    author: str,
    draft: bool,
    step: StepProgress,
    people: dict[Path, dict[str, str]] | None = None,
) -> list[Path]:
    """One PDF/A per document: its footer, metadata and signature fields (or the draft mark);
    ``people``: who each DOCX prints under its signature anchors (read again when not given)."""
    jobs = []
    for doc, source in zip(docs, docx, strict=True):
        if source in converted:
            pages = converted[source]
            meta = PacketMeta(doc.title, author, doc.kind, document_numbers([doc]), created([doc]))
            names = {} if draft else _people(people, source)
            part = PacketPart(doc.title, pages.pdf, doc.stem, pages=pages.pages, signatories=names)
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
        return PacketMeta("Deklaracje partnerskie", author, "deklaracje", document_numbers(docs),
                          created(docs))  # fmt: skip
    kinds = ", ".join(dict.fromkeys(doc.title.split(" nr ")[0] for doc in docs))
    return PacketMeta(f"Dokumenty posiedzenia {group}", author, kinds, document_numbers(docs),
                      created(docs))  # fmt: skip


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
    people: dict[Path, dict[str, str]] | None = None,
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
        if not draft:  # each field's tooltip names the person printed under it
            named = zip(parts, members, strict=True)
            parts = [replace(part, signatories=_people(people, s)) for part, (_d, s) in named]
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


def make(
    docs: list[PlannedDocument],
    renderer: Renderer,
    options: BuildOptions,
    author: str,
    result: BuildResult,
    progress: Progress,
    step: StepProgress,
    no_packet: set[str] | frozenset[str] = frozenset(),
) -> dict:
    """Render, convert and finish ``docs`` and their packets (but those of the groups in
    ``no_packet``, of which only some documents are made) in a staging folder, then publish them
    into the outputs folder; returns what failed (path → reason)."""
    convert = ConvertOptions(workers=options.workers, timeout=options.timeout)
    with (
        ScratchDir(".konwent-", options.outputs) as work,  # a killed build's is swept away
        Pool(convert) as pool,
    ):
        work = work.resolve()
        staged = work / "wyniki"
        pool.warm(convert.worker_count(len(docs)))  # LibreOffice starts while DOCX are rendered
        with _timed(result.timings, "render"):
            rendered = render_all(docs, renderer, work, step)
            docx, people = [path for path, _names in rendered], dict(rendered)
        progress(_("rendered {} documents").format(len(docx)))
        with _timed(result.timings, "convert"):
            batch: BatchResult = convert_documents(
                docx, work, convert, lambda done, total: step("convert", done, total), pool=pool,
                batches=[doc.group for doc in docs],
            )  # fmt: skip
        progress(_("converted {} documents to PDF").format(len(batch.converted)))
        result.joined = sum(1 for c in batch.converted.values() if c.pages is not None)
        with ProcessPoolExecutor(max_workers=1) as packer:
            with _timed(result.timings, "pdf"):
                pairs = zip(docs, docx, strict=True)
                whole = [(d, p) for d, p in pairs if d.group not in no_packet]
                packets = assemble(
                    [d for d, _p in whole], batch.converted, [p for _d, p in whole], staged,
                    author, options.draft, packer, people,
                )  # fmt: skip
                pdfs = finish_documents(
                    docs, batch.converted, docx, staged, author, options.draft, step, people
                )
            with _timed(result.timings, "packets"):  # what is left of them
                made, unwritten = make_packets(packets)
        result.failed = {d.doc_id for d, path in zip(docs, docx, strict=True)
                         if path not in batch.converted}  # fmt: skip
        result.failed |= {target.parent.name for target in unwritten}
        with _timed(result.timings, "publish"):
            unpublished = _publish(docs, docx, pdfs, made, staged, options.outputs, result)
    result.failed |= {target.parent.name for target in unpublished}
    return batch.failed | unwritten | unpublished


def _publish(
    docs: Sequence[PlannedDocument],
    docx: Sequence[Path],
    pdfs: Sequence[Path],
    packets: Sequence[Path],
    staged: Path,
    outputs: Path,
    result: BuildResult,
) -> dict[Path, str]:
    """Publish the staged files (:func:`pipeline.publish.publish`); returns those that could not
    be written, with the reason."""
    names = [f"{doc.group}/{doc.stem}.docx" for doc in docs]
    published = Published()
    publish(zip(docx, names, strict=True), outputs, published)
    publish(((p, p.relative_to(staged).as_posix()) for p in pdfs), outputs, published)
    documents = len(published.written)
    publish(((p, p.relative_to(staged).as_posix()) for p in packets), outputs, published,
            _("packet not written: {}"))  # fmt: skip
    result.documents = published.written[:documents]
    result.packets = published.written[documents:]
    result.unchanged = published.unchanged
    result.kept_signed = published.kept_signed
    return published.failed
