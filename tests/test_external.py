"""A missing or failing poppler or qpdf tool is a named error with an exit code, not a traceback."""

from __future__ import annotations

import pytest

from pipeline.errors import ExitCode, ToolError
from pipeline.external import run_tool
from pipeline.pdfa import extract_text


def test_a_missing_tool_names_its_debian_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pdftotext on this PATH
    with pytest.raises(ToolError, match="pdftotext.*poppler-utils") as caught:
        extract_text(tmp_path / "any.pdf")
    assert caught.value.exit_code == ExitCode.CONVERSION


def test_a_failing_tool_says_how_it_failed(tmp_path):
    with pytest.raises(ToolError, match=r"pdfinfo failed \(exit code \d+\)"):
        run_tool(["pdfinfo", str(tmp_path / "missing.pdf")])
