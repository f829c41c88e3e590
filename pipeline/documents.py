"""Validated model → the list of documents to produce, each with its template and context.

Pure apart from the number source it is given (see ``pipeline/numbering.py``). Declarations come
first, then each meeting's documents (``pipeline/meeting_plan.py``), then stand-alone notices and
communiqués; each group becomes one packet.
"""

from __future__ import annotations

from typing import Any

from . import contexts as c
from . import polish
from .fsutil import slug
from .meeting_plan import meeting_group, plan_meeting
from .model import Declaration, IssuedCommunique, Konwent, MeetingNotice, Profile, Sourced
from .numbering import MemoryNumbers, NumberSource
from .phrases import council_genitive
from .planned import (
    PlannedDocument,
    communique_context,
    council_signatory,
    document_number,
    notice_context,
    organisation_fields,
)

DECLARATIONS_GROUP = "deklaracje"
NOTICES_GROUP = "zawiadomienia"
COMMUNIQUES_GROUP = "komunikaty"

# The declaration a newcomer signs, by the organisation's profile (regulation).
DECLARATION_TEMPLATE: dict[Profile, tuple[str, str]] = {
    Profile.REGIONAL: ("deklaracja_partnerska", "Deklaracja partnerska"),
    Profile.NATIONAL: ("deklaracja_czlonkowska", "Deklaracja członkowska"),
}


def plan_declaration(konwent: Konwent, item: Sourced[Declaration]) -> PlannedDocument:
    org, decl = konwent.organisation, item.doc
    member = decl.member
    template, label = DECLARATION_TEMPLATE[org.profile]
    ids = " / ".join(v for v in (member.nip, member.regon, member.krs) if v) or "—"
    entry_date = (
        f", z dnia {polish.date_long(member.register_date)}" if member.register_date else ""
    )
    context = c.DeclarationContext(
        **organisation_fields(org, polish.place_date(decl.city, decl.date)),
        decl=decl,
        member=member,
        head=decl.head,
        identifiers=ids,
        register_date=entry_date,
        council_name=org.council.name,
    )
    return PlannedDocument(
        kind="deklaracja",
        template=template,
        title=f"{label} – {member.name}",
        stem=f"deklaracja-{slug(member.id)}",
        group=DECLARATIONS_GROUP,
        source=item.source,
        context=c.as_context(context),
    )


def plan_notice(konwent: Konwent, item: Sourced[MeetingNotice]) -> PlannedDocument:
    """A zawiadomienie sent on its own (zawiadomienia/*.yaml)."""
    org, notice = konwent.organisation, item.doc
    name, function = council_signatory(org, notice.signed_by)
    fields = organisation_fields(org, polish.place_date(notice.city, notice.date))
    context = notice_context(
        org,
        fields,
        notice.meeting_kind,
        addressees=notice.addressees,
        date=polish.date_long(notice.meeting_date),
        time=notice.time,
        place=notice.place,
        agenda=list(notice.agenda),
        signatory=name,
        signatory_function=function,
    )
    return PlannedDocument(
        kind="zawiadomienie",
        template="zawiadomienie",
        title=f"Zawiadomienie – {context.meeting_name}, {context.date}",
        stem=f"zawiadomienie-{meeting_group(item.source)}",
        group=NOTICES_GROUP,
        source=item.source,
        context=c.as_context(context),
    )


def plan_communique(
    konwent: Konwent, item: Sourced[IssuedCommunique], numbers: NumberSource
) -> PlannedDocument:
    """A komunikat the council issues on its own (komunikaty/*.yaml)."""
    org, doc = konwent.organisation, item.doc
    body = council_genitive(org)
    number = document_number(
        numbers, item.source, "komunikat", body, doc.date.year, "1", doc.number, "numer"
    )
    fields: dict[str, Any] = organisation_fields(org, polish.place_date(doc.city, doc.date))
    context = communique_context(org, fields, number, doc, doc.signed_by)
    return PlannedDocument(
        kind="komunikat",
        template="komunikat",
        title=f"Komunikat nr {number} – {doc.title}",
        stem=f"komunikat-{slug(number)}",
        group=COMMUNIQUES_GROUP,
        source=item.source,
        context=c.as_context(context),
    )


def plan(konwent: Konwent, numbers: NumberSource | None = None) -> list[PlannedDocument]:
    """Every document the inputs call for, in packet order."""
    numbers = numbers or MemoryNumbers()
    docs = [plan_declaration(konwent, d) for d in konwent.declarations]
    for item in sorted(konwent.meetings, key=lambda m: m.doc.date):
        docs += plan_meeting(konwent, item, numbers)
    docs += [plan_notice(konwent, n) for n in sorted(konwent.notices, key=lambda n: n.doc.date)]
    by_date = sorted(konwent.communiques, key=lambda item: item.doc.date)
    return docs + [plan_communique(konwent, item, numbers) for item in by_date]


__all__ = ["PlannedDocument", "plan", "plan_communique", "plan_declaration", "plan_notice"]
