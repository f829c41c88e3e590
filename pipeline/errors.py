"""Domain errors: each knows its exit code and formats its own located message.

The core raises these; only the CLI turns them into stderr lines and exit codes.
"""

from __future__ import annotations

import errno
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .i18n import N_, _


class ExitCode(IntEnum):
    """Every outcome of every command has its own code (README and ``konwent --help`` list them)."""

    OK = 0
    WARNINGS = 1  # only with --strict
    INPUT = 2
    CONVERSION = 3
    ARCHIVE = 4
    PARTIAL = 5
    SIGNATURE_UNTRUSTED = 6
    SIGNATURE_CHANGED = 7
    INTERRUPTED = 130

    @property
    def meaning(self) -> str:
        """What the code says, in the interface language."""
        return _(EXIT_CODE_MEANINGS[self])

    @classmethod
    def most_severe(cls, codes: Iterable[ExitCode]) -> ExitCode:
        """The code a run ends with when several outcomes apply."""
        return max(codes, key=SEVERITY.index, default=cls.OK)


EXIT_CODE_MEANINGS = {
    ExitCode.OK: N_("done"),
    ExitCode.WARNINGS: N_("done, with warnings (only with --strict)"),
    ExitCode.INPUT: N_("errors in the inputs or the command: nothing was built"),
    ExitCode.CONVERSION: N_("a document could not be converted to PDF"),
    ExitCode.ARCHIVE: N_("an archive problem: a changed final, manifest or input"),
    ExitCode.PARTIAL: N_("built in part: some documents were skipped or wait for others"),
    ExitCode.SIGNATURE_UNTRUSTED: N_(
        "a signature is intact, but its certificate is not trusted (give --trust)"
    ),
    ExitCode.SIGNATURE_CHANGED: N_("a signed document was changed after signing"),
    ExitCode.INTERRUPTED: N_("interrupted (Ctrl-C)"),
}
# From the mildest outcome to the most severe: a run where several apply ends with the last.
SEVERITY = (
    ExitCode.OK,
    ExitCode.WARNINGS,
    ExitCode.SIGNATURE_UNTRUSTED,
    ExitCode.PARTIAL,
    ExitCode.INPUT,
    ExitCode.CONVERSION,
    ExitCode.ARCHIVE,
    ExitCode.SIGNATURE_CHANGED,
    ExitCode.INTERRUPTED,
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def visible(text: str) -> str:
    """``text`` safe for a terminal: every control, format or unassigned character (U+000B,
    U+FFFF, a right-to-left override) is shown as its code instead of being printed."""
    return "".join(
        f"U+{ord(char):04X}" if unicodedata.category(char).startswith("C") else char
        for char in text
    )


@dataclass(frozen=True)
class Problem:
    """One located finding: which file, where in it, what is wrong, and which rule says so."""

    file: str
    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR
    rule: str | None = None

    def location(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return visible(f"{where}: {self.path}" if self.path else where)

    def format(self) -> str:
        text = f"{self.location()}: {visible(self.message)}"
        return f"{text} ({self.rule})" if self.rule else text


class KonwentError(Exception):
    """Base of every error konwent reports to a user."""

    exit_code: ExitCode = ExitCode.INPUT

    def format_message(self) -> str:
        return str(self)

    def lines(self) -> list[str]:
        return [self.format_message()]


class ProblemList:
    """Mixed into a KonwentError: several located problems, reported together, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    def lines(self) -> list[str]:
        return [p.format() for p in self.problems]


class InputError(ProblemList, KonwentError):
    """One or more problems in the inputs; all of them are reported together."""

    exit_code = ExitCode.INPUT


class TemplateError(KonwentError):
    exit_code = ExitCode.INPUT


class ConversionError(KonwentError):
    exit_code = ExitCode.CONVERSION


class ToolError(ConversionError):
    """A tool konwent runs (pdfinfo, pdftoppm, pdftotext, qpdf) is missing or failed."""


class ArchiveError(KonwentError):
    exit_code = ExitCode.ARCHIVE


class ArchiveProblems(ProblemList, ArchiveError):
    """Several located archive problems (changed inputs, a failed verify), reported together."""


def unreadable(exc: OSError) -> str:
    """Why a file cannot be read, in konwent's words (the system's own text may be English)."""
    reasons = {
        errno.ENOENT: _("cannot read the file: it does not exist"),
        errno.EACCES: _("cannot read the file: no permission to read it"),
        errno.EISDIR: _("cannot read the file: it is a folder"),
    }
    default = _("cannot read the file (system error {})").format(exc.errno)
    return reasons.get(exc.errno, default)


def problem(file: str, path: str, message: str, **kwargs) -> Problem:
    """Shorthand used by loaders and rules."""
    return Problem(file=file, path=path, message=message, **kwargs)


__all__ = [
    "ArchiveError",
    "ArchiveProblems",
    "ConversionError",
    "ExitCode",
    "InputError",
    "KonwentError",
    "Problem",
    "Severity",
    "TemplateError",
    "ToolError",
    "_",
    "problem",
    "unreadable",
    "visible",
]
