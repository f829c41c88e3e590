"""Inputs folder (YAML documents, member register) → validated model, every problem located.

Layout of an inputs folder::

    konwent.yaml            the organisation, its profile and council
    czlonkowie.xlsx         the member register (or czlonkowie.csv; exactly one of them)
    posiedzenia/*.yaml      one file per meeting
    deklaracje/*.yaml       one file per newcomer's declaration
    komunikaty/*.yaml       one file per stand-alone komunikat
    zawiadomienia/*.yaml    one file per stand-alone zawiadomienie (notice of a meeting)

``load`` collects the problems of all files and returns them with the model (``None`` when any
problem is an error); ``load_konwent`` raises them together as one ``InputError``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError, Problem, Severity, unreadable
from .i18n import _
from .model import (
    Declaration,
    IssuedCommunique,
    Konwent,
    Meeting,
    MeetingNotice,
    Organisation,
    Register,
    Sourced,
)
from .register import CSV_FILE, REGISTER_COLUMNS, XLSX_FILE, find_register, read_register
from .validation import Loc, M, display_path, format_loc, validate
from .yaml_errors import yaml_problem

ORGANISATION_FILE = "konwent.yaml"
REGISTER_FILE = CSV_FILE  # the default; czlonkowie.xlsx is read when it is the one present
MEETINGS_DIR = "posiedzenia"
DECLARATIONS_DIR = "deklaracje"
COMMUNIQUES_DIR = "komunikaty"
NOTICES_DIR = "zawiadomienia"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

__all__ = [
    "CSV_FILE",
    "REGISTER_COLUMNS",
    "XLSX_FILE",
    "display_path",
    "format_loc",
    "load",
    "load_konwent",
    "load_partial",
    "read_register",
    "read_yaml",
]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader (libyaml's when installed) without base-60 numbers (``godzina: 10:30`` stays
    text) and without timestamps.

    Dates stay text so the model parses them and an impossible one (2026-02-30) becomes a located
    problem instead of a crash inside the YAML parser.
    """


_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float", _TIMESTAMP)
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


def _key(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else str(node.start_mark.line + 1)


def _line_map(node: yaml.Node, loc: Loc = ()) -> Iterator[tuple[Loc, int]]:
    yield loc, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _line_map(value, (*loc, _key(key)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _line_map(item, (*loc, index))


def read_yaml(path: Path) -> tuple[Any, dict[Loc, int]]:
    """Parse a YAML file; return its data and a map from field location to line number."""
    shown = display_path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        message = _("not UTF-8 text: in the editor save the file as UTF-8")
        raise InputError([Problem(shown, "", message, line=line)]) from None
    except OSError as exc:
        raise InputError([Problem(shown, "", unreadable(exc))]) from None
    try:
        node, data = _compose_and_construct(text)
    except yaml.YAMLError as exc:
        raise InputError([yaml_problem(shown, text, exc)]) from None
    lines = dict(_line_map(node)) if node is not None else {}
    return data, lines


def _compose_and_construct(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse ``text`` once: its node tree (for line numbers) and the data built from it."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_yaml_sourced(path: Path, model: type[M]) -> tuple[Sourced | None, list[Problem]]:
    """Read one YAML file as ``model`` with its line map, or return every problem it has."""
    try:
        data, lines = read_yaml(path)
    except InputError as exc:
        return None, exc.problems
    shown = display_path(path)
    if data is None:
        return None, [Problem(shown, "", _("the file is empty"))]
    doc, problems = validate(model, data, shown, lines)
    if doc is None:
        return None, problems
    flat = {format_loc(loc): line for loc, line in lines.items()}
    return Sourced(source=str(path), doc=doc, lines=flat), []


def load_yaml_model(path: Path, model: type[M]) -> M:
    """Read one YAML file as ``model``, raising every problem it has."""
    sourced, problems = load_yaml_sourced(path, model)
    if problems:
        raise InputError(problems)
    return sourced.doc


def _load_folder(
    folder: Path, model: type[M], problems: list[Problem]
) -> tuple[list[Sourced], bool]:
    """Every document of a folder that loaded, and whether all of its files did."""
    docs: list[Sourced] = []
    complete = True
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        sourced, found = load_yaml_sourced(path, model)
        problems += found
        if sourced is not None:
            docs.append(sourced)
        complete = complete and not has_errors(found)
    return docs, complete


def _load_register(root: Path, problems: list[Problem]) -> Register:
    """The register, or an empty one marked unreadable (its problems are reported) so the rules
    still check everything that does not need a member's row."""
    path, found = find_register(root)
    register = None
    if path is not None:
        register, found = read_register(path)
    problems += found
    return register or Register(members=[], readable=False)


def load_partial(root: Path) -> tuple[Konwent | None, list[Problem]]:
    """Load what can be loaded: the model holds every document that validated.

    The model is ``None`` only when the organisation file failed, since no rule can run without its
    profile; the rules engine uses a partial model to report its findings alongside the
    loading errors (``pipeline.rules.check_folder``).
    """
    if not root.is_dir():
        return None, [Problem(display_path(root), "", _("not a folder"))]
    problems: list[Problem] = []
    organisation, found = load_yaml_sourced(root / ORGANISATION_FILE, Organisation)
    problems += found
    register = _load_register(root, problems)
    folders = {
        "meetings": (MEETINGS_DIR, Meeting),
        "declarations": (DECLARATIONS_DIR, Declaration),
        "communiques": (COMMUNIQUES_DIR, IssuedCommunique),
        "notices": (NOTICES_DIR, MeetingNotice),
    }
    docs = {n: _load_folder(root / sub, model, problems) for n, (sub, model) in folders.items()}
    if organisation is None:
        return None, problems
    konwent = Konwent(
        root=str(root),
        organisation=organisation.doc,
        organisation_source=organisation.source,
        organisation_lines=organisation.lines,
        members=register,
        incomplete=frozenset(name for name, (_docs, complete) in docs.items() if not complete),
        **{name: loaded for name, (loaded, _complete) in docs.items()},
    )
    return konwent, problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def load(root: Path) -> tuple[Konwent | None, list[Problem]]:
    """Load and validate a whole inputs folder; the model is ``None`` when any error was found."""
    konwent, problems = load_partial(root)
    return (None if has_errors(problems) else konwent), problems


def load_konwent(root: Path) -> Konwent:
    """Load and validate a whole inputs folder, raising every error of every file at once."""
    konwent, problems = load(root)
    if konwent is None:
        raise InputError([p for p in problems if p.severity is Severity.ERROR])
    return konwent
