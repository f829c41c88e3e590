"""Benchmark: N declarations through the whole pipeline, against plain LibreOffice baselines.

    .venv/bin/python -m benchmarks.run [--count 1000] [--repeat 3] [--workers 0] [--sample 20]
                                       [--no-baselines]

Builds the same N declarations ``--repeat`` times (each into a fresh outputs folder) and prints,
per stage, the median and the range, documents per second, the CPU time of the whole build (this
process and every child: LibreOffice and the worker processes) and the Python process's peak RSS.
Then the rebuild of the bundled example with nothing changed (a new process each time). Then,
on the same DOCX files, the ratio of the median build against (a) one cold ``soffice``
process per file (a sample, extrapolated) and (b) two parallel ``soffice`` batch processes over all
files (each converting its half in runs of at most 200 files), both measured in the same run and
both checked to have made every PDF.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from benchmarks.generate import generate
from pipeline.build import BuildOptions, build
from pipeline.convert import PDF_FILTER, soffice_binary

# LibreOffice 7.4 silently stops after 246 files given in one command line (exit code 0,
# no message); a batch of more files is converted by successive soffice processes.
SOFFICE_FILES = 200


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def soffice(files: list[Path], out: Path, profile: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            soffice_binary(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def converted(files: list[Path], out: Path) -> None:
    """A baseline counts only if it made every PDF."""
    missing = [f.name for f in files if not (out / f"{f.stem}.pdf").exists()]
    if missing:
        raise SystemExit(f"baseline: soffice made no PDF of {len(missing)} files: {missing[:3]}")


def cold_per_file(files: list[Path], work: Path, sample: int) -> float:
    """(a) Seconds per file for a cold soffice (fresh profile) per file, on a random sample."""
    chosen = random.Random(6).sample(files, min(sample, len(files)))
    started = time.perf_counter()
    for number, path in enumerate(chosen):
        soffice([path], work / "a", work / f"profile-a-{number}").wait()
    elapsed = time.perf_counter() - started
    converted(chosen, work / "a")
    return elapsed / len(chosen)


def batches(files: list[Path], out: Path, profile: Path) -> None:
    """One soffice after another over ``files``, at most SOFFICE_FILES at a time."""
    for start in range(0, len(files), SOFFICE_FILES):
        soffice(files[start : start + SOFFICE_FILES], out, profile).wait()


def two_batches(files: list[Path], work: Path) -> float:
    """(b) Seconds for two parallel soffice batch processes, each given half of the files."""
    halves = [files[0::2], files[1::2]]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(batches, halves, [work / "b"] * 2, [work / f"profile-b-{n}" for n in (0, 1)]))
    elapsed = time.perf_counter() - started
    converted(files, work / "b")
    return elapsed


@dataclass
class Run:
    stages: dict[str, float]
    total: float
    cpu: float
    joined: int


def build_once(inputs: Path, outputs: Path, workers: int) -> Run:
    shutil.rmtree(outputs, ignore_errors=True)
    cpu, started = cpu_seconds(), time.perf_counter()
    result = build(BuildOptions(inputs=inputs, outputs=outputs, workers=workers))
    total = time.perf_counter() - started
    return Run(result.timings, total, cpu_seconds() - cpu, result.joined)


def spread(values: list[float]) -> str:
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:7.2f} s"
    return f"{middle:7.2f} s  ({min(values):.2f}–{max(values):.2f})"


def report(runs: list[Run], count: int) -> float:
    """Print the medians; return the median end-to-end time."""
    print(f"declarations: {count} (joined path: {runs[0].joined}), builds: {len(runs)}")
    for stage in runs[0].stages:
        print(f"  {stage:<10} {spread([r.stages.get(stage, 0.0) for r in runs])}")
    total = statistics.median(r.total for r in runs)
    print(f"  {'total':<10} {spread([r.total for r in runs])}  ({count / total:.1f} documents/s)")
    cpu = statistics.median(r.cpu for r in runs)
    cores = os.cpu_count() or 1
    print(
        f"CPU time of a build: {cpu:.1f} s on {cores} cores "
        f"(busy {cpu / total / cores:.0%} of the wall time; floor {cpu / cores:.1f} s)"
    )
    print(f"Python peak RSS: {peak_rss_mb():.0f} MB")
    return total


def baselines(files: list[Path], work: Path, sample: int, total: float, convert: float) -> None:
    per_file = cold_per_file(files, work, sample)
    shutil.rmtree(work / "a", ignore_errors=True)
    batches = two_batches(files, work)
    cold = per_file * len(files)
    print(f"(a) cold soffice per file: {per_file:.2f} s/file × {len(files)} = {cold:.1f} s")
    print(f"(b) two parallel soffice batches over all files: {batches:.1f} s")
    print(
        f"konwent end to end vs (a): {cold / total:.1f}×, vs (b): {batches / total:.1f}×; "
        f"its conversion stage alone vs (a): {cold / convert:.1f}×, vs (b): "
        f"{batches / convert:.1f}×"
    )


EXAMPLE = Path(__file__).resolve().parents[1] / "inputs"


def unchanged_rebuilds(work: Path, repeat: int) -> None:
    """``konwent build`` of the bundled example, run again with nothing changed, as a user runs
    it (a new process each time: start-up and imports count)."""
    out = work / "example"
    command = [sys.executable, "-m", "pipeline", "build", str(EXAMPLE), "--out", str(out)]
    subprocess.run(command, check=True, capture_output=True)
    times = []
    for _ in range(max(3, repeat)):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    print(f"rebuild of the bundled example with nothing changed: {spread(times)} (target ≤ 1 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="declarations (default 1000)")
    parser.add_argument("--repeat", type=int, default=3, help="builds, medians quoted (3)")
    parser.add_argument("--workers", type=int, default=0, help="LibreOffice workers (0: cores)")
    parser.add_argument("--sample", type=int, default=20, help="files for baseline (a)")
    parser.add_argument("--no-baselines", action="store_true", help="skip baselines (a), (b)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="konwent-bench-") as tmp:
        work = Path(tmp)
        inputs = generate(args.count, work / "inputs")
        runs = [build_once(inputs, work / "out", args.workers) for _ in range(max(1, args.repeat))]
        total = report(runs, args.count)
        unchanged_rebuilds(work, args.repeat)
        if args.no_baselines:
            return
        convert = statistics.median(r.stages.get("convert", r.total) for r in runs)
        files = sorted((work / "out" / "deklaracje").glob("deklaracja-*.docx"))
        baselines(files, work, args.sample, total, convert)


if __name__ == "__main__":
    main()
