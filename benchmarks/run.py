"""Benchmark: N declarations through the whole pipeline, against plain LibreOffice baselines.

    .venv/bin/python -m benchmarks.run [--count 1000] [--sample 20] [--no-baselines]

Prints per-stage times, documents per second, the Python process's peak RSS and, on the same DOCX
files, the ratio against (a) one cold ``soffice`` process per file (a sample, extrapolated) and
(b) two parallel ``soffice`` batch processes over all files.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.generate import generate
from pipeline.build import BuildOptions, build
from pipeline.convert import PDF_FILTER, soffice_binary


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def cold_per_file(files: list[Path], work: Path, sample: int) -> float:
    """(a) Seconds per file for a cold soffice (fresh profile) per file, on a random sample."""
    chosen = random.Random(6).sample(files, min(sample, len(files)))
    started = time.perf_counter()
    for number, path in enumerate(chosen):
        soffice([path], work / "a", work / f"profile-a-{number}").wait()
    return (time.perf_counter() - started) / len(chosen)


def two_batches(files: list[Path], work: Path) -> float:
    """(b) Seconds for two parallel soffice processes, each given half of the files."""
    halves = [files[0::2], files[1::2]]
    started = time.perf_counter()
    running = [soffice(h, work / "b", work / f"profile-b-{n}") for n, h in enumerate(halves)]
    for process in running:
        process.wait()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="declarations (default 1000)")
    parser.add_argument("--sample", type=int, default=20, help="files for baseline (a)")
    parser.add_argument("--no-baselines", action="store_true", help="skip baselines (a), (b)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="konwent-bench-") as tmp:
        work = Path(tmp)
        inputs = generate(args.count, work / "inputs")
        started = time.perf_counter()
        result = build(BuildOptions(inputs=inputs, outputs=work / "out"))
        total = time.perf_counter() - started
        rss = peak_rss_mb()
        print(f"declarations: {args.count} (joined path: {result.joined})")
        for stage, seconds in result.timings.items():
            print(f"  {stage:<10} {seconds:7.2f} s")
        print(f"  {'total':<10} {total:7.2f} s  ({args.count / total:.1f} documents/s)")
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"Python peak RSS: {rss:.0f} MB (largest child process so far: {children:.0f} MB)")
        if args.no_baselines:
            return
        files = sorted((work / "out" / "deklaracje").glob("deklaracja-*.docx"))
        per_file = cold_per_file(files, work, args.sample)
        shutil.rmtree(work / "a", ignore_errors=True)
        batches = two_batches(files, work)
        convert = result.timings.get("convert", total)
        cold = per_file * len(files)
        print(f"(a) cold soffice per file: {per_file:.2f} s/file × {len(files)} = {cold:.1f} s")
        print(f"(b) two parallel soffice batches over all files: {batches:.1f} s")
        print(
            f"konwent end to end vs (a): {cold / total:.1f}×, vs (b): {batches / total:.1f}×; "
            f"its conversion stage alone vs (a): {cold / convert:.1f}×, vs (b): "
            f"{batches / convert:.1f}×"
        )


if __name__ == "__main__":
    main()
