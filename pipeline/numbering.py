"""Document numbers as data: every numbered document asks for one, and one pure function answers.

A :class:`NumberRequest` names the sequence a document belongs to (its kind, the identity of the
body issuing it and the year; annexes to the regulation form one sequence across years) and its
place in the order of adoption (meeting date, then position in the meeting, then its identity).
:func:`assign` gives the numbers:

- a number printed in a final (``frozen``, read from the archive) is kept and never reused;
- a number written in the data (``numer``) is kept, once checked (``n/yyyy``, the document's own
  year, not held by another document);
- every other document, in the order of adoption, takes the lowest free number above every number
  of a document adopted before it. With nothing frozen or written that is 1, 2, 3 … in order.

The same inputs and the same finals always give the same numbers, in ``check``, ``build``,
``review`` and ``finalize`` alike, so a number cannot differ between a packet and the archive,
and a killed run has nothing to give back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .errors import Problem
from .i18n import _

GIVEN = re.compile(r"^\s*(\d+)\s*(?:/\s*(\d{4}))?\s*$")  # "3/2026"; "3" for an annex


@dataclass(frozen=True, order=True)
class Number:
    """A document's number: ``seq`` in its sequence; ``year`` None for a cross-year sequence."""

    seq: int
    year: int | None = None

    def __str__(self) -> str:
        return f"{self.seq}/{self.year}" if self.year else str(self.seq)


@dataclass(frozen=True)
class NumberRequest:
    """What a numbered document needs to get its number."""

    doc_id: str
    kind: str  # uchwala, protokol, komunikat, aneks, stanowisko
    body: str  # identity of the issuing body ("zgromadzenie", "rada", "regulamin")
    year: int | None  # None: one sequence across years (annexes)
    date: dt.date  # adoption date
    position: int  # position among the meeting's documents of this kind (1 for a single one)
    given: str | None = None  # the number written in the data, as written
    source: str = ""  # input file, for messages
    path: str = ""  # field path of ``given``, for messages

    @property
    def sequence(self) -> tuple[str, str, int | None]:
        return (self.kind, self.body, self.year)

    @property
    def order(self) -> tuple[dt.date, int, str]:
        """Order of adoption; ties (two meetings of one body on one day) by identity."""
        return (self.date, self.position, self.doc_id)


@dataclass(frozen=True)
class Frozen:
    """A number printed in a final in the archive."""

    doc_id: str
    kind: str
    body: str | None  # None: an entry of an archive made before bodies were recorded
    number: Number


@dataclass
class Numbering:
    """The numbers of one plan: doc_id → number, with what :func:`assign` found wrong."""

    numbers: dict[str, Number] = field(default_factory=dict)
    frozen: set[str] = field(default_factory=set)  # doc_ids whose number is final
    bodies: dict[str, str] = field(default_factory=dict)  # doc_id → issuing body's identity
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def of(self, doc_id: str) -> Number | None:
        return self.numbers.get(doc_id)

    def is_final(self, doc_id: str) -> bool:
        return doc_id in self.frozen


def parse_given(request: NumberRequest) -> tuple[Number | None, Problem | None]:
    """The number written in the data, or the problem with it."""
    found = GIVEN.match(request.given or "")
    year = int(found[2]) if found and found[2] else None
    if found is None or year != request.year or int(found[1]) < 1:
        return None, _given_problem(request)
    return Number(int(found[1]), year), None


def _given_problem(request: NumberRequest) -> Problem:
    if request.year is None:
        expected = _("a whole number, e.g. 3")
    else:
        expected = _("n/{year}, e.g. 3/{year}, in the document's own year").format(
            year=request.year
        )
    message = _("number \"{given}\" is not a valid number here: expected {expected}")
    return Problem(request.source, request.path, message.format(given=request.given,
                                                                 expected=expected))  # fmt: skip


def assign(requests: Iterable[NumberRequest], frozen: Iterable[Frozen] = ()) -> Numbering:
    """Every request's number (see the module's docstring); problems are collected, not raised."""
    result = Numbering()
    by_sequence: dict[tuple, list[NumberRequest]] = {}
    for request in requests:
        by_sequence.setdefault(request.sequence, []).append(request)
    finals = _frozen_by_sequence(frozen, by_sequence)
    for sequence, members in by_sequence.items():
        _assign_sequence(sorted(members, key=lambda r: r.order), finals.get(sequence, {}), result)
    return result


def _frozen_by_sequence(
    frozen: Iterable[Frozen], by_sequence: Mapping[tuple, list[NumberRequest]]
) -> dict[tuple, dict[str, Number]]:
    """The archive's numbers by sequence. An entry without a recorded body counts in the sequence
    of the document it belongs to, or, when the inputs no longer have it, in every sequence of its
    kind and year (a number once printed is never reused)."""
    requested = {r.doc_id: r for members in by_sequence.values() for r in members}
    out: dict[tuple, dict[str, Number]] = {}
    for entry in frozen:
        year = entry.number.year
        if entry.body is not None:
            targets = [(entry.kind, entry.body, year)]
        elif entry.doc_id in requested:
            targets = [requested[entry.doc_id].sequence]
        else:
            targets = [s for s in by_sequence if s[0] == entry.kind and s[2] == year]
        for sequence in targets:
            out.setdefault(sequence, {})[entry.doc_id] = entry.number
    return out


def _assign_sequence(
    ordered: list[NumberRequest], finals: dict[str, Number], result: Numbering
) -> None:
    holders = {n.seq: doc for doc, n in finals.items()}  # seq → doc_id holding it
    given = _given_numbers(ordered, finals, holders, result)
    last = 0
    for request in ordered:
        number = finals.get(request.doc_id) or given.get(request.doc_id)
        if number is None:
            seq = last + 1
            while seq in holders:
                seq += 1
            number = Number(seq, request.year)
            holders[seq] = request.doc_id
        else:
            result.frozen.update({request.doc_id} & finals.keys())
        if number.seq < last:
            result.warnings.append(_out_of_order(request, number, ordered, result))
        elif request.doc_id in given and any(s not in holders for s in range(last + 1, number.seq)):
            message = _("number {number} leaves a gap: no document holds {first}–{last}")
            result.warnings.append(Problem(request.source, request.path, message.format(
                number=number, first=last + 1, last=number.seq - 1)))  # fmt: skip
        result.numbers[request.doc_id] = number
        result.bodies[request.doc_id] = request.body
        last = max(last, number.seq)


def _given_numbers(
    ordered: list[NumberRequest],
    finals: dict[str, Number],
    holders: dict[int, str],
    result: Numbering,
) -> dict[str, Number]:
    """The valid numbers written in the data; each one claims its place in ``holders``."""
    given: dict[str, Number] = {}
    for request in ordered:
        if not request.given:
            continue
        number, problem = parse_given(request)
        final = finals.get(request.doc_id)
        if problem is None and final is not None and number != final:
            message = _("number {given} differs from the final's number {final}")
            problem = Problem(request.source, request.path,
                              message.format(given=request.given, final=final))  # fmt: skip
        elif problem is None and holders.get(number.seq, request.doc_id) != request.doc_id:
            message = _("number {given} is already held by {holder}")
            problem = Problem(request.source, request.path,
                              message.format(given=number, holder=holders[number.seq]))  # fmt: skip
        if problem is not None:
            result.errors.append(problem)
            continue
        holders[number.seq] = request.doc_id
        given[request.doc_id] = number
    return given


def _out_of_order(
    request: NumberRequest, number: Number, ordered: list[NumberRequest], result: Numbering
) -> Problem:
    """A document numbered below one adopted before it (a final or the data held the number)."""
    earlier = next(
        r.doc_id for r in ordered if (n := result.numbers.get(r.doc_id)) and n.seq > number.seq
    )
    message = _(
        "{doc} has number {number} but {earlier}, adopted before it, has number {higher}: the "
        "order of adoption is broken because a final or the data already held a number"
    )
    return Problem(request.source, request.path or request.doc_id, message.format(
        doc=request.doc_id, number=number, earlier=earlier,
        higher=result.numbers[earlier]))  # fmt: skip
