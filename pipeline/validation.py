"""Validation helpers shared by the loaders: pydantic errors → located, readable Problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .i18n import _

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_loc(loc: Loc) -> str:
    """('uchwaly', 0, 'glosowanie', 'za') → 'uchwaly[1].glosowanie.za' (items count from 1)."""
    out = ""
    for part in loc:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def nearest_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    """The line of ``loc`` or of its closest enclosing field."""
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def _message(error: dict[str, Any]) -> str:
    """A pydantic error as a sentence a secretary understands."""
    kind, ctx = error["type"], error.get("ctx", {})
    messages = {
        "missing": _("required field is missing"),
        "extra_forbidden": _("unknown field (check its spelling)"),
        "string_too_short": _("must not be empty"),
        "too_short": _("needs at least {} entries").format(ctx.get("min_length")),
        "enum": _("must be one of: {}").format(ctx.get("expected", "")),
        "date_from_datetime_parsing": _("expected a date written YYYY-MM-DD"),
        "date_parsing": _("expected a date written YYYY-MM-DD"),
        "date_type": _("expected a date written YYYY-MM-DD"),
        "int_parsing": _("expected a whole number"),
        "int_type": _("expected a whole number"),
        "greater_than_equal": _("must be at least {}").format(ctx.get("ge")),
        "string_pattern_mismatch": _("has the wrong format (expected {})").format(
            _pattern_hint(ctx.get("pattern", ""))
        ),
        "string_type": _("expected text"),
        "list_type": _("expected a list"),
        "model_type": _("expected a group of fields"),
        "model_attributes_type": _("expected a group of fields"),
        "bool_parsing": _("expected tak/nie (true/false)"),
        "bool_type": _("expected tak/nie (true/false)"),
        "dict_type": _("expected a group of fields"),
        "less_than_equal": _("must be at most {}").format(ctx.get("le")),
        "int_from_float": _("expected a whole number"),
    }
    return messages.get(kind, error["msg"])


def _pattern_hint(pattern: str) -> str:
    hints = {
        r"^[0-9]{2}-[0-9]{3}$": _("a postal code NN-NNN"),
        r"^[0-9]{1,2}:[0-9]{2}$": _("an hour HH:MM"),
    }
    return hints.get(pattern, _("an e-mail address") if "@" in pattern else pattern)


def validate(
    model: type[M],
    data: Any,
    shown: str,
    lines: dict[Loc, int] | None = None,
    row: int | None = None,
) -> tuple[M | None, list[Problem]]:
    """Validate ``data`` as ``model``; return the model or the located problems."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            line = row if row is not None else nearest_line(lines or {}, loc)
            problems.append(Problem(shown, format_loc(loc), _message(error), line=line))
        return None, problems
