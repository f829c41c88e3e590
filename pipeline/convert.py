"""DOCX → PDF/A-2b through LibreOffice headless, with a private profile and a timeout."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .errors import ConversionError
from .i18n import _

# PDF/A-2b, tagged, fonts embedded, no heading bookmarks (packets add one per document), Word
# bookmarks (e.g. the signature anchors podpis_<role>) exported as named destinations:
# LibreOffice's writer_pdf_Export filter options in their JSON form.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"false"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(_("LibreOffice (soffice) is not installed; run the set-up (make demo)"))


def convert_batch(docx_files: Sequence[Path], out_dir: Path, timeout: float = 300) -> list[Path]:
    """Convert ``docx_files`` in one LibreOffice process; return the PDFs in the same order."""
    if not docx_files:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="konwent-lo-") as profile:
        command = [
            soffice_binary(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
            str(out_dir),
            *map(str, docx_files),
        ]
        _run(command, timeout)
    pdfs = [out_dir / f"{path.stem}.pdf" for path in docx_files]
    missing = [p.name for p in pdfs if not p.is_file()]
    if missing:
        raise ConversionError(_("LibreOffice produced no PDF for: {}").format(", ".join(missing)))
    return pdfs


def _run(command: list[str], timeout: float) -> None:
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=os.environ | {"HOME": os.environ.get("HOME", "/tmp")},
    )
    try:
        output, _unused = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(
            _("LibreOffice did not finish within {} s").format(int(timeout))
        ) from None
    if process.returncode != 0:
        tail = output.decode("utf-8", "replace").strip()[-500:]
        raise ConversionError(_("LibreOffice failed ({}): {}").format(process.returncode, tail))
