"""Inputs folder (YAML documents, CSV register) → validated model, every problem located.

Layout of an inputs folder::

    konwent.yaml            the organisation, its profile and council
    czlonkowie.csv          the member register
    posiedzenia/*.yaml      one file per meeting
    deklaracje/*.yaml       one file per newcomer's declaration

All problems of all files are collected and raised together as one ``InputError``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import InputError, Problem
from .i18n import _
from .model import Declaration, Konwent, Meeting, Member, Organisation, Register, Sourced

ORGANISATION_FILE = "konwent.yaml"
REGISTER_FILE = "czlonkowie.csv"
MEETINGS_DIR = "posiedzenia"
DECLARATIONS_DIR = "deklaracje"

M = TypeVar("M", bound=BaseModel)
Loc = tuple[str | int, ...]

# Flat register columns → nested model keys.
REGISTER_COLUMNS: dict[str, Loc] = {
    "id": ("id",),
    "nazwa": ("nazwa",),
    "rodzaj": ("rodzaj",),
    "typ": ("typ",),
    "ulica": ("adres", "ulica"),
    "kod_pocztowy": ("adres", "kod_pocztowy"),
    "miejscowosc": ("adres", "miejscowosc"),
    "wojewodztwo": ("adres", "wojewodztwo"),
    "nip": ("nip",),
    "regon": ("regon",),
    "krs": ("krs",),
    "nr_rejestru": ("nr_rejestru",),
    "data_wpisu": ("data_wpisu",),
    "instytucja_tworzaca": ("instytucja_tworzaca",),
    "przedstawiciel": ("przedstawiciel", "imie_nazwisko"),
    "funkcja": ("przedstawiciel", "funkcja"),
    "email": ("przedstawiciel", "email"),
    "telefon": ("przedstawiciel", "telefon"),
    "uchwala_przyjecia": ("uchwala_przyjecia",),
    "data_przyjecia": ("data_przyjecia",),
}
_COLUMN_BY_LOC = {loc: column for column, loc in REGISTER_COLUMNS.items()}


class _Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1's base-60 numbers, so ``godzina: 10:30`` stays text."""


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0|[-+]?[1-9][0-9_]*)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?$"),
    list("-+0123456789."),
)


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


def _line_map(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, int]]:
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _line_map(value, (*loc, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _line_map(item, (*loc, index))


def _nearest_line(lines: dict[Loc, int], loc: Loc) -> int | None:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return None


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML file; return its data and a map from field location to line number."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = _("not valid UTF-8 text: {}").format(exc.reason)
        raise InputError([Problem(shown, "", message)]) from None
    except OSError as exc:
        message = _("cannot read file: {}").format(exc.strerror)
        raise InputError([Problem(shown, "", message)]) from None
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise InputError([_yaml_problem(shown, exc)]) from None
    lines = dict(_line_map(node)) if node is not None else {}
    return data, lines


def _yaml_problem(shown: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc)
    line = mark.line + 1 if mark is not None else None
    column = f"{_('column')} {mark.column + 1}" if mark is not None else ""
    return Problem(shown, column, _("YAML syntax error: {}").format(what), line=line)


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
    }
    return messages.get(kind, error["msg"])


def _pattern_hint(pattern: str) -> str:
    hints = {
        r"^\d{2}-\d{3}$": _("a postal code NN-NNN"),
        r"^\d{1,2}:\d{2}$": _("an hour HH:MM"),
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
            line = row if row is not None else _nearest_line(lines or {}, loc)
            problems.append(Problem(shown, format_loc(loc), _message(error), line=line))
        return None, problems


def load_yaml_model(path: Path, model: type[M]) -> M:
    """Read one YAML file as ``model``, raising every problem it has."""
    data, lines = read_yaml(path)
    shown = display_path(path)
    if data is None:
        raise InputError([Problem(shown, "", _("the file is empty"))])
    result, problems = validate(model, data, shown, lines)
    if problems:
        raise InputError(problems)
    return result


def _nest(row: dict[str, str]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for column, value in row.items():
        if value is None or not value.strip():
            continue
        loc = REGISTER_COLUMNS.get(column, (column,))
        target = nested
        for key in loc[:-1]:
            target = target.setdefault(key, {})
        target[loc[-1]] = value.strip()
    return nested


def _register_problem(shown: str, line: int, problem: Problem) -> Problem:
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"\.", problem.path))
    column = _COLUMN_BY_LOC.get(parts, problem.path)
    return Problem(shown, column, problem.message, line=line)


def read_register(path: Path) -> Register:
    """Read the member register (CSV, ``;`` or ``,``, UTF-8 with or without BOM)."""
    shown = display_path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError([Problem(shown, "", _("the member register is missing"))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem(shown, "", _("not valid UTF-8 text"))]) from None
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    unknown = [c for c in reader.fieldnames or [] if c not in REGISTER_COLUMNS]
    problems = [Problem(shown, c, _("unknown column"), line=1) for c in unknown]
    members = []
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values()):
            problems.append(Problem(shown, "", _("empty row"), line=line))
            continue
        member, found = validate(Member, _nest(row), shown, row=line)
        problems += [_register_problem(shown, line, p) for p in found]
        if member is not None:
            members.append(member)
    if problems:
        raise InputError(problems)
    return Register(members=members)


def _collect(results: list[Any], problems: list[Problem], load, *args) -> None:
    try:
        results.append(load(*args))
    except InputError as exc:
        problems.extend(exc.problems)


def load_konwent(root: Path) -> Konwent:
    """Load and validate a whole inputs folder, reporting every problem of every file at once."""
    if not root.is_dir():
        raise InputError([Problem(display_path(root), "", _("not a folder"))])
    problems: list[Problem] = []
    organisation: list[Organisation] = []
    register: list[Register] = []
    _collect(organisation, problems, load_yaml_model, root / ORGANISATION_FILE, Organisation)
    _collect(register, problems, read_register, root / REGISTER_FILE)
    meetings = _load_folder(root / MEETINGS_DIR, Meeting, problems)
    declarations = _load_folder(root / DECLARATIONS_DIR, Declaration, problems)
    if problems:
        raise InputError(problems)
    return Konwent(
        root=str(root),
        organisation=organisation[0],
        members=register[0],
        meetings=meetings,
        declarations=declarations,
    )


def _load_folder(folder: Path, model: type[M], problems: list[Problem]) -> list[Sourced]:
    docs: list[Sourced] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        loaded: list[M] = []
        _collect(loaded, problems, load_yaml_model, path, model)
        docs += [Sourced(source=str(path), doc=doc) for doc in loaded]
    return docs
