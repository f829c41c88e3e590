"""Validation helpers shared by the loaders: pydantic errors → located Problems in konwent's words.

No text of pydantic reaches a user: every error type konwent's model can raise has its own
sentence here, and an unforeseen one gets a general sentence of ours, never the library's.
"""

from __future__ import annotations

import difflib
import functools
import os
import types
import unicodedata
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .i18n import _

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

# Error types raised by konwent's own validators (fieldtypes): their text is konwent's already.
OWN_ERRORS = {"control_character", "blank", "identifier", "date_format", "date_impossible"}


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working folder when inside it."""
    return _displayed(str(path), os.getcwd())


@functools.lru_cache(maxsize=8192)
def _displayed(path: str, cwd: str) -> str:
    # Cached: every problem and rule finding of a big batch names its file, often many times.
    try:
        return str(Path(path).resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return path


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


def _fold(text: str) -> str:
    """'Miejscowość' → 'miejscowosc': compared without case and Polish accents."""
    text = text.casefold().replace("ł", "l")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def suggest(word: str, choices: list[str]) -> str | None:
    """The choice ``word`` was probably meant to be (accents and case ignored), if any is close."""
    folded = {_fold(choice): choice for choice in choices}
    if _fold(word) in folded:
        return folded[_fold(word)]
    close = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def _unwrap(annotation: Any) -> Any:
    """Annotated[X, …] → X; X | None → X."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _unwrap(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else annotation
    return annotation


def type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The type a model expects at ``loc`` (input keys), or None when it cannot be told."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) and get_origin(current) is list:
            current = get_args(current)[0]
        elif isinstance(part, str) and isinstance(current, type) and issubclass(current, BaseModel):
            fields = {(f.alias or name): f for name, f in current.model_fields.items()}
            if part not in fields:
                return None
            current = fields[part].annotation
        else:
            return None
    return _unwrap(current)


def field_names(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys a group of fields at ``loc`` accepts."""
    found = type_at(model, loc)
    if not (isinstance(found, type) and issubclass(found, BaseModel)):
        return []
    return [f.alias or name for name, f in found.model_fields.items()]


def quoted_list(values: list[str]) -> str:
    return ", ".join(f"„{v}”" for v in values)


def _one_of(model: type[BaseModel], error: dict[str, Any]) -> str:
    """'must be one of …' with the values of the field's enumeration, and the likely one."""
    kind = type_at(model, tuple(error["loc"]))
    values = [m.value for m in kind] if isinstance(kind, type) and issubclass(kind, Enum) else []
    guess = suggest(str(error.get("input", "")), values) if values else None
    if guess is not None:
        return _("not an allowed value; did you mean „{}”?").format(guess)
    return _("must be one of: {}").format(quoted_list(values))


def _no_value(error: dict[str, Any]) -> str | None:
    if error.get("input", "") is None and error["type"].endswith("_type"):
        return _("no value is given")
    return None


def _message(model: type[BaseModel], error: dict[str, Any]) -> str:
    """A pydantic error as a sentence a secretary understands."""
    kind, ctx = error["type"], error.get("ctx", {})
    if kind in OWN_ERRORS:
        return error["msg"]
    if kind == "enum":
        return _one_of(model, error)
    if (empty := _no_value(error)) is not None:
        return empty
    number = _("expected a whole number")
    group = _("expected a group of fields (name: value lines indented below this one)")
    messages = {
        "missing": _("required field is missing"),
        "extra_forbidden": _("unknown field (check its spelling)"),
        "string_too_short": _("must not be empty"),
        "too_short": _("needs at least {} entries").format(ctx.get("min_length")),
        "int_parsing": number,
        "int_type": number,
        "int_from_float": number,
        "greater_than_equal": _("must be at least {}").format(ctx.get("ge")),
        "less_than_equal": _("must be at most {}").format(ctx.get("le")),
        "string_pattern_mismatch": _("has the wrong format (expected {})").format(
            _pattern_hint(ctx.get("pattern", ""))
        ),
        "string_type": _("expected text, not a list or a group of fields"),
        "list_type": _("expected a list (lines starting with “- ”)"),
        "model_type": group,
        "model_attributes_type": group,
        "dict_type": group,
        "bool_parsing": _("write tak or nie"),
        "bool_type": _("write tak or nie"),
        "date_type": _("not a date: write it as YYYY-MM-DD or DD.MM.YYYY"),
    }
    return messages.get(kind, _("this value cannot be used here"))


def _pattern_hint(pattern: str) -> str:
    hints = {
        r"^[0-9]{2}-[0-9]{3}$": _("a postal code NN-NNN"),
        r"^[0-9]{1,2}:[0-9]{2}$": _("an hour HH:MM"),
    }
    return hints.get(pattern, _("an e-mail address") if "@" in pattern else _("another form"))


def _misspelt(model: type[BaseModel], errors: list[dict[str, Any]]) -> dict[Loc, str]:
    """Unknown keys that are a misspelling of a missing one: location → the key meant."""
    found: dict[Loc, str] = {}
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not isinstance(loc[-1], str):
            continue
        guess = suggest(loc[-1], field_names(model, loc[:-1]))
        if guess is not None and guess != loc[-1]:
            found[loc] = guess
    return found


def _readable(model: type[BaseModel], exc: ValidationError) -> list[tuple[Loc, str]]:
    """(location, message) of every error; a misspelt key is one problem, not two."""
    errors = exc.errors()
    misspelt = _misspelt(model, errors)
    meant = {(*loc[:-1], key) for loc, key in misspelt.items()}
    out = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "missing" and loc in meant:
            continue
        if loc in misspelt:
            message = _("unknown field; did you mean „{}”?").format(misspelt[loc])
        else:
            message = _message(model, error)
        out.append((loc, message))
    return out


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
        for loc, message in _readable(model, exc):
            line = row if row is not None else nearest_line(lines or {}, loc)
            problems.append(Problem(shown, format_loc(loc), message, line=line))
        return None, problems
