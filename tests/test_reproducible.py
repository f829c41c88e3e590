"""The same inputs, templates and konwent give byte-identical PDFs, each with a file identifier."""

from __future__ import annotations

import filecmp
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline.build import BuildOptions, build

pytestmark = pytest.mark.slow


def _pdfs(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.pdf"))


def test_two_builds_of_the_same_inputs_are_byte_identical(example, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    build(BuildOptions(inputs=example, outputs=first))
    build(BuildOptions(inputs=example, outputs=second))
    names = _pdfs(first)
    assert names == _pdfs(second) and len(names) >= 15
    for name in names:
        assert subprocess.run(["cmp", first / name, second / name], check=False).returncode == 0
    _match, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert (mismatch, errors) == ([], [])
    resolution = PdfReader(first / "2026-06-12-zjazd" / "uchwala-1-2026.pdf")
    identifier = resolution.trailer["/ID"]
    assert len(identifier) == 2 and identifier[0] == identifier[1]
    assert resolution.metadata["/CreationDate"].startswith("D:20260612")
    other = PdfReader(first / "2026-06-12-zjazd" / "uchwala-2-2026.pdf").trailer["/ID"]
    assert other[0] != identifier[0]
