"""Validated model → the list of documents to produce, each with its template and context.

Pure. The numbers come from :func:`numbers_for` (``pipeline/numbering.py``): the same inputs and
the same finals give the same numbers. Declarations come first, then each meeting's documents
(``pipeline/meeting_plan.py``), then stand-alone notices and communiqués; each group becomes one
packet.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import contexts as c
from . import polish
from .errors import InputError
from .fsutil import slug
from .identity import (
    COMMUNIQUES_GROUP,
    DECLARATIONS_GROUP,
    NOTICES_GROUP,
    communique_id,
    numbers_for,
)
from .meeting_plan import plan_meeting
from .model import Declaration, IssuedCommunique, Konwent, MeetingNotice, Profile, Sourced
from .numbering import Frozen, Numbering
from .planned import (
    PlannedDocument,
    communique_context,
    council_signatory,
    notice_context,
    organisation_fields,
)

# The declaration a newcomer signs, by the organisation's profile (regulation).
DECLARATION_TEMPLATE: dict[Profile, tuple[str, str]] = {
    Profile.REGIONAL: ("deklaracja_partnerska", "Deklaracja partnerska"),
    Profile.NATIONAL: ("deklaracja_czlonkowska", "Deklaracja członkowska"),
}


def plan_declaration(konwent: Konwent, item: Sourced[Declaration]) -> PlannedDocument:
    org, decl = konwent.organisation.on(item.doc.date), item.doc
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
        doc_id=f"{DECLARATIONS_GROUP}/deklaracja-{slug(member.id)}",
        issued=decl.date,
    )


def plan_notice(konwent: Konwent, item: Sourced[MeetingNotice]) -> PlannedDocument:
    """A zawiadomienie sent on its own (zawiadomienia/*.yaml)."""
    org, notice = konwent.organisation.on(item.doc.date), item.doc
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
    stem = f"zawiadomienie-{slug(Path(item.source).stem)}"
    return PlannedDocument(
        kind="zawiadomienie",
        template="zawiadomienie",
        title=f"Zawiadomienie – {context.meeting_name}, {context.date}",
        stem=stem,
        group=NOTICES_GROUP,
        source=item.source,
        context=c.as_context(context),
        doc_id=f"{NOTICES_GROUP}/{stem}",
        issued=notice.date,
    )


def plan_communique(
    konwent: Konwent, item: Sourced[IssuedCommunique], numbering: Numbering
) -> PlannedDocument:
    """A komunikat the council issues on its own (komunikaty/*.yaml)."""
    org, doc = konwent.organisation.on(item.doc.date), item.doc
    doc_id = communique_id(item)
    number = numbering.of(doc_id)
    assert number is not None, doc_id
    fields: dict[str, Any] = organisation_fields(org, polish.place_date(doc.city, doc.date))
    context = communique_context(org, fields, str(number), doc, doc.signed_by)
    return PlannedDocument(
        kind="komunikat",
        template="komunikat",
        title=f"Komunikat nr {number} – {doc.title}",
        stem=f"komunikat-{slug(str(number))}",
        group=COMMUNIQUES_GROUP,
        source=item.source,
        context=c.as_context(context),
        doc_id=doc_id,
        number=number,
        body=numbering.bodies.get(doc_id),
        issued=doc.date,
    )


def plan(konwent: Konwent, frozen: Iterable[Frozen] = ()) -> list[PlannedDocument]:
    """Every document the inputs call for, in packet order, numbered; raises InputError when the
    documents cannot be told apart or a number written in the data is wrong."""
    numbering = numbers_for(konwent, frozen)
    if numbering.errors:
        raise InputError(numbering.errors)
    docs = [plan_declaration(konwent, d) for d in konwent.declarations]
    for item in sorted(konwent.meetings, key=lambda m: (m.doc.date, m.source)):
        docs += plan_meeting(konwent, item, numbering)
    docs += [plan_notice(konwent, n) for n in sorted(konwent.notices, key=lambda n: n.doc.date)]
    by_date = sorted(konwent.communiques, key=lambda item: item.doc.date)
    return docs + [plan_communique(konwent, item, numbering) for item in by_date]


__all__ = [
    "PlannedDocument",
    "numbers_for",
    "plan",
    "plan_communique",
    "plan_declaration",
    "plan_notice",
]
