"""One meeting → its documents in packet order: zawiadomienie, lista obecności, protokół,
uchwały, komunikaty, aneksy. Pure apart from the number source it is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from . import contexts as c
from . import minutes, polish
from .errors import InputError, problem
from .fsutil import slug
from .grammar import Case, GenderBook, PersonRef, decline, gendered
from .i18n import _
from .identity import item_name, meeting_id
from .law import unit_order
from .model import Konwent, Meeting, MeetingKind, Organisation, RegulationChange, Sourced, Votes
from .numbering import Number, Numbering
from .phrases import (
    AGENDA_RESULT,
    CHANGE_LEADS,
    ELECTION_RESULT,
    PHRASES,
    RESOLUTION_RESULT,
    casting,
    casting_chair,
    council_genitive,
    issuing_body,
    meeting_genitive,
    meeting_name,
    vote_line,
    vote_result,
)
from .planned import (
    PlannedDocument,
    communique_context,
    council_signatory,
    gender_book,
    notice_context,
    organisation_fields,
)


def _meeting_fields(org: Organisation, meeting: Meeting) -> dict[str, Any]:
    return organisation_fields(org, polish.place_date(meeting.city, meeting.date)) | {
        "meeting": meeting,
        "date": polish.date_long(meeting.date),
        "issuing_body": issuing_body(org, meeting.kind),
        "meeting_name": meeting_name(org, meeting.kind),
        "meeting_genitive": meeting_genitive(org, meeting.kind),
        "meeting_title": f"{PHRASES[meeting.kind].from_} "
        + (council_genitive(org) if meeting.kind is MeetingKind.COUNCIL else org.name_genitive),
    }


@dataclass
class MeetingPlan:
    """Everything the planner of one meeting shares between its documents."""

    konwent: Konwent
    item: Sourced[Meeting]
    numbering: Numbering
    base: dict[str, Any] = field(default_factory=dict)
    book: GenderBook = field(default_factory=GenderBook)

    @cached_property
    def org(self) -> Organisation:
        """The organisation with its council of the meeting's date (who signs, who decides)."""
        return self.konwent.organisation.on(self.meeting.date)

    @property
    def meeting(self) -> Meeting:
        return self.item.doc

    @property
    def group(self) -> str:
        return meeting_id(self.meeting)

    @property
    def chair(self) -> PersonRef:
        return self.book.person(self.meeting.chair, self.meeting.chair_gender)

    @property
    def recorder(self) -> PersonRef:
        return self.book.person(self.meeting.recorder, self.meeting.recorder_gender)

    def doc_id(self, name: str) -> str:
        return f"{self.group}/{name}"

    def number(self, name: str) -> Number:
        """The number of this meeting's document ``name`` (every request has one once
        :func:`pipeline.numbering.assign` found no error)."""
        number = self.numbering.of(self.doc_id(name))
        assert number is not None, name
        return number

    def document(
        self,
        kind: str,
        title: str,
        name: str,
        context: Any,
        number: Number | None = None,
        cites: tuple[tuple[str, Number], ...] = (),
        issued: dt.date | None = None,
    ) -> PlannedDocument:
        stem = f"{kind.replace('_', '-')}-{slug(str(number))}" if number else name
        return PlannedDocument(
            kind=kind,
            template=kind,
            title=title,
            stem=stem,
            group=self.group,
            source=self.item.source,
            context=c.as_context(context),
            doc_id=self.doc_id(name),
            number=number,
            cites=cites,
            body=self.numbering.bodies.get(self.doc_id(name)),
            issued=issued or self.meeting.date,
        )


def _notice(p: MeetingPlan) -> list[PlannedDocument]:
    notice, meeting = p.meeting.notice, p.meeting
    if notice is None:
        return []
    name, function = council_signatory(p.konwent.organisation.on(notice.date))  # chair that day
    fields = organisation_fields(p.org, polish.place_date(p.org.address.city, notice.date))
    context = notice_context(
        p.org,
        fields,
        meeting.kind,
        addressees=notice.addressees,
        date=polish.date_long(meeting.date),
        time=meeting.time,
        place=f"{meeting.place}, {meeting.city}",
        agenda=[item.title for item in meeting.agenda],
        signatory=name,
        signatory_function=function,
    )
    return [p.document("zawiadomienie", "Zawiadomienie", "zawiadomienie", context,
                       issued=notice.date)]  # fmt: skip


def _attendance(p: MeetingPlan) -> PlannedDocument:
    by_id = p.konwent.members.by_id()
    rows = []
    for entry in p.meeting.attendance:
        member = by_id.get(entry.member_id)
        if member is None:
            continue
        rows.append(
            c.AttendanceRow(
                number=len(rows) + 1,
                member_name=member.name,
                unit=member.unit_type.value if member.unit_type else member.kind.value,
                representative=entry.representative or member.representative.name,
                voting="tak" if entry.entitled_to_vote else "nie",
            )
        )
    context = c.AttendanceContext(
        **p.base, rows=rows, guests=list(p.meeting.guests), present_count=len(rows)
    )
    return p.document("lista_obecnosci", "Lista obecności", "lista-obecnosci", context)


def _resolutions(p: MeetingPlan) -> list[c.ResolutionEntry]:
    """Every resolution voted on, in the meeting's order; only adopted ones carry a number."""
    entries = []
    for i, r in enumerate(p.meeting.resolutions, 1):
        name = item_name("uchwala", r.key, i)
        number = p.number(name) if r.votes.adopted else None
        entries.append(
            c.ResolutionEntry(
                number=str(number or ""),
                subject=r.subject,
                votes=r.votes,
                result=vote_result(r.votes, casting_chair(p.org, p.meeting, r.votes)),
                model=r,
                adopted=r.votes.adopted,
                doc_id=p.doc_id(name),
                typed_number=number,
            )
        )
    return entries


def _resolution_docs(p: MeetingPlan, entries: list[c.ResolutionEntry]) -> list[PlannedDocument]:
    """An uchwała for every resolution adopted; one not adopted makes no document."""
    docs = []
    for entry in (e for e in entries if e.adopted):
        result = "Uchwała została podjęta"
        if casting(entry.votes):
            chair = casting_chair(p.org, p.meeting, entry.votes)
            gender, preferred = p.book.gender(chair), p.org.feminine_forms
            title = gendered("Przewodniczącego", gender, None, preferred)
            result += f" rozstrzygającym głosem {title} {p.org.council.name_genitive} ({chair})"
        context = c.ResolutionContext(
            **p.base,
            number=entry.number,
            resolution=entry.model,
            vote_line=vote_line(entry.votes),
            result=f"{result}.",
            signatory=p.meeting.chair,
            chair=p.chair,
        )
        title = f"Uchwała nr {entry.number} w sprawie {entry.subject}"
        name = entry.doc_id.rsplit("/", 1)[-1]
        docs.append(p.document("uchwala", title, name, context, entry.typed_number))
    return docs


def _communiques(p: MeetingPlan) -> list[PlannedDocument]:
    planned = []
    for i, item in enumerate(p.meeting.communiques, 1):
        name = item_name("komunikat", item.key, i)
        number = p.number(name)
        date = item.date or p.meeting.date
        fields = organisation_fields(p.org, polish.place_date(p.meeting.city, date))
        context = communique_context(p.org, fields, str(number), item, None)
        title = f"Komunikat nr {number} – {item.title}"
        planned.append(p.document("komunikat", title, name, context, number, issued=date))
    return planned


def _change(number: int, change) -> c.ChangeEntry:
    lead = CHANGE_LEADS[change.kind.value].format(unit=change.unit)
    text = polish.quoted(change.text) if change.text else ""
    return c.ChangeEntry(
        number=number, unit=change.unit, kind=change.kind.value, lead=lead, text=text
    )


def _in_order(changes: list[RegulationChange]) -> list[RegulationChange]:
    """An aneks lists its changes in the regulation's order (Art. 3 ust. 1 pkt 1 before pkt 3)."""
    return sorted(changes, key=lambda change: unit_order(change.unit))


def _amendments(p: MeetingPlan, entries: list[c.ResolutionEntry]) -> list[PlannedDocument]:
    by_key = {e.model.key: e for e in entries if e.model.key and e.adopted}
    problems, planned = [], []
    for i, item in enumerate(p.meeting.amendments, 1):
        entry = by_key.get(item.resolution)
        if entry is None:
            problems.append(
                problem(
                    p.item.source,
                    f"aneksy[{i}].uchwala",
                    _("no adopted resolution with id {} in this meeting").format(item.resolution),
                )
            )
            continue
        name = item_name("aneks", item.key, i)
        number = p.number(name)
        context = c.AmendmentContext(
            **p.base,
            number=str(number),
            amendment=item,
            regulation=f"Regulaminu {p.org.name_genitive}",
            resolution_number=entry.number,
            resolution=entry.model,
            vote_line=vote_line(entry.votes),
            changes=[_change(n, ch) for n, ch in enumerate(_in_order(item.changes), 1)],
            signatory=p.meeting.chair,
            chair=p.chair,
        )
        title = f"Aneks nr {number} do Regulaminu"
        cited = ((entry.doc_id, entry.typed_number),) if entry.typed_number else ()
        planned.append(p.document("aneks", title, name, context, number, cited))
    if problems:
        raise InputError(problems)
    return planned


def _protocol(
    p: MeetingPlan,
    entries: list[c.ResolutionEntry],
    communiques: list[PlannedDocument],
    amendments: list[PlannedDocument],
) -> PlannedDocument:
    meeting = p.meeting
    by_id = p.konwent.members.by_id()
    present = [a for a in meeting.attendance if a.member_id in by_id]
    number = p.number("protokol")
    context = c.ProtocolContext(
        **p.base,
        number=str(number),
        chair=p.chair,
        recorder=p.recorder,
        meeting_kind_locative=PHRASES[meeting.kind].locative,
        present_count=len(present),
        voting_count=sum(1 for a in present if a.entitled_to_vote),
        agenda_adoption=_agenda_adoption(meeting.agenda_votes),
        votes=_vote_rows(p, entries),
        resolutions=entries,
        adopted=[e for e in entries if e.adopted],
        rejected=[e for e in entries if not e.adopted],
        elections=[_election(e) for e in meeting.elections],
        communiques=[c.IssuedEntry(str(d.number), d.context["communique"].title)
                     for d in communiques],  # fmt: skip
        amendments=[c.IssuedEntry(str(d.number), "do Regulaminu") for d in amendments],
        agenda=[minutes.agenda_text(item) for item in meeting.agenda],
        attachments=minutes.attachments(meeting),
    )
    cites = tuple((e.doc_id, e.typed_number) for e in entries if e.typed_number) + tuple(
        (d.doc_id, d.number) for d in (*communiques, *amendments) if d.number
    )
    return p.document("protokol", f"Protokół nr {number}", "protokol", context, number, cites)


def _agenda_adoption(votes: Votes | None) -> str:
    if votes is None:
        return "Porządek obrad przyjęto bez głosowania."
    if not votes.adopted:
        return f"Porządku obrad nie przyjęto w głosowaniu jawnym: {vote_line(votes)}."
    return f"Porządek obrad przyjęto w głosowaniu jawnym: {vote_line(votes)}."


def _vote_rows(p: MeetingPlan, entries: list[c.ResolutionEntry]) -> list[c.VoteRow]:
    """The minutes' table of votes; a tie names who decided it (the council chair of the day)."""
    meeting, rows = p.meeting, []

    def chair(votes: Votes) -> str:
        return casting_chair(p.org, meeting, votes)

    if meeting.agenda_votes:
        votes = meeting.agenda_votes
        rows.append(_vote_row("Porządek obrad", votes, chair(votes), AGENDA_RESULT))
    for election in meeting.elections:
        if election.votes:
            body = decline(election.body, Case.GEN)
            subject = f"Wybór {body}" if body else f"Wybór: {election.body}"
            rows.append(_vote_row(subject, election.votes, chair(election.votes), ELECTION_RESULT))
    for e in entries:
        subject = (
            f"Uchwała nr {e.number} w sprawie {e.subject}"
            if e.adopted
            else f"Projekt uchwały w sprawie {e.subject}"
        )
        rows.append(_vote_row(subject, e.votes, chair(e.votes)))
    return rows


def _vote_row(
    subject: str, votes: Votes, chair: str, forms: tuple[str, str] = RESOLUTION_RESULT
) -> c.VoteRow:
    return c.VoteRow(
        subject=subject,
        in_favour=votes.in_favour,
        against=votes.against,
        abstained=votes.abstained,
        result=vote_result(votes, chair, forms),
    )


def _election(election) -> c.ElectionEntry:
    return c.ElectionEntry(
        body=election.body,
        mode=election.mode,
        elected=", ".join(election.elected),
        votes=vote_line(election.votes) if election.votes else "",
    )


def plan_meeting(
    konwent: Konwent, item: Sourced[Meeting], numbering: Numbering
) -> list[PlannedDocument]:
    p = MeetingPlan(konwent, item, numbering)
    p.book = gender_book(konwent)
    p.base = _meeting_fields(p.org, p.meeting)
    entries = _resolutions(p)
    communiques = _communiques(p)
    amendments = _amendments(p, entries)
    attendance = _attendance(p)
    protocol = _protocol(p, entries, communiques, amendments)
    return [
        *_notice(p),
        attendance,
        protocol,
        *_resolution_docs(p, entries),
        *communiques,
        *amendments,
    ]
