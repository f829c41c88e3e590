"""Model + profile → findings: every rule of the Konwent's regulation, each citing its article.

``check(konwent)`` runs every check against the profile the organisation names;
``check_folder(root)`` loads an inputs folder and checks it, returning every problem of every file
(loading problems and rule findings, errors and warnings) sorted by file and line.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem, Severity
from ..inputs import has_errors, load_partial
from ..model import Konwent
from . import council, language, meetings, members, numbers
from .engine import Context, Place, for_profile

CHECKS = [*council.CHECKS, *members.CHECKS, *meetings.CHECKS, *language.CHECKS, *numbers.CHECKS]

__all__ = ["CHECKS", "Context", "Place", "check", "check_folder", "errors", "warnings"]


def check(konwent: Konwent) -> list[Problem]:
    """Every rule finding for a loaded inputs folder, errors and warnings, in check order.

    Where a file of meetings or declarations failed to load (``Konwent.incomplete``), checks that
    conclude from such a document's absence (no admitting resolution, a year without a meeting)
    stay silent; a bad register row or a broken file elsewhere silences nothing.
    """
    ctx = for_profile(konwent)
    for run in CHECKS:
        run(ctx)
    return ctx.found


def _order(problem: Problem) -> tuple[str, int]:
    return problem.file, problem.line or 0


def check_folder(root: Path) -> tuple[Konwent | None, list[Problem]]:
    """Load and check an inputs folder; the model is ``None`` when loading found errors.

    Rules run on whatever loaded, so a broken file does not hide the rule findings of the others.
    """
    konwent, problems = load_partial(root)
    complete = not has_errors(problems)
    if konwent is not None:
        problems = problems + check(konwent)
    return (konwent if complete else None), sorted(problems, key=_order)


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.WARNING]
