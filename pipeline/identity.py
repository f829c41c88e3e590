"""Stable identities of documents and the number each numbered one asks for. Pure.

A document's identity (``doc_id``, "<group>/<name>") survives renaming its input file and
reordering the items in it; approvals, numbers, finals and corrections follow it.

- A meeting is its ``id`` if the file gives one, else its date and kind ("2026-06-12-zjazd").
  Two meetings with one identity are an error naming the ``id`` to add.
- An item of a meeting (uchwała, komunikat, aneks) is its ``id`` ("uchwala-sprawozdanie"); a
  meeting with a single item of a list may leave it out ("uchwala-1"). Two or more items of one
  list without ids are an error naming the ``id`` to add.
- A stand-alone communiqué or notice is its ``id``, else its file name.

The numbering key is the issuing body's identity, not its printed name: the members' meetings
(an ordinary and an extraordinary zjazd or posiedzenie) share one body, the council is another, and
annexes are numbered for the regulation, across years.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .errors import Problem
from .fsutil import slug
from .i18n import _
from .model import IssuedCommunique, Konwent, Meeting, MeetingKind, Sourced
from .numbering import Frozen, Numbering, NumberRequest, assign
from .validation import display_path

DECLARATIONS_GROUP = "deklaracje"
NOTICES_GROUP = "zawiadomienia"
COMMUNIQUES_GROUP = "komunikaty"

MEMBERS_BODY, COUNCIL_BODY, REGULATION_BODY = "zgromadzenie", "rada", "regulamin"

# A meeting's lists whose every item is a document: input key → document kind.
ITEM_LISTS = {"uchwaly": "uchwala", "komunikaty": "komunikat", "aneksy": "aneks"}


def meeting_id(meeting: Meeting) -> str:
    """A meeting's identity: its ``id``, else its date and kind ("2026-06-12-zjazd")."""
    if meeting.key:
        return slug(meeting.key)
    return f"{meeting.date.isoformat()}-{slug(meeting.kind.value)}"


def body_of(kind: MeetingKind) -> str:
    """Identity of the body whose resolutions and minutes a meeting of ``kind`` numbers."""
    return COUNCIL_BODY if kind is MeetingKind.COUNCIL else MEMBERS_BODY


def item_name(kind: str, key: str | None, index: int) -> str:
    """An item's name within its meeting: "uchwala-sprawozdanie", or "uchwala-1" without id."""
    return f"{kind}-{slug(key)}" if key else f"{kind}-{index}"


def communique_id(item: Sourced[IssuedCommunique]) -> str:
    own = item.doc.key or Path(item.source).stem
    return f"{COMMUNIQUES_GROUP}/komunikat-{slug(own)}"


def adopted_resolutions(meeting: Meeting) -> list[tuple[int, Any]]:
    """(position in the input list, resolution) of every resolution adopted, in order."""
    return [(i, r) for i, r in enumerate(meeting.resolutions, 1) if r.votes.adopted]


def meeting_requests(item: Sourced[Meeting]) -> Iterator[NumberRequest]:
    """The numbers a meeting's documents ask for: its minutes, every adopted resolution, every
    communiqué and annex."""
    meeting, group = item.doc, meeting_id(item.doc)
    body, year = body_of(meeting.kind), meeting.date.year
    base = {"source": item.source, "date": meeting.date}
    yield NumberRequest(f"{group}/protokol", "protokol", body, year, position=0,
                        given=meeting.number, path="numer_protokolu", **base)  # fmt: skip
    for position, (i, r) in enumerate(adopted_resolutions(meeting), 1):
        yield NumberRequest(f"{group}/{item_name('uchwala', r.key, i)}", "uchwala", body, year,
                            position=position, given=r.number, path=f"uchwaly[{i}].numer",
                            **base)  # fmt: skip
    for i, c in enumerate(meeting.communiques, 1):
        date = c.date or meeting.date
        yield NumberRequest(f"{group}/{item_name('komunikat', c.key, i)}", "komunikat",
                            COUNCIL_BODY, date.year, date, i, c.number, item.source,
                            f"komunikaty[{i}].numer")  # fmt: skip
    for i, a in enumerate(meeting.amendments, 1):
        yield NumberRequest(f"{group}/{item_name('aneks', a.key, i)}", "aneks", REGULATION_BODY,
                            None, position=i, given=a.number, path=f"aneksy[{i}].numer",
                            **base)  # fmt: skip


def number_requests(konwent: Konwent) -> list[NumberRequest]:
    """Every number the inputs ask for."""
    requests = [r for item in konwent.meetings for r in meeting_requests(item)]
    for item in konwent.communiques:
        doc = item.doc
        requests.append(NumberRequest(communique_id(item), "komunikat", COUNCIL_BODY,
                                      doc.date.year, doc.date, 0, doc.number, item.source,
                                      "numer"))  # fmt: skip
    return requests


def identity_problems(konwent: Konwent) -> list[Problem]:
    """Where the data cannot name its documents unambiguously, and which ``id`` to add."""
    problems = []
    seen: dict[str, str] = {}
    for item in sorted(konwent.meetings, key=lambda m: m.source):
        own = meeting_id(item.doc)
        if own in seen:
            message = _("meeting {id} is also in {other}: give each meeting its own id (id: …)")
            problems.append(_located(item, "id", message.format(id=own, other=seen[own])))
        seen.setdefault(own, display_path(Path(item.source)))
        for key in ITEM_LISTS:
            problems += _item_problems(item, key, getattr(item.doc, _ATTRIBUTES[key]))
    return problems


_ATTRIBUTES = {"uchwaly": "resolutions", "komunikaty": "communiques", "aneksy": "amendments"}


def _item_problems(item: Sourced[Meeting], key: str, items: Sequence[Any]) -> list[Problem]:
    problems, names = [], set()
    for i, entry in enumerate(items, 1):
        if entry.key is None and len(items) > 1:
            message = _(
                "{count} items in {list}: give each an id (id: …), so approvals and numbers "
                "follow it when the list is reordered"
            )
            problems.append(_located(item, f"{key}[{i}]", message.format(count=len(items),
                                                                          list=key)))  # fmt: skip
        elif entry.key is not None and slug(entry.key) in names:
            message = _("id {} is used twice in {}").format(entry.key, key)
            problems.append(_located(item, f"{key}[{i}].id", message))
        names.add(slug(entry.key) if entry.key else None)
    return problems


def _located(item: Sourced, path: str, message: str) -> Problem:
    return Problem(display_path(Path(item.source)), path, message, line=_line(item, path))


def _line(item: Sourced, path: str) -> int | None:
    """The line of field ``path`` in the item's file, else of the field holding it."""
    return item.lines.get(path) or item.lines.get(path.rsplit(".", 1)[0])


def numbers_for(konwent: Konwent, frozen: Iterable[Frozen] = ()) -> Numbering:
    """The numbers of every numbered document; :attr:`Numbering.errors` says what is wrong."""
    numbering = assign(number_requests(konwent), frozen)
    numbering.errors = identity_problems(konwent) + [_shown(konwent, p) for p in numbering.errors]
    numbering.warnings = [_shown(konwent, p) for p in numbering.warnings]
    return numbering


def _shown(konwent: Konwent, problem: Problem) -> Problem:
    """A numbering problem with its file as the user names it and the line of its field."""
    for item in [*konwent.meetings, *konwent.communiques]:
        if item.source == problem.file:
            shown = display_path(Path(item.source))
            return replace(problem, file=shown, line=_line(item, problem.path))
    return problem
