"""DOCX → PDF/A-2b through a pool of LibreOffice workers that konwent starts, watches and stops.

Each worker owns a private LibreOffice profile (warm after its first job) and converts a chunk of
documents per ``soffice`` process: LibreOffice's start-up, not the conversion, is what costs.
A job is watched: when no new PDF appears within ``timeout`` seconds (one document's allowance),
or the process dies, its process group is killed. The PDFs it finished are kept; the document it
was working on is retried alone, the rest re-queued. A document that fails ``retries + 1`` times is
reported by name while every other document is still produced. Each PDF is moved into place once,
under a lock, so no document is lost or produced twice.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConversionError, Problem, ProblemList
from .i18n import _
from .scratch import ScratchDir

# PDF/A-2b, tagged, fonts embedded, no heading bookmarks (packets add one per document), Word
# bookmarks (e.g. the signature anchors podpis_<role>) exported as named destinations:
# LibreOffice's writer_pdf_Export filter options in their JSON form.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"false"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)
# documents per soffice process; LibreOffice 7.4 silently ignores files past the 246th of one
# command line (and a worker's missing PDFs are retried anyway)
MAX_CHUNK = 100
POLL = 0.05

Progress = Callable[[int, int], None]


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(_("LibreOffice (soffice) is not installed; run the set-up (make demo)"))


@dataclass(frozen=True)
class ConvertOptions:
    workers: int = 0  # 0: one per core
    timeout: float = 120.0  # seconds one document may take (the first includes start-up)
    retries: int = 1  # extra attempts for a document whose conversion failed
    chunk: int = 0  # documents per soffice process; 0: spread evenly over the workers
    soffice: str | None = None  # the LibreOffice binary (default: soffice on PATH)

    def worker_count(self, jobs: int) -> int:
        return max(1, min(self.workers or os.cpu_count() or 1, jobs))


@dataclass
class ConversionReport:
    pdfs: dict[Path, Path] = field(default_factory=dict)  # docx → pdf
    failed: dict[Path, str] = field(default_factory=dict)  # docx → why
    attempts: dict[Path, int] = field(default_factory=dict)
    restarts: int = 0  # soffice processes killed or crashed


class DocumentsFailed(ProblemList, ConversionError):
    """Some documents could not be converted; the others were."""

    held = None  # the build's skipped and waiting files (pipeline.held.Held), reported with it

    def __init__(self, failed: dict[Path, str]):
        super().__init__([Problem(str(path.name), "", why) for path, why in sorted(failed.items())])


@dataclass
class _Job:
    files: list[Path]


def _complete(pdf: Path) -> bool:
    """A PDF LibreOffice finished writing (a killed process may leave half a file)."""
    try:
        with open(pdf, "rb") as handle:
            handle.seek(max(0, pdf.stat().st_size - 64))
            return b"%%EOF" in handle.read()
    except OSError:
        return False


class Pool:
    """LibreOffice workers with private profiles; use as a context manager."""

    def __init__(
        self, options: ConvertOptions = ConvertOptions(), progress: Progress | None = None
    ):
        self.options = options
        self.progress = progress or (lambda _done, _total: None)
        # profiles and attempts; a killed run's are removed by the next pool (see scratch.py)
        self._scratch = ScratchDir("konwent-lo-")
        self._root = self._scratch.path
        self._tmp = self._root / "tmp"  # LibreOffice's own temporary files (lu*.tmp), swept too
        self._tmp.mkdir()
        self._lock = threading.Lock()
        self._processes: dict[int, subprocess.Popen] = {}
        self._closed = False
        self._warming: dict[int, threading.Thread] = {}

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            running = list(self._processes.values())
        for process in running:
            _kill(process)
        self._scratch.release()

    def warm(self, workers: int | None = None) -> None:
        """Create the workers' profiles in the background (LibreOffice's first start is slow),
        so that they are ready when the documents are."""
        for number in range(workers or self.options.worker_count(1 << 20)):
            if number not in self._warming:
                thread = threading.Thread(target=self._warm_one, args=(number,), daemon=True)
                self._warming[number] = thread
                thread.start()

    def _warm_one(self, number: int) -> None:
        """Convert a one-line text file: creates the profile and loads Writer's PDF export."""
        folder = self._root / f"warm-{number}"
        folder.mkdir(exist_ok=True)
        (folder / "warm.txt").write_text("konwent\n", encoding="utf-8")
        command = [
            self.options.soffice or soffice_binary(),
            f"-env:UserInstallation=file://{self._root / f'profile-{number}'}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(folder),
            str(folder / "warm.txt"),
        ]
        self._spawn_and_wait(command, timeout=self.options.timeout)

    def _spawn_and_wait(self, command: list[str], timeout: float) -> None:
        process = self._spawn(command)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
        finally:
            _kill(process)
            with self._lock:
                self._processes.pop(process.pid, None)

    def _spawn(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=os.environ | {"HOME": os.environ.get("HOME", "/tmp"), "TMPDIR": str(self._tmp)},
        )
        with self._lock:
            self._processes[process.pid] = process
        return process

    @property
    def work_dir(self) -> Path:
        """Where the workers' profiles and in-progress outputs live (removed on close)."""
        return self._root

    def worker_pids(self) -> list[int]:
        """Process ids (and process groups) of the soffice processes running now."""
        with self._lock:
            return [p.pid for p in self._processes.values()]

    # --- the batch ---------------------------------------------------------------------------

    def convert(
        self,
        docx_files: Sequence[Path],
        out_dir: Path,
        chunks: Sequence[Sequence[Path]] | None = None,
    ) -> ConversionReport:
        """Convert every file; return the PDFs made and the documents that kept failing.

        ``chunks`` (each at most MAX_CHUNK files, together ``docx_files``) says which documents
        one soffice process converts; by default they are spread evenly over the workers."""
        files = [Path(f) for f in docx_files]
        if len({f.stem for f in files}) != len(files):
            raise ConversionError(_("documents to convert must have distinct file names"))
        out_dir.mkdir(parents=True, exist_ok=True)
        report = ConversionReport(attempts={f: 0 for f in files})
        if not files:
            return report
        workers = self.options.worker_count(len(files))
        jobs: queue.Queue[_Job | None] = queue.Queue()
        size = self.options.chunk or min(MAX_CHUNK, -(-len(files) // workers))
        for chunk in chunks or [files[i : i + size] for i in range(0, len(files), size)]:
            jobs.put(_Job([Path(f) for f in chunk]))
        state = _Batch(report, jobs, out_dir, len(files))
        threads = [
            threading.Thread(target=self._worker, args=(n, state), daemon=True)
            for n in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return report

    def _worker(self, number: int, state: _Batch) -> None:
        profile = self._root / f"profile-{number}"
        warming = self._warming.get(number)
        if warming is not None:
            warming.join()
        while not self._closed:
            try:
                job = state.jobs.get(timeout=POLL)
            except queue.Empty:
                if state.finished():
                    return
                continue
            self._run_job(job, profile, state)
            state.jobs.task_done()

    def _run_job(self, job: _Job, profile: Path, state: _Batch) -> None:
        attempt = Path(tempfile.mkdtemp(prefix="attempt-", dir=self._root))
        ok, why = self._soffice(job.files, profile, attempt)
        remaining = [f for f in job.files if not state.accept(f, attempt / f"{f.stem}.pdf")]
        shutil.rmtree(attempt, ignore_errors=True)
        if not remaining:
            state.settle(len(job.files), self.progress)
            return
        if ok:
            why = _("LibreOffice produced no PDF")
        if not ok:
            state.restarted()
        # LibreOffice converts in the order given: the first missing document is the one it was
        # working on; the others never got their turn and go back to the queue unpunished.
        suspect, rest = remaining[0], remaining[1:]
        state.fail_attempt(suspect, why, self.options.retries)
        if rest:
            state.jobs.put(_Job(rest))
        state.settle(len(job.files) - len(remaining), self.progress)

    def _soffice(self, files: list[Path], profile: Path, out: Path) -> tuple[bool, str]:
        command = [
            self.options.soffice or soffice_binary(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out),
            *map(str, files),
        ]
        process = self._spawn(command)
        try:
            return self._watch(process, out)
        finally:
            _kill(process)
            with self._lock:
                self._processes.pop(process.pid, None)

    def _watch(self, process: subprocess.Popen, out: Path) -> tuple[bool, str]:
        """Wait for ``process``; kill it when it stops making progress for ``timeout`` s."""
        seen, last = 0, time.monotonic()
        while True:
            code = process.poll()
            if code is not None:
                if code == 0:
                    return True, ""
                return False, _("LibreOffice stopped with code {}").format(code)
            produced = sum(1 for _p in out.iterdir())
            now = time.monotonic()
            if produced != seen:
                seen, last = produced, now
            elif now - last > self.options.timeout:
                return False, _("conversion did not finish within {} s").format(
                    f"{self.options.timeout:g}"
                )
            if self._closed:
                return False, _("interrupted")
            time.sleep(POLL)


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # the group may outlive its leader (soffice.bin under the oosplash launcher)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


class _Batch:
    """The shared state of one batch: outcomes, the job queue, what is still owed."""

    def __init__(self, report: ConversionReport, jobs: queue.Queue, out_dir: Path, total: int):
        self.report, self.jobs, self.out_dir, self.total = report, jobs, out_dir, total
        self._lock = threading.Lock()
        self._settled = 0

    def accept(self, docx: Path, made: Path) -> bool:
        """Move a finished PDF into place, once; True when ``docx`` is done."""
        with self._lock:
            if docx in self.report.pdfs:
                return True
            if not _complete(made):
                return False
            target = self.out_dir / made.name
            os.replace(made, target)
            self.report.pdfs[docx] = target
            return True

    def restarted(self) -> None:
        with self._lock:
            self.report.restarts += 1

    def fail_attempt(self, docx: Path, why: str, retries: int) -> None:
        with self._lock:
            self.report.attempts[docx] += 1
            if self.report.attempts[docx] > retries:
                self.report.failed[docx] = why
                self._settled += 1
                return
        self.jobs.put(_Job([docx]))

    def settle(self, count: int, progress: Progress) -> None:
        with self._lock:
            self._settled += count
            done = self._settled
        progress(done, self.total)

    def finished(self) -> bool:
        with self._lock:
            return self._settled >= self.total


def convert_batch(
    docx_files: Sequence[Path],
    out_dir: Path,
    timeout: float = 120.0,
    options: ConvertOptions | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Convert ``docx_files`` through a pool; the PDFs in the same order, or DocumentsFailed."""
    options = options or ConvertOptions(timeout=timeout)
    with Pool(options, progress) as pool:
        report = pool.convert(docx_files, out_dir)
    if report.failed:
        raise DocumentsFailed(report.failed)
    return [report.pdfs[Path(f)] for f in docx_files]
