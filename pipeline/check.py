"""The ``konwent check`` step: load and check an inputs folder, then summarise the findings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ExitCode, Problem
from .i18n import _, ngettext
from .rules import check_folder, errors, warnings


@dataclass(frozen=True)
class CheckOptions:
    inputs: Path
    strict: bool = False


@dataclass(frozen=True)
class CheckReport:
    """Every problem of an inputs folder, sorted by file and line, and what they add up to."""

    inputs: Path
    problems: list[Problem]
    strict: bool = False

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return warnings(self.problems)

    @property
    def exit_code(self) -> ExitCode:
        if self.errors:
            return ExitCode.INPUT
        if self.strict and self.warnings:
            return ExitCode.WARNINGS
        return ExitCode.OK

    def problem_lines(self) -> list[str]:
        """``konwent: error: FILE:LINE: path: message (rule)``, grouped by file in line order."""
        labels = {"error": _("error"), "warning": _("warning")}
        return [f"konwent: {labels[p.severity.value]}: {p.format()}" for p in self.problems]

    def summary(self) -> str:
        files = len({p.file for p in self.problems})
        if not self.problems:
            return _("{}: no problems found").format(self.inputs)
        # One count per message, so each takes its own plural form ("w 2 plikach").
        errors = ngettext("{} error", "{} errors", len(self.errors)).format(len(self.errors))
        warnings = ngettext("{} warning", "{} warnings", len(self.warnings)).format(
            len(self.warnings)
        )
        where = ngettext("in {} file", "in {} files", files).format(files)
        return f"{errors}, {warnings} {where}"

    def to_json(self) -> str:
        data = {
            "inputs": str(self.inputs),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "exit_code": int(self.exit_code),
            "problems": [asdict(p) for p in self.problems],
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def check_report(options: CheckOptions) -> CheckReport:
    _konwent, problems = check_folder(options.inputs)
    return CheckReport(options.inputs, problems, options.strict)
