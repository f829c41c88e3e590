"""What each document is drawn from: the input fields its snapshot holds.

A document's snapshot is the part of the inputs its text depends on, keyed by input field paths
(``posiedzenie.uchwaly[2].w_sprawie``, list items counted from 1). ``finalize`` refuses a document
only when something in its snapshot changed, and the review page lists only the changes that
touch it. The snapshot joins two sources, both needed:

- ``DRAWN_FROM`` (data, below): the input fields the planner computes each kind's own texts from
  (dates, vote lines, attendance rows, numbers …). The organisation is in every snapshot.
- the template: each model object the render context hands to the template (``meeting``,
  ``resolution``, ``org`` …) is followed along the attributes the template reads, found by
  reading every part docxtpl renders (body, headers, footers, footnotes, document properties)
  the way ``konwent templates check`` does. A template that prints ``meeting.guests[].name`` puts
  ``posiedzenie.goscie[].imie_nazwisko`` in its snapshot; a template that cannot be read in full
  puts in the whole of every input the document comes from.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .contexts import CommuniqueText
from .model import Konwent
from .planned import PlannedDocument
from .template_check import element_type, plain_type
from .template_reads import template_reads

# The top-level keys of a snapshot: the organisation, the input file a document comes from (one
# of SOURCE_NAMES), and for a meeting the register rows of the members present.
ORGANISATION, MEMBERS = "konwent", "czlonkowie"
SOURCE_NAMES = ("deklaracja", "posiedzenie", "zawiadomienie", "komunikat")

MEETING_HEADER = ("posiedzenie.rodzaj", "posiedzenie.data", "posiedzenie.miejscowosc")

# Per (input file, document kind): the input fields the planner (meeting_plan.py, documents.py)
# computes the context's own texts from. "[]" stands for every item of a list, "*" for every value
# of a mapping (the members present, by id), "@name" for the input item the context value
# ``name`` is (a resolution's own resolution, the resolution an aneks cites). The organisation is
# always added; what the template reads of the model objects in the context is added from the
# template. A kind missing here takes its inputs whole.
DRAWN_FROM: dict[tuple[str, str], tuple[str, ...]] = {
    ("deklaracja", "deklaracja"): ("deklaracja",),
    ("zawiadomienie", "zawiadomienie"): ("zawiadomienie",),
    ("komunikat", "komunikat"): ("komunikat",),
    ("posiedzenie", "zawiadomienie"): (
        *MEETING_HEADER,
        "posiedzenie.godzina",
        "posiedzenie.miejsce",
        "posiedzenie.porzadek_obrad[].punkt",
        "posiedzenie.zawiadomienie",
    ),
    ("posiedzenie", "lista_obecnosci"): (
        *MEETING_HEADER,
        "posiedzenie.obecni",
        "posiedzenie.goscie",
        MEMBERS,
    ),
    ("posiedzenie", "protokol"): (
        *MEETING_HEADER,
        "posiedzenie.numer_protokolu",
        "posiedzenie.prowadzacy",
        "posiedzenie.plec_prowadzacego",
        "posiedzenie.protokolant",
        "posiedzenie.plec_protokolanta",
        "posiedzenie.obecni[].czlonek",
        "posiedzenie.obecni[].uprawniony_do_glosowania",
        "posiedzenie.przyjecie_porzadku",
        "posiedzenie.porzadek_obrad[].punkt",  # agenda[]: each item's text (minutes.py)
        "posiedzenie.porzadek_obrad[].przebieg",
        "posiedzenie.zalaczniki",  # attachments[]: the attendance list, then these
        "posiedzenie.wybory",
        "posiedzenie.uchwaly[].id",
        "posiedzenie.uchwaly[].numer",
        "posiedzenie.uchwaly[].w_sprawie",
        "posiedzenie.uchwaly[].glosowanie",
        "posiedzenie.komunikaty[].tytul",
        "posiedzenie.komunikaty[].numer",
        "posiedzenie.aneksy[].uchwala",
        "posiedzenie.aneksy[].numer",
        f"{MEMBERS}.*.id",  # the members present who are in the register are counted
    ),
    ("posiedzenie", "uchwala"): (
        *MEETING_HEADER,
        "posiedzenie.prowadzacy",
        "posiedzenie.plec_prowadzacego",
        "@resolution",
    ),
    ("posiedzenie", "komunikat"): ("posiedzenie.miejscowosc", "posiedzenie.data", "@communique"),
    ("posiedzenie", "aneks"): (
        *MEETING_HEADER,
        "posiedzenie.prowadzacy",
        "posiedzenie.plec_prowadzacego",
        "@amendment",
        "@resolution",
    ),
}

# Context values taken from the organisation's profile (the regulation), not from its inputs.
FROM_THE_PROFILE = frozenset({"law"})

# A meeting's lists whose every item is a document of its own: a finding located in one of these
# items (uchwaly[2].glosowanie.za) is about the documents drawn from that item.
DOCUMENT_ITEMS = re.compile(r"^(?:uchwaly|komunikaty|aneksy)\[\d+\]")

_STEP = re.compile(r"\[(\d*)\]|\.?([^.\[]+)")


def _dump(model: Any) -> Any:
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def source_name(konwent: Konwent, source: str) -> tuple[str, Any] | None:
    """(snapshot key, validated document) of the input file ``source``."""
    lists = (konwent.declarations, konwent.meetings, konwent.notices, konwent.communiques)
    for name, items in zip(SOURCE_NAMES, lists, strict=True):
        for item in items:
            if item.source == source:
                return name, item.doc
    return None


def input_data(konwent: Konwent, doc: PlannedDocument) -> dict[str, Any]:
    """Everything ``doc`` could be drawn from, with the input files' keys: the organisation, its
    input file and, for a meeting, the members present."""
    data: dict[str, Any] = {ORGANISATION: _dump(konwent.organisation)}
    found = source_name(konwent, doc.source)
    if found is not None:
        name, item = found
        data[name] = _dump(item)
        if name == "posiedzenie":
            present = {a.member_id for a in item.attendance}
            members = konwent.members.members
            data[MEMBERS] = {m.id: _dump(m) for m in members if m.id in present}
    return data


def legacy_snapshot(data: Mapping[str, Any], doc: PlannedDocument) -> dict[str, Any]:
    """The snapshot as format 1 took it from ``input_data``: every input of the document whole (a
    resolution with its own resolution under ``uchwala`` instead of the meeting's ``uchwaly``)."""
    legacy = dict(data)
    resolution = doc.context.get("resolution")
    if doc.kind == "uchwala" and resolution is not None and "posiedzenie" in legacy:
        legacy["posiedzenie"] = {k: v for k, v in legacy["posiedzenie"].items() if k != "uchwaly"}
        legacy["uchwala"] = _dump(resolution)
    return legacy


# --- which input fields: patterns --------------------------------------------------------------


def steps(pattern: str) -> list[str]:
    """``"a.b[].c[2]"`` → ``["a", "b", "[]", "c", "[2]"]``."""
    return [f"[{m[1]}]" if m[1] is not None else m[2] for m in _STEP.finditer(pattern)]


def _join(path: str, step: str) -> str:
    return f"{path}{step}" if step.startswith("[") else f"{path}.{step}" if path else step


def select(data: Mapping[str, Any], patterns: Iterable[str]) -> dict[str, Any]:
    """``{input path: value}`` for every pattern expanded over ``data``; a field absent from the
    data is kept as None, so that adding it later shows as a change."""
    out: dict[str, Any] = {}
    for pattern in patterns:
        _expand(data, steps(pattern), "", out)
    return dict(sorted(out.items()))


def _expand(value: Any, rest: list[str], path: str, out: dict[str, Any]) -> None:
    if not rest:
        out[path] = value
        return
    step, rest = rest[0], rest[1:]
    if step == "[]":
        for number, item in enumerate(value if isinstance(value, list) else [], start=1):
            _expand(item, rest, f"{path}[{number}]", out)
    elif step == "*":
        for key, item in value.items() if isinstance(value, Mapping) else []:
            _expand(item, rest, _join(path, key), out)
    elif step.startswith("["):
        number = int(step[1:-1])
        ok = isinstance(value, list) and 0 < number <= len(value)
        _expand(value[number - 1] if ok else None, rest if ok else [], _join(path, step), out)
    elif isinstance(value, Mapping) and step in value:
        _expand(value[step], rest, _join(path, step), out)
    else:
        out[_join(path, step)] = None


def touches(snapshot: Mapping[str, Any], path: str) -> bool:
    """Whether ``snapshot`` holds the input field ``path`` or anything within or around it."""
    return any(
        key == path
        or key.startswith((f"{path}.", f"{path}["))
        or path.startswith((f"{key}.", f"{key}["))
        for key in snapshot
    )


def concerns(snapshot: Mapping[str, Any], finding_path: str) -> bool:
    """Whether a finding at ``finding_path`` of a document's input file is about the document
    with ``snapshot``: a finding in one resolution, communiqué or annex of a meeting is about the
    documents drawn from that item; any other finding is about every document of the file."""
    item = DOCUMENT_ITEMS.match(finding_path)
    return item is None or touches(snapshot, f"posiedzenie.{item[0]}")


@dataclass(frozen=True)
class Selection:
    """The input fields one document is drawn from (patterns, see ``select``)."""

    patterns: tuple[str, ...]
    resolution: str | None = None  # a resolution's own item ("posiedzenie.uchwaly[2]")

    def of(self, data: Mapping[str, Any]) -> dict[str, Any]:
        return select(data, self.patterns)

    def of_legacy(self, old: Mapping[str, Any]) -> dict[str, Any]:
        """A format 1 snapshot (every input whole) cut down to these fields."""
        data = dict(old)
        own = data.pop("uchwala", None)
        if own is not None and self.resolution:
            number = int(steps(self.resolution)[-1][1:-1])
            meeting = dict(data.get("posiedzenie") or {})
            items = list(meeting.get("uchwaly") or [])
            items += [None] * (number - len(items))
            items[number - 1] = own
            data["posiedzenie"] = meeting | {"uchwaly": items}
        return select(data, self.patterns)


def selection(
    konwent: Konwent, doc: PlannedDocument, data: Mapping[str, Any], template: Path, sha: str
) -> Selection:
    """What ``doc`` is drawn from (``data``: its ``input_data``), rendered with the template file
    ``template`` (sha256 ``sha``)."""
    index = model_index(konwent, doc)
    resolution = index.get(id(doc.context.get("resolution"))) if doc.kind == "uchwala" else None
    everything = Selection(tuple(data), resolution)
    name = next((n for n in SOURCE_NAMES if n in data), None)
    declared = DRAWN_FROM.get((name or "", doc.kind))
    reads = template_reads(template, sha)
    if declared is None or reads is None:
        return everything
    patterns = [ORGANISATION]
    try:
        for entry in declared:
            patterns += _own(konwent, doc, entry[1:], index) if entry.startswith("@") else [entry]
        for label in reads:
            patterns += reached(doc.context, label, index)
    except _Unknown:
        return everything
    return Selection(_pruned(patterns), resolution)


def _pruned(patterns: list[str]) -> tuple[str, ...]:
    """The patterns in order, without repeats and without those another one holds whole."""
    unique = list(dict.fromkeys(patterns))
    return tuple(
        p for p in unique if not any(p.startswith((f"{q}.", f"{q}[")) for q in unique if q != p)
    )


class _Unknown(Exception):
    """The context holds a model object not found in the document's inputs."""


def _own(konwent: Konwent, doc: PlannedDocument, name: str, index: dict[int, str]) -> list[str]:
    """The input item the context value ``name`` was made from."""
    value = doc.context.get(name)
    if id(value) in index:
        return [index[id(value)]]
    found = source_name(konwent, doc.source)
    if isinstance(value, CommuniqueText) and found and found[0] == "posiedzenie":
        return _communique_items(found[1].communiques, value)
    raise _Unknown(name)


def _communique_items(items: list[Any], text: CommuniqueText) -> list[str]:
    """The meeting's communiqués a komunikat's text was copied from (equal title and paragraphs);
    every communiqué when none is equal."""
    same = [
        f"posiedzenie.komunikaty[{number}]"
        for number, item in enumerate(items, start=1)
        if item.title == text.title and list(item.body) == list(text.body)
    ]
    return same or ["posiedzenie.komunikaty"]


# --- what the template reads --------------------------------------------------------------------


def model_index(konwent: Konwent, doc: PlannedDocument) -> dict[int, str]:
    """id() of every model object of the document's inputs → its input path."""
    index: dict[int, str] = {}
    _index(konwent.organisation, ORGANISATION, index)
    of_the_day = doc.context.get("org")  # the organisation with the council of the doc's date
    if isinstance(of_the_day, BaseModel) and id(of_the_day) not in index:
        _index(of_the_day, ORGANISATION, index)
    found = source_name(konwent, doc.source)
    if found is not None:
        _index(found[1], found[0], index)
    return index


def _index(model: BaseModel, path: str, index: dict[int, str]) -> None:
    index[id(model)] = path
    for name, info in type(model).model_fields.items():
        value, key = getattr(model, name), f"{path}.{info.alias or name}"
        if isinstance(value, BaseModel):
            _index(value, key, index)
        elif isinstance(value, list):
            for number, item in enumerate(value, start=1):
                if isinstance(item, BaseModel):
                    _index(item, f"{key}[{number}]", index)


def reached(context: Mapping[str, Any], label: str, index: dict[int, str]) -> list[str]:
    """Input path patterns a template variable (``meeting.guests[].name``) reads."""
    path = steps(label)
    if not path or path[0] not in context:
        return []  # a loop variable, a macro argument: read through a context name elsewhere
    if path[0] in FROM_THE_PROFILE:
        return []  # the regulation's citations: no input of the document holds them
    found: list[str] = []
    _follow(context[path[0]], path[1:], index, found)
    return found


def _follow(value: Any, rest: list[str], index: dict[int, str], found: list[str]) -> None:
    if isinstance(value, BaseModel):
        if id(value) not in index:
            raise _Unknown(type(value).__name__)
        found.append(_typed(type(value), rest, index[id(value)]))
    elif not rest:  # a value read whole: every model object in it is read whole
        _models_in(value, index, found)
    elif rest[0] == "[]" and isinstance(value, list | tuple):
        for item in value:
            _follow(item, rest[1:], index, found)
    elif dataclasses.is_dataclass(value) and hasattr(value, rest[0]):
        _follow(getattr(value, rest[0]), rest[1:], index, found)
    # anything else is a text the planner made: DRAWN_FROM names its inputs


def _models_in(value: Any, index: dict[int, str], found: list[str]) -> None:
    if isinstance(value, BaseModel):
        _follow(value, [], index, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _models_in(item, index, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _models_in(getattr(value, item.name), index, found)


def _typed(hint: Any, rest: list[str], path: str) -> str:
    """The input path pattern of ``rest`` read from a model of type ``hint`` at ``path``."""
    for step in rest:
        hint = plain_type(hint)
        if step == "[]" and typing.get_origin(hint) is list:
            hint, path = element_type(hint), f"{path}[]"
        elif isinstance(hint, type) and issubclass(hint, BaseModel) and step in hint.model_fields:
            info = hint.model_fields[step]
            hint, path = info.annotation, f"{path}.{info.alias or step}"
        else:  # a property, a method, an enum's value …: the value it is computed from, whole
            return path
    return path
