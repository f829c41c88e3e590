"""What documents cannot say right without more data: a person's grammatical gender not given
and not known from the first name, a name the dictionary cannot decline with confidence.

These are warnings without a regulation to cite: the documents still build, with masculine forms
and the name in the nominative, until the key the warning names is filled in.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import Problem, Severity
from ..grammar import Case, GenderBook, decline
from ..i18n import _
from ..model import Gender, Person
from .engine import Context, Place

# The cases the bundled declarations put a member's name in (w imieniu …, przyjęła …).
DECLARATION_CASES = (Case.GEN, Case.ACC)


def _warn(ctx: Context, place: Place, path: str, message: str, near: str = "") -> None:
    """A warning about the key ``path`` to fill, on the line of ``near`` (the field it is about)."""
    shown = place.path(path)
    line = place.line(place.path(near) if near else shown)
    ctx.found.append(Problem(place.file, shown, message, line, severity=Severity.WARNING))


def _gender_unknown(
    ctx: Context, book: GenderBook, place: Place, path: str, name: str, near: str
) -> None:
    if book.gender(name) is None:
        message = _(
            "the grammatical gender of {} is not known from the first name; give {}: K or M"
        ).format(f"\u201e{name}\u201d", place.path(path).rsplit(".", 1)[-1])
        _warn(ctx, place, path, message, near)


def _people(person: Person | None, path: str) -> Iterator[tuple[str, str, Person]]:
    """(key to fill, field naming the person, person) when the person's gender is not given."""
    if person is not None and person.gender is None:
        yield f"{path}.plec", f"{path}.imie_nazwisko", person


def check_council_genders(ctx: Context) -> None:
    council = ctx.konwent.organisation.council
    book = GenderBook((s.name, s.gender) for s in council.seats)
    for i, seat in enumerate(council.seats, 1):
        if seat.gender is None:
            path = f"rada.sklad[{i}]"
            _gender_unknown(ctx, book, ctx.organisation, f"{path}.plec", seat.name, path)


def check_register_genders(ctx: Context) -> None:
    book = GenderBook()
    for member in ctx.konwent.members.members:
        if member.id in ctx.konwent.members.unreadable:
            continue
        for path, near, person in _people(member.representative, "przedstawiciel"):
            _gender_unknown(ctx, book, ctx.member_place(member.id), path, person.name, near)


def check_meeting_genders(ctx: Context) -> None:
    seats = ctx.konwent.organisation.council.seats
    book = GenderBook((s.name, s.gender) for s in seats)
    for item in ctx.konwent.meetings:
        meeting, place = item.doc, Place.of(item)
        given: tuple[tuple[str, Gender | None, str, str], ...] = (
            (meeting.chair, meeting.chair_gender, "plec_prowadzacego", "prowadzacy"),
            (meeting.recorder, meeting.recorder_gender, "plec_protokolanta", "protokolant"),
        )
        for name, gender, path, near in given:
            if gender is None:
                _gender_unknown(ctx, book, place, path, name, near)


def _signers(ctx: Context) -> Iterator[tuple[Place, str, str]]:
    """(place, field, name) of those named by name only who sign or decide for the council."""
    for item in [*ctx.konwent.communiques, *ctx.konwent.notices]:
        if item.doc.signed_by:
            yield Place.of(item), "podpisuje", item.doc.signed_by
    for item in ctx.konwent.meetings:
        for i, resolution in enumerate(item.doc.resolutions, 1):
            if resolution.votes.casting_voter:
                path = f"uchwaly[{i}].glosowanie.rozstrzygajacy"
                yield Place.of(item), path, resolution.votes.casting_voter


def check_signer_genders(ctx: Context) -> None:
    """Signatories and casting voters take their gender from their seat on the council."""
    book = GenderBook((s.name, s.gender) for s in ctx.konwent.organisation.council.seats)
    for place, path, name in _signers(ctx):
        if book.gender(name) is None:
            message = _(
                "the grammatical gender of {} is not known from the first name; give plec: K or "
                "M at their seat in rada.sklad"
            ).format(f"\u201e{name}\u201d")
            _warn(ctx, place, path, message)


def check_declarations(ctx: Context) -> None:
    """A newcomer's head, representative and substitute; its name in the cases declarations use."""
    book = GenderBook()
    for item in ctx.konwent.declarations:
        decl, place = item.doc, Place.of(item)
        people = [
            *_people(decl.head, "kierownik"),
            *_people(decl.member.representative, "czlonek.przedstawiciel"),
            *_people(decl.member.substitute, "czlonek.zastepca"),
        ]
        for path, near, person in people:
            _gender_unknown(ctx, book, place, path, person.name, near)
        name = decl.member.name
        if not decl.member.name_genitive and None in {decline(name, c) for c in DECLARATION_CASES}:
            message = _("cannot decline {} with confidence; give its genitive in {}").format(
                f"\u201e{name}\u201d", "czlonek.nazwa_dopelniacz"
            )
            _warn(ctx, place, "czlonek.nazwa", message)


CHECKS = [
    check_council_genders,
    check_register_genders,
    check_meeting_genders,
    check_signer_genders,
    check_declarations,
]
