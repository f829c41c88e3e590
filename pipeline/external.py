"""Running the poppler and qpdf command-line tools konwent relies on (pdfinfo, pdftoppm,
pdftotext, qpdf): a missing or failing tool is a named error, never a traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from .errors import ToolError
from .i18n import _

PACKAGES = {"pdfinfo": "poppler-utils", "pdftoppm": "poppler-utils",
            "pdftotext": "poppler-utils", "qpdf": "qpdf"}  # fmt: skip


def run_tool(
    args: Sequence[str], *, check: bool = True, text: bool = True, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``args`` run with its output captured; raises ToolError when the tool is not installed,
    does not finish in ``timeout`` seconds, or (with ``check``) fails."""
    tool = args[0]
    try:
        result = subprocess.run(list(args), capture_output=True, text=text, timeout=timeout)
    except FileNotFoundError:
        package = PACKAGES.get(tool, tool)
        message = _("{tool} is not installed (Debian package {package}; run make demo)")
        raise ToolError(message.format(tool=tool, package=package)) from None
    except subprocess.TimeoutExpired:
        message = _("{tool} did not finish in {seconds} s")
        raise ToolError(message.format(tool=tool, seconds=int(timeout))) from None
    if check and result.returncode != 0:
        detail = result.stderr if text else result.stderr.decode("utf-8", "replace")
        message = _("{tool} failed (exit code {code}): {detail}")
        raise ToolError(message.format(tool=tool, code=result.returncode,
                                       detail=detail.strip()[-300:]))  # fmt: skip
    return result
