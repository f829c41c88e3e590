"""What the planner produces, and the pieces every kind of document shares. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import contexts as c
from .grammar import GenderBook, gendered
from .model import Konwent, MeetingKind, Organisation
from .numbering import Number
from .phrases import council_genitive, council_nominative, meeting_genitive, meeting_name
from .profiles import load_profile


@dataclass(frozen=True)
class PlannedDocument:
    """One document to render: which template, with what data, filed under which group.

    ``doc_id`` is its stable identity (``pipeline/identity.py``); ``number`` its number, if the
    kind is numbered, and ``cites`` the documents whose numbers it prints (identity, number)."""

    kind: str
    template: str
    title: str
    stem: str
    group: str
    source: str
    context: Mapping[str, Any] = field(repr=False)
    doc_id: str = ""
    number: Number | None = None
    cites: tuple[tuple[str, Number], ...] = ()
    body: str | None = None  # identity of the body whose sequence ``number`` is in
    issued: dt.date | None = None  # the document's date: its PDF's creation date

    def numbers(self) -> dict[str, str]:
        """Every number the document prints, its own and those it cites, by identity."""
        own = {self.doc_id: str(self.number)} if self.number else {}
        return own | {doc_id: str(number) for doc_id, number in self.cites}


def organisation_fields(org: Organisation, place_date: str) -> dict[str, Any]:
    contact = "".join(
        f"{label}{value}"
        for label, value in ((" · tel. ", org.phone), (" · ", org.email), (" · ", org.website))
        if value
    )
    return {
        "org": org,
        "contact_line": contact,
        "regulation_genitive": f"Regulaminu {org.name_genitive}",
        "law": load_profile(org.profile).citations,
        "place_date": place_date,
    }


def council_book(org: Organisation) -> GenderBook:
    """The genders given for the council's members, by name."""
    return GenderBook((seat.name, seat.gender) for seat in org.council.seats)


def gender_book(konwent: Konwent) -> GenderBook:
    """The genders given anywhere in the data, by name: council seats and representatives."""
    org = konwent.organisation
    people = [(s.name, s.gender) for s in org.council.seats]
    for member in konwent.members.members:
        people += [(p.name, p.gender) for p in (member.representative, member.substitute) if p]
    return GenderBook(people)


def council_signatory(org: Organisation, signed_by: str | None = None) -> tuple[str, str]:
    """(name, function) of who signs for the council: the given name, else the chair."""
    chair = org.council.chair
    name = signed_by or (chair.name if chair else None)
    if name is None:
        return f"Sekretariat {org.name_genitive}", ""
    title = gendered("Przewodniczący", council_book(org).gender(name), None, org.feminine_forms)
    return name, f"{title} {org.council.name_genitive}"


def notice_context(
    org: Organisation, fields: dict[str, Any], kind: MeetingKind, **values: Any
) -> c.NoticeContext:
    """A zawiadomienie's context; ``values`` hold the addressees, date, time, place, agenda …"""
    return c.NoticeContext(
        **fields,
        meeting_kind=kind.value,
        meeting_name=meeting_name(org, kind),
        meeting_genitive=meeting_genitive(org, kind),
        **values,
    )


def communique_context(
    org: Organisation, fields: dict[str, Any], number: str, item: Any, signed_by: str | None
) -> c.CommuniqueContext:
    """A komunikat's context, for one adopted at a meeting or issued on its own."""
    name, function = council_signatory(org, signed_by)
    return c.CommuniqueContext(
        **fields,
        number=number,
        communique=c.CommuniqueText(title=item.title, body=list(item.body)),
        issuer=council_nominative(org),
        issuer_genitive=council_genitive(org),
        signatory=name,
        signatory_function=function,
    )
