"""The documented benchmark command runs and prints what its README section promises."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_prints_stage_medians_cpu_rss_and_both_baseline_ratios():
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--count", "9", "--repeat", "2", "--sample", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    out = run.stdout
    assert "declarations: 9 (joined path: 9), builds: 2" in out
    for stage in ("load", "render", "convert", "pdf", "packets", "total"):
        assert re.search(rf"^  {stage}\s+\d+\.\d\d s  \(\d+\.\d\d–\d+\.\d\d\)", out, re.M), stage
    assert re.search(r"\d+\.\d documents/s", out)
    assert re.search(r"CPU time of a build: \d+\.\d s on \d+ cores", out)
    assert re.search(r"Python peak RSS: \d+ MB", out)
    assert re.search(r"bundled example with nothing changed:\s+\d+\.\d\d s  \(", out)
    assert re.search(r"\(a\) cold soffice per file: \d\.\d\d s/file × 9 = ", out)
    assert re.search(r"\(b\) two parallel soffice batches over all files: \d+\.\d s", out)
    assert re.search(r"end to end vs \(a\): \d+\.\d×, vs \(b\): \d+\.\d×", out)
