"""What each document template may use: one typed context class per template. Pure.

These classes are the contract between the planner (which fills them) and the templates (which
read them); ``konwent templates check`` reads their type hints to find unknown variables in a
template without any data. Keys are English, like the model's attributes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .grammar import PersonRef
from .minutes import AgendaText
from .model import (
    Amendment,
    Declaration,
    Guest,
    Meeting,
    Member,
    Organisation,
    Person,
    Resolution,
    Votes,
)
from .numbering import Number
from .profiles import Citations


@dataclass(frozen=True)
class OrgContext:
    """Every template: the letterhead and the place/date line."""

    org: Organisation
    contact_line: str  # " · tel. … · e-mail · www" (empty parts left out)
    regulation_genitive: str  # "Regulaminu Konwentu …"
    law: Citations  # the units the documents cite, from the profile ({{ law.admission }})
    place_date: str  # "Lublin, 12 czerwca 2026 r."


@dataclass(frozen=True)
class DeclarationContext(OrgContext):
    decl: Declaration
    member: Member
    head: Person  # who signs for the member
    identifiers: str  # "NIP / REGON / KRS" values joined, or "—"
    register_date: str  # ", z dnia 3 listopada 2025 r." or ""
    council_name: str  # "Rada Konwentu" (admission decision block)


@dataclass(frozen=True)
class MeetingContext(OrgContext):
    meeting: Meeting
    date: str  # "12 czerwca 2026 r."
    issuing_body: str  # genitive: "Zjazdu Członków Konwentu …"
    meeting_name: str  # nominative: "Zjazd Członków Konwentu …"
    meeting_genitive: str  # "Zjazdu Członków Konwentu …" / "posiedzenia Rady Konwentu …"
    meeting_title: str  # "ze Zjazdu Członków Konwentu …" (protokół …)


@dataclass(frozen=True)
class NoticeContext(OrgContext):
    """A zawiadomienie: of a meeting file's zawiadomienie, or one sent on its own."""

    addressees: str  # "Członkowie Konwentu"
    meeting_kind: str  # "zjazd", "posiedzenie Rady" …
    meeting_name: str  # "Zjazd Członków Konwentu …"
    meeting_genitive: str  # "Zjazdu Członków Konwentu …" (o zwołaniu …)
    date: str  # of the meeting: "12 czerwca 2026 r."
    time: str  # "10:00"
    place: str
    agenda: list[str]  # the proposed agenda
    signatory: str
    signatory_function: str


@dataclass(frozen=True)
class AttendanceRow:
    number: int
    member_name: str
    unit: str  # "CIS", "KIS" or the member's kind ("wspierający")
    representative: str
    voting: str  # "tak" / "nie"


@dataclass(frozen=True)
class AttendanceContext(MeetingContext):
    rows: list[AttendanceRow]
    guests: list[Guest]
    present_count: int


@dataclass(frozen=True)
class VoteRow:
    """One open vote as the minutes list it."""

    subject: str
    in_favour: int
    against: int
    abstained: int
    result: str  # "podjęta", "niepodjęta", "przyjęty" (porządek obrad), "wybrano" …


@dataclass(frozen=True)
class ResolutionEntry:
    """A resolution voted on at a meeting; one not adopted has no number ("")."""

    number: str
    subject: str
    votes: Votes
    result: str
    model: Resolution
    adopted: bool = True
    doc_id: str = ""
    typed_number: Number | None = None


@dataclass(frozen=True)
class ElectionEntry:
    body: str
    mode: str
    elected: str  # names joined with commas
    votes: str  # "za – 8, przeciw – 0, wstrzymało się – 1" or ""


@dataclass(frozen=True)
class IssuedEntry:
    """A komunikat or aneks issued at the meeting, as the minutes mention it."""

    number: str
    title: str


@dataclass(frozen=True)
class ProtocolContext(MeetingContext):
    number: str
    chair: PersonRef  # who chaired the meeting, with their gender ({{ chair|rodzaj(…) }})
    recorder: PersonRef  # who took the minutes
    meeting_kind_locative: str  # "Zjeździe" (w Zjeździe uczestniczyli …)
    present_count: int
    voting_count: int
    agenda_adoption: str
    votes: list[VoteRow]
    resolutions: list[ResolutionEntry]
    adopted: list[ResolutionEntry]
    rejected: list[ResolutionEntry]
    elections: list[ElectionEntry]
    communiques: list[IssuedEntry]
    amendments: list[IssuedEntry]
    agenda: list[AgendaText]  # every item with its text, or words fitting it (minutes.py)
    attachments: list[str]  # "Lista obecności" first, then the meeting's own


@dataclass(frozen=True)
class ResolutionContext(MeetingContext):
    number: str
    chair: PersonRef  # who chaired the meeting (signs as "przewodnicząca/przewodniczący obrad")
    resolution: Resolution
    vote_line: str  # "za – 8, przeciw – 0, wstrzymało się – 1"
    result: str  # "Uchwała została podjęta." …
    signatory: str


@dataclass(frozen=True)
class CommuniqueText:
    title: str
    body: list[str]  # paragraphs


@dataclass(frozen=True)
class CommuniqueContext(OrgContext):
    """A komunikat: adopted at a meeting, or issued on its own."""

    number: str
    communique: CommuniqueText
    issuer: str  # "Rada Konwentu Klubów …" (nominative)
    issuer_genitive: str  # "Rady Konwentu Klubów …"
    signatory: str
    signatory_function: str


@dataclass(frozen=True)
class ChangeEntry:
    number: int
    unit: str
    kind: str
    lead: str  # "Art. 3 ust. 4 otrzymuje brzmienie:" / "uchyla się Art. 3 ust. 7."
    text: str  # „…” or "" for a removal


@dataclass(frozen=True)
class AmendmentContext(MeetingContext):
    number: str
    chair: PersonRef
    amendment: Amendment
    regulation: str  # "Regulaminu Konwentu …" (genitive)
    resolution_number: str
    resolution: Resolution
    vote_line: str
    changes: list[ChangeEntry]
    signatory: str


def as_context(value: Any) -> dict[str, Any]:
    """A context object as the mapping docxtpl renders (top level only)."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


CONTEXTS: dict[str, type] = {
    "deklaracja_partnerska": DeclarationContext,
    "deklaracja_czlonkowska": DeclarationContext,
    "zawiadomienie": NoticeContext,
    "lista_obecnosci": AttendanceContext,
    "protokol": ProtocolContext,
    "uchwala": ResolutionContext,
    "komunikat": CommuniqueContext,
    "aneks": AmendmentContext,
}


# Who signs each document (DOMAIN.md): the template marks each signature line with the Word
# bookmark podpis_<role>, exported as a PDF named destination for the signature field.
SIGNATORIES: dict[str, tuple[str, ...]] = {
    "deklaracja_partnerska": ("kierownik",),
    "deklaracja_czlonkowska": ("kierownik", "instytucja_tworzaca"),
    "zawiadomienie": ("przewodniczacy",),
    "lista_obecnosci": (),
    "protokol": ("protokolant", "przewodniczacy"),
    "uchwala": ("przewodniczacy",),
    "komunikat": ("przewodniczacy",),
    "aneks": ("przewodniczacy",),
}
