"""Domain errors: each knows its exit code and formats its own located message.

The core raises these; only the CLI turns them into stderr lines and exit codes.
"""

from __future__ import annotations

import errno
import unicodedata
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from .i18n import _


class ExitCode(IntEnum):
    OK = 0
    WARNINGS = 1  # only with --strict
    INPUT = 2
    CONVERSION = 3
    ARCHIVE = 4
    INTERRUPTED = 130


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
    "_",
    "problem",
    "unreadable",
    "visible",
]
