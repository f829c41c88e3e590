"""The batch fast path: many DOCX of one template → one joined DOCX → one conversion → page ranges.

LibreOffice spends most of a small document's time starting up, so a batch of documents rendered
from the same template is joined into a few large DOCX files (one per worker, by
:mod:`pipeline.join`), converted in one LibreOffice job each, and the PDF is cut back into
documents by page ranges, found from the bookmark that marks where each document begins.
Documents that cannot be joined, or whose joined job failed, are converted one by one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from .convert import MAX_CHUNK, ConvertOptions, Pool, Progress
from .external import run_tool
from .fields import decode_destination
from .join import join, join_key

MIN_BATCH = 8  # below this, joining saves less than it costs
# LibreOffice's time per document grows with the document it sits in (measured on one-page
# declarations: ~18 ms each in a 125-document file, ~30 ms in a 500-document one), so a batch is
# joined into files of at most this many documents, each worker converting its files in one job.
JOIN_SIZE = 100
SPLIT = 2  # a joined batch is split in at least this many jobs, whatever the cores


def destinations(pdf: Path) -> Iterator[tuple[int, str]]:
    """(page index, decoded name) of every named destination, as poppler's pdfinfo lists them:
    a C tool reading a thousand-page PDF in milliseconds and in its own memory."""
    listing = run_tool(["pdfinfo", "-dests", str(pdf)]).stdout
    for line in listing.splitlines()[1:]:
        found = re.match(r"\s*(\d+)\s.*\]\s+\"(.*)\"\s*$", line)
        if found:
            yield int(found.group(1)) - 1, decode_destination(found.group(2))


def page_ranges(pdf: Path, count: int) -> list[tuple[int, int]]:
    """Where each joined document lies in the converted PDF: [first, end) page indices."""
    starts: dict[int, int] = {}
    for page, name in destinations(pdf):
        found = re.fullmatch(r"k(\d+)x_start", name)
        if found:
            starts[int(found.group(1))] = page
    if sorted(starts) != list(range(count)):
        missing = sorted(set(range(count)) - set(starts))
        raise ValueError(f"start markers missing for documents {missing[:10]}")
    info = run_tool(["pdfinfo", str(pdf)])
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))
    ordered = [starts[i] for i in range(count)] + [pages]
    return [(ordered[i], ordered[i + 1]) for i in range(count)]


@dataclass(frozen=True)
class Converted:
    """Where a document's pages are: a PDF and, for joined batches, its page range."""

    pdf: Path
    pages: tuple[int, int] | None = None
    docx: Path | None = None  # the rendered DOCX, when the caller keeps it (signatories' names)


@dataclass
class BatchResult:
    converted: dict[Path, Converted]
    failed: dict[Path, str]  # documents that kept failing, with the reason


def _chunks(items: Sequence[Path], count: int) -> list[list[Path]]:
    size = -(-len(items) // max(1, count))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def convert_documents(
    docx_files: Sequence[Path],
    work: Path,
    options: ConvertOptions | None = None,
    progress: Progress | None = None,
    *,
    min_batch: int = MIN_BATCH,
    pool: Pool | None = None,
    batches: Sequence[str] | None = None,
) -> BatchResult:
    """Convert ``docx_files``, joining them into few LibreOffice jobs when they share a template
    (and the same ``batches`` entry, when given: one per file).

    Which documents are joined together depends only on the documents, never on the number of
    workers: LibreOffice embeds in each PDF the font glyphs of its whole job, so the same
    documents joined the same way give the same bytes (a group rebuilt alone too).

    Documents that cannot be joined, and the documents of a joined job that failed, go through the
    pool one by one (with its retries); what keeps failing is listed in the result, by file, while
    everything else is converted.
    """
    options = options or ConvertOptions()
    files = [Path(f) for f in docx_files]
    done: dict[Path, Converted] = {}
    single: list[Path] = []
    tick = progress or (lambda _d, _t: None)
    groups: dict[str, list[Path]] = {}
    owner = dict(zip(files, batches or [""] * len(files), strict=True))
    for path in files:
        groups.setdefault(f"{owner[path]}\n{join_key(path)}", []).append(path)
    with _borrowed(pool) if pool else Pool(options) as pool:
        for number, group in enumerate(groups.values()):
            if len(group) < min_batch:
                single += group
                continue
            joined, retry = _joined(group, work / f"group-{number}", options, pool, tick)
            done.update(joined)
            single += retry
        offset = len(done)
        pool.progress = lambda d, _t: tick(offset + d, len(files))
        single.sort(key=files.index)
        chunks = _by_batch(single, owner) if batches else None
        report = pool.convert(single, work / "pdf", chunks)
    done.update({f: Converted(pdf) for f, pdf in report.pdfs.items()})
    return BatchResult(done, dict(report.failed))


def _by_batch(files: list[Path], owner: dict[Path, str]) -> list[list[Path]]:
    """One soffice job per batch (at most MAX_CHUNK files each), in the files' order: what a
    document is converted with then depends on its batch alone."""
    batches: dict[str, list[Path]] = {}
    for path in files:
        batches.setdefault(owner[path], []).append(path)
    return [b[i : i + MAX_CHUNK] for b in batches.values() for i in range(0, len(b), MAX_CHUNK)]


@contextmanager
def _borrowed(pool: Pool) -> Iterator[Pool]:
    """A pool the caller owns (and closes)."""
    progress, options = pool.progress, pool.options
    yield pool
    pool.progress, pool.options = progress, options


def _join_all(chunks: list[list[Path]], targets: list[Path]) -> list[Path]:
    """Join every chunk; several at once in worker processes, one per core."""
    workers = min(len(chunks), os.cpu_count() or 1)
    if workers < 2:
        return [join(chunk, target) for chunk, target in zip(chunks, targets, strict=True)]
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(join, chunks, targets))


def _joined(
    files: list[Path], work: Path, options: ConvertOptions, pool: Pool, tick: Progress
) -> tuple[dict[Path, Converted], list[Path]]:
    workers = options.worker_count(len(files))
    chunks = _chunks(files, max(SPLIT, -(-len(files) // JOIN_SIZE)))
    joined_dir = work / "joined"
    joined_dir.mkdir(parents=True, exist_ok=True)
    sources = _join_all(chunks, [joined_dir / f"batch-{n}.docx" for n in range(len(chunks))])
    # a worker converts its joined files in one LibreOffice job (one start-up); each file may
    # take as long as its documents would, each with its own allowance
    pool.options = replace(
        options,
        chunk=min(MAX_CHUNK, -(-len(sources) // workers)),
        retries=0,
        timeout=options.timeout + 0.2 * len(chunks[0]),
    )
    report = pool.convert(sources, work / "joined-pdf")
    pool.options = options
    done: dict[Path, Converted] = {}
    retry: list[Path] = []
    for chunk, source in zip(chunks, sources, strict=True):
        pdf = report.pdfs.get(source)
        if pdf is None:
            retry += chunk
            continue
        try:
            ranges = page_ranges(pdf, len(chunk))
        except ValueError:
            retry += chunk
            continue
        for path, pages in zip(chunk, ranges, strict=True):
            done[path] = Converted(pdf, pages)
        tick(len(done), len(files))
    return done, retry
