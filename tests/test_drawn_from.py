"""A document's snapshot holds every input field its text depends on: each field of the example
inputs is changed in turn (and optional fields added, list items added and removed), the documents
planned again, and every document whose printable values changed must name that field among its
snapshot's changes. No LibreOffice: the render context is what the templates print from."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import enum
import functools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from pipeline import model
from pipeline.drafts import NUMBERS_KEY, diff, fingerprint, flatten, planned
from pipeline.drawn_from import steps
from pipeline.errors import KonwentError
from pipeline.inputs import load_konwent
from pipeline.model import Konwent, Meeting, Member
from pipeline.render import BUNDLED_TEMPLATES, Renderer
from pipeline.template_check import check_template
from pipeline.template_reads import template_reads
from tests.editing import copy_template
from tests.fixtures import EXAMPLE_INPUTS, NATIONAL_INPUTS

ENUM_VALUES = [
    [member.value for member in kind]
    for kind in vars(model).values()
    if isinstance(kind, type) and issubclass(kind, enum.StrEnum) and kind is not enum.StrEnum
]
# Optional fields the example leaves out, added one at a time (path in the meeting, value).
ADDITIONS = [
    ("numer_protokolu", "7/2026"),
    ("uchwaly[1].numer", "5/2026"),
    ("uchwaly[1].glosowanie.rozstrzygajacy", "Jan Nowak"),
    ("komunikaty[1].data", "2026-06-15"),
    ("komunikaty[1].numer", "3/2026"),
    ("aneksy[1].numer", "2/2026"),
    ("porzadek_obrad[6].przebieg", "Zamknięto obrady."),
    ("goscie[1].funkcja", None),
    ("wybory", [{"organ": "Rada Konwentu", "tryb": "jawny", "wybrani": ["Anna Nowak"],
                 "glosowanie": {"za": 8, "przeciw": 0, "wstrzymalo_sie": 1}}]),
]  # fmt: skip


def _dump(value: BaseModel) -> dict:
    return value.model_dump(by_alias=True, mode="json", exclude_none=True)


def _leaves(data: Any, path: str = "") -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for number, value in enumerate(data, start=1):
            yield from _leaves(value, f"{path}[{number}]")
        if data:
            yield f"{path}[+]"  # one more item (a copy of the last)
            yield f"{path}[-]"  # one item fewer
    else:
        yield path


def _candidates(value: Any) -> list[Any]:
    """Changed values of the type of ``value``, the likeliest to validate first."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return [(dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()]
    if re.fullmatch(r"\d{1,2}:\d{2}", value):
        return [value[:-1] + ("1" if value[-1] != "1" else "2")]
    others = [v for values in ENUM_VALUES if value in values for v in values if v != value]
    return [*others, f"{value} zmienione"]


def _set(data: Any, path: str, value: Any) -> None:
    *parents, last = steps(path)
    for step in parents:
        data = data[int(step[1:-1]) - 1] if step.startswith("[") else data.setdefault(step, {})
    if last.startswith("["):
        data[int(last[1:-1]) - 1] = value
    elif value is None:
        data.pop(last, None)
    else:
        data[last] = value


def _get(data: Any, path: str) -> Any:
    for step in steps(path):
        data = data[int(step[1:-1]) - 1] if step.startswith("[") else data[step]
    return data


def _variants(data: dict) -> Iterator[tuple[str, dict]]:
    """(changed field, changed data) for every field of ``data``."""
    for path in _leaves(data):
        if path.endswith(("[+]", "[-]")):
            changed = copy.deepcopy(data)
            items = _get(changed, path[:-3])
            if path.endswith("[+]"):
                items.append(copy.deepcopy(items[-1]))
                yield f"{path[:-3]}[{len(items)}]", changed
            else:
                yield f"{path[:-3]}[{len(items)}]", changed | {}
                items.pop()
            continue
        for value in _candidates(_get(data, path)):
            changed = copy.deepcopy(data)
            _set(changed, path, value)
            yield path, changed


def _printed(value: Any) -> Any:
    """What a template could print of a context value planned from the data (models aside: what a
    template reads of them is checked by the template's own variables)."""
    if isinstance(value, BaseModel):
        return "<model>"
    if isinstance(value, list | tuple):
        return [_printed(item) for item in value]
    if dataclasses.is_dataclass(value):
        return {f.name: _printed(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return repr(value)


def _read(value: Any, rest: list[str]) -> Any:
    """The values a template variable (``meeting.guests[].name``) reads, as it reads them."""
    if not rest:
        return _dump(value) if isinstance(value, BaseModel) else _printed(value)
    if rest[0] == "[]":
        return [_read(item, rest[1:]) for item in value] if isinstance(value, list) else None
    return _read(getattr(value, rest[0], None), rest[1:])


@functools.cache
def _variables(template: Path) -> list[str]:
    """What ``konwent templates check`` lists as the template's variables."""
    return check_template(template).variables


def _view(doc, renderer: Renderer) -> Any:
    labels = [steps(label) for label in _variables(renderer.template_path(doc.template))]
    read = {"/".join(s): _read(doc.context[s[0]], s[1:]) for s in labels if s[0] in doc.context}
    derived = {name: _printed(value) for name, value in doc.context.items()}
    return doc.title, derived, read


def _documents(konwent: Konwent, renderer: Renderer) -> dict[str, tuple[Any, Any]]:
    docs = planned(konwent)
    return {k: (_view(d, renderer), fingerprint(konwent, d, renderer)) for k, d in docs.items()}


def _with_meeting(konwent: Konwent, data: dict) -> Konwent:
    item = konwent.meetings[0]
    meeting = Meeting.model_validate(data)
    return konwent.model_copy(update={"meetings": [item.model_copy(update={"doc": meeting})]})


def _with_member(konwent: Konwent, index: int, data: dict) -> Konwent:
    members = list(konwent.members.members)
    members[index] = Member.model_validate(data)
    register = konwent.members.model_copy(update={"members": members})
    return konwent.model_copy(update={"members": register})


def _check(before: dict, konwent: Konwent, renderer: Renderer, field: str) -> list[str]:
    """Documents whose printed values changed but whose snapshot does not name ``field``."""
    try:
        after = _documents(konwent, renderer)
    except KonwentError:  # the change makes the plan impossible (an aneks of no resolution …)
        return []
    missed = []
    for key in before.keys() & after.keys():
        (view, old), (view_now, now) = before[key], after[key]
        if view == view_now:
            continue
        named = [c.path for c in diff(old.snapshot, now.snapshot)]
        # a number follows from other documents too (the order of adoption): the numbers a
        # document prints are in its snapshot as they are, whatever changed them
        renumbered = any(p.startswith(f"{NUMBERS_KEY}.") for p in named)
        if not renumbered and not any(
            p == field or p.startswith((f"{field}.", f"{field}[")) for p in named
        ):
            missed.append(f"{key}: {field} (snapshot changes: {named})")
    return missed


@pytest.mark.parametrize("inputs", [EXAMPLE_INPUTS, NATIONAL_INPUTS], ids=["regional", "national"])
def test_every_field_a_document_prints_is_in_its_snapshot(inputs):
    konwent, renderer = load_konwent(inputs), Renderer()
    before = _documents(konwent, renderer)
    meeting = _dump(konwent.meetings[0].doc)
    variants = list(_variants(meeting))
    for path, value in ADDITIONS:
        changed = copy.deepcopy(meeting)
        try:
            _set(changed, path, value)
        except (IndexError, KeyError):  # this meeting has no such item
            continue
        variants.append((path, changed))
    missed, tried = [], 0
    for field, data in variants:
        try:
            changed = _with_meeting(konwent, data)
        except ValidationError:
            continue
        tried += 1
        missed += _check(before, changed, renderer, f"posiedzenie.{field}")
    present = {a.member_id for a in konwent.meetings[0].doc.attendance}
    for index, member in enumerate(konwent.members.members):
        if member.id not in present:
            continue
        for field, data in _variants(_dump(member)):
            try:
                changed = _with_member(konwent, index, data)
            except ValidationError:
                continue
            tried += 1
            missed += _check(before, changed, renderer, f"czlonkowie.{member.id}.{field}")
    assert tried > 150
    assert missed == [], "\n".join(missed)


def _changed_documents(konwent: Konwent, edit) -> dict[str, list[str]]:
    renderer = Renderer()
    before = _documents(konwent, renderer)
    meeting = _dump(konwent.meetings[0].doc)
    edit(meeting)
    after = _documents(_with_meeting(konwent, meeting), renderer)
    changes = {
        k: [c.path for c in diff(before[k][1].snapshot, after[k][1].snapshot)] for k in after
    }
    return {k: paths for k, paths in changes.items() if paths}


def test_a_communique_text_is_in_the_communique_snapshot_only():
    def edit(meeting: dict) -> None:
        meeting["komunikaty"][0]["tresc"][1] += " Zmiana."

    changed = _changed_documents(load_konwent(EXAMPLE_INPUTS), edit)
    assert changed == {"2026-06-12-zjazd/komunikat-1": ["posiedzenie.komunikaty[1].tresc[2]"]}


def test_the_hour_is_in_the_snapshots_of_the_documents_printing_it():
    def edit(meeting: dict) -> None:
        meeting["godzina"] = "11:30"

    changed = _changed_documents(load_konwent(EXAMPLE_INPUTS), edit)
    assert changed == {
        "2026-06-12-zjazd/zawiadomienie": ["posiedzenie.godzina"],
        "2026-06-12-zjazd/protokol": ["posiedzenie.godzina"],
    }


def test_a_resolution_vote_is_in_its_own_its_aneks_and_the_minutes_snapshots():
    def edit(meeting: dict) -> None:
        meeting["uchwaly"][1]["glosowanie"]["za"] = 8

    changed = _changed_documents(load_konwent(EXAMPLE_INPUTS), edit)
    path = ["posiedzenie.uchwaly[2].glosowanie.za"]
    assert changed == {
        "2026-06-12-zjazd/uchwala-zmiana-regulaminu": path,
        "2026-06-12-zjazd/aneks-1": path,
        "2026-06-12-zjazd/protokol": path,
    }


def _own_resolution_template(folder, body: str, title: str = ""):
    def edit(document) -> None:
        document.add_paragraph(body)
        document.core_properties.title = title

    return copy_template(folder, "uchwala", edit)


def _resolution_snapshot(renderer: Renderer) -> dict[str, Any]:
    konwent = load_konwent(EXAMPLE_INPUTS)
    doc = planned(konwent)["2026-06-12-zjazd/uchwala-sprawozdanie"]
    return flatten(fingerprint(konwent, doc, renderer).snapshot)


def test_what_an_own_template_reads_of_the_meeting_joins_the_snapshot(tmp_path):
    bundled = _resolution_snapshot(Renderer())
    assert "posiedzenie.protokolant" not in bundled and "posiedzenie.goscie" not in str(bundled)
    _own_resolution_template(
        tmp_path / "szablony",
        "Protokołował: {{ meeting.recorder }}",
        "{{ meeting.guests[0].name }}",
    )
    own = _resolution_snapshot(Renderer([tmp_path / "szablony", BUNDLED_TEMPLATES]))
    assert own["posiedzenie.protokolant"] == "Anna Łęczyńska"  # the body
    assert own["posiedzenie.goscie[1].imie_nazwisko"] == "Łukasz Pietruszyński"  # the title
    assert "posiedzenie.komunikaty[1].tytul" not in own


def test_an_own_template_that_cannot_be_read_takes_every_input_whole(tmp_path):
    _own_resolution_template(tmp_path / "szablony", "{{ meeting.nieznane }}")
    own = _resolution_snapshot(Renderer([tmp_path / "szablony", BUNDLED_TEMPLATES]))
    assert "posiedzenie.komunikaty[1].tresc[2]" in own and "czlonkowie.CIS-CHELM.nazwa" in own


@pytest.mark.parametrize(
    ("body", "reads"),
    [
        (
            "{{ meeting.notice }} {{ meeting.notice.date }}",
            {"meeting.notice", "meeting.notice.date"},
        ),
        ("{% for g in meeting.guests %}{{ g.name }}{% endfor %}", {"meeting.guests[].name"}),
        ("{% for g in meeting.guests %}-{% endfor %}", {"meeting.guests"}),
        ("{% if meeting.elections %}x{% endif %}", {"meeting.elections"}),
        ("{{ meeting.agenda|map(attribute='title')|join }}", {"meeting.agenda"}),
        ("{% set m = meeting %}{{ m.recorder }}", {"meeting"}),
    ],
    ids=["whole-and-part", "loop-items", "loop-count", "test", "filter", "alias"],
)
def test_a_template_reads_each_name_it_prints_whole_or_in_part(tmp_path, body, reads):
    template = _own_resolution_template(tmp_path, body)
    found = template_reads(template, "test")
    assert found is not None and reads <= set(found)
    assert not {r for r in found if r.startswith("meeting")} - reads


@pytest.mark.parametrize(
    "body",
    [
        "{% macro show(x) %}{{ x }}{{ caller() }}{% endmacro %}"
        "{% call show(meeting.requested_by|join(', ')) %}{% endcall %}",
        "{% macro show(x=meeting.recorder) %}{{ x }}{{ caller() }}{% endmacro %}"
        "{% call show() %}{% endcall %}",
        "{% for a in meeting.agenda %}{{ a.title }}"
        "{% if not loop.first %}{{ loop.previtem.course }}{% endif %}{% endfor %}",
    ],
    ids=["call-block-argument", "macro-default", "loop-previtem"],
)
def test_a_read_that_cannot_be_traced_to_the_inputs_takes_every_input_whole(tmp_path, body):
    """Printed through a macro's argument or a neighbouring loop item, a field could change
    unseen by finalize; such a template's documents are compared on every input instead."""
    template = _own_resolution_template(tmp_path, body)
    assert template_reads(template, "test") is None
    _own_resolution_template(tmp_path / "szablony", body)
    own = _resolution_snapshot(Renderer([tmp_path / "szablony", BUNDLED_TEMPLATES]))
    assert "posiedzenie.porzadek_obrad[2].przebieg" in own and "posiedzenie.protokolant" in own
