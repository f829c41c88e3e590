"""Validated model → the list of documents to produce, each with its template and context. Pure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import polish
from .fsutil import slug
from .model import Declaration, Konwent, Meeting, MeetingKind, Organisation, Sourced

DECLARATIONS_GROUP = "deklaracje"


@dataclass(frozen=True)
class MeetingPhrases:
    """How Polish documents name a kind of meeting in the cases they need."""

    from_: str  # "ze Zjazdu Członków" (protokół … ze Zjazdu)
    locative: str  # "Zjeździe" (w Zjeździe uczestniczyli)
    issuing_body: str  # "Zjazdu Członków" (Uchwała nr … Zjazdu Członków …)


PHRASES: dict[MeetingKind, MeetingPhrases] = {
    MeetingKind.CONVENTION: MeetingPhrases("ze Zjazdu Członków", "Zjeździe", "Zjazdu Członków"),
    MeetingKind.EXTRAORDINARY_CONVENTION: MeetingPhrases(
        "z Nadzwyczajnego Zjazdu Członków", "Zjeździe", "Nadzwyczajnego Zjazdu Członków"
    ),
    MeetingKind.ORDINARY: MeetingPhrases("z posiedzenia", "posiedzeniu", ""),
    MeetingKind.EXTRAORDINARY: MeetingPhrases("z nadzwyczajnego posiedzenia", "posiedzeniu", ""),
    MeetingKind.COUNCIL: MeetingPhrases("z posiedzenia", "posiedzeniu", ""),
}


@dataclass(frozen=True)
class PlannedDocument:
    """One document to render: which template, with what data, filed under which group."""

    kind: str
    template: str
    title: str
    stem: str
    group: str
    source: str
    context: Mapping[str, Any] = field(repr=False)


def organisation_context(org: Organisation) -> dict[str, Any]:
    contact = "".join(
        f"{label}{value}"
        for label, value in ((" · tel. ", org.phone), (" · ", org.email), (" · ", org.website))
        if value
    )
    return {
        "org": org,
        "contact_line": contact,
        "regulation_genitive": f"Regulaminu {org.name_genitive}",
    }


def issuing_body(org: Organisation, meeting: Meeting) -> str:
    """The body adopting a meeting's resolutions, in the genitive ("Zjazdu Członków Konwentu …")."""
    if meeting.kind is MeetingKind.COUNCIL:
        return f"{org.council.name_genitive} {org.name_genitive}"
    phrase = PHRASES[meeting.kind].issuing_body
    return f"{phrase} {org.name_genitive}".strip()


def meeting_group(source: str) -> str:
    return slug(Path(source).stem)


def plan_declaration(konwent: Konwent, item: Sourced[Declaration]) -> PlannedDocument:
    decl = item.doc
    member = decl.member
    ids = " / ".join(v for v in (member.nip, member.regon, member.krs) if v) or "—"
    entry_date = (
        f", z dnia {polish.date_long(member.register_date)}" if member.register_date else ""
    )
    context = organisation_context(konwent.organisation) | {
        "decl": decl,
        "member": member,
        "head": decl.head,
        "place_date": polish.place_date(decl.city, decl.date),
        "register_date": entry_date,
        "identifiers": ids,
    }
    return PlannedDocument(
        kind="deklaracja",
        template="deklaracja_partnerska",
        title=f"Deklaracja partnerska – {member.name}",
        stem=f"deklaracja-{slug(member.id)}",
        group=DECLARATIONS_GROUP,
        source=item.source,
        context=context,
    )


class Numbering:
    """Per-run numbers "n/yyyy", one sequence per document kind, issuing body and year."""

    def __init__(self) -> None:
        self._last: dict[tuple[str, str, int], int] = defaultdict(int)

    def next(self, kind: str, body: str, year: int) -> str:
        self._last[kind, body, year] += 1
        return f"{self._last[kind, body, year]}/{year}"


def _vote_result(adopted: bool) -> str:
    return "przyjęta" if adopted else "odrzucona"


def plan_meeting(
    konwent: Konwent, item: Sourced[Meeting], numbers: Numbering
) -> list[PlannedDocument]:
    org, meeting = konwent.organisation, item.doc
    body = issuing_body(org, meeting)
    year = meeting.date.year
    by_id = konwent.members.by_id()
    group = meeting_group(item.source)
    resolutions = [
        {
            "number": r.number or numbers.next("uchwala", body, year),
            "subject": r.subject,
            "votes": r.votes,
            "result": _vote_result(r.votes.adopted),
            "model": r,
        }
        for r in meeting.resolutions
    ]
    present = [a for a in meeting.attendance if a.member_id in by_id]
    phrases = PHRASES[meeting.kind]
    base = organisation_context(org) | {
        "meeting": meeting,
        "date": polish.date_long(meeting.date),
        "place_date": polish.place_date(meeting.city, meeting.date),
        "issuing_body": body,
    }
    protocol_number = meeting.number or numbers.next("protokol", body, year)
    agenda_votes = meeting.agenda_votes
    protocol = base | {
        "number": protocol_number,
        "meeting_title": f"{phrases.from_} {org.name_genitive}",
        "meeting_kind_locative": phrases.locative,
        "present_count": len(present),
        "voting_count": sum(1 for a in present if a.entitled_to_vote),
        "resolutions": resolutions,
        "agenda_adoption": (
            f"Porządek obrad przyjęto w głosowaniu jawnym: za – {agenda_votes.in_favour}, "
            f"przeciw – {agenda_votes.against}, wstrzymało się – {agenda_votes.abstained}."
            if agenda_votes
            else "Porządek obrad przyjęto bez głosowania."
        ),
    }
    docs = [
        PlannedDocument(
            kind="protokol",
            template="protokol",
            title=f"Protokół nr {protocol_number}",
            stem=f"protokol-{slug(protocol_number)}",
            group=group,
            source=item.source,
            context=protocol,
        )
    ]
    for entry in resolutions:
        docs.append(
            PlannedDocument(
                kind="uchwala",
                template="uchwala",
                title=f"Uchwała nr {entry['number']} w sprawie {entry['subject']}",
                stem=f"uchwala-{slug(entry['number'])}",
                group=group,
                source=item.source,
                context=base | {"number": entry["number"], "resolution": entry["model"]},
            )
        )
    return docs


def plan(konwent: Konwent) -> list[PlannedDocument]:
    """Every document the inputs call for, in packet order."""
    numbers = Numbering()
    docs = [plan_declaration(konwent, d) for d in konwent.declarations]
    for item in sorted(konwent.meetings, key=lambda m: m.doc.date):
        docs += plan_meeting(konwent, item, numbers)
    return docs
