"""One meeting → its documents in packet order: zawiadomienie, lista obecności, protokół,
uchwały, komunikaty, aneksy. Pure apart from the number source it is given."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import contexts as c
from . import minutes, polish
from .errors import InputError, problem
from .fsutil import slug
from .i18n import _
from .model import Konwent, Meeting, MeetingKind, Organisation, Sourced, Votes
from .numbering import NumberSource
from .phrases import (
    CHANGE_LEADS,
    PHRASES,
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
    document_number,
    notice_context,
    organisation_fields,
)


def meeting_group(source: str) -> str:
    return slug(Path(source).stem)


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
    numbers: NumberSource
    base: dict[str, Any] = field(default_factory=dict)

    @property
    def org(self) -> Organisation:
        return self.konwent.organisation

    @property
    def meeting(self) -> Meeting:
        return self.item.doc

    def number(self, kind: str, body: str, key: str, given: str | None, path: str) -> str:
        year = self.meeting.date.year
        return document_number(self.numbers, self.item.source, kind, body, year, key, given, path)

    def document(self, kind: str, title: str, stem: str, context: Any) -> PlannedDocument:
        return PlannedDocument(
            kind=kind,
            template=kind,
            title=title,
            stem=stem,
            group=meeting_group(self.item.source),
            source=self.item.source,
            context=c.as_context(context),
        )


def _notice(p: MeetingPlan) -> list[PlannedDocument]:
    notice, meeting = p.meeting.notice, p.meeting
    if notice is None:
        return []
    name, function = council_signatory(p.org)
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
    return [p.document("zawiadomienie", "Zawiadomienie", "zawiadomienie", context)]


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
    body = p.base["issuing_body"]
    return [
        c.ResolutionEntry(
            number=p.number("uchwala", body, r.key or str(i), r.number, f"uchwaly[{i}].numer"),
            subject=r.subject,
            votes=r.votes,
            result=vote_result(r.votes, casting_chair(p.org, p.meeting, r.votes)),
            model=r,
        )
        for i, r in enumerate(p.meeting.resolutions, 1)
    ]


def _resolution_docs(p: MeetingPlan, entries: list[c.ResolutionEntry]) -> list[PlannedDocument]:
    docs = []
    for entry in entries:
        result = "Uchwała została podjęta" if entry.votes.adopted else "Uchwała nie została podjęta"
        if casting(entry.votes):
            chair = casting_chair(p.org, p.meeting, entry.votes)
            result += (
                f" rozstrzygającym głosem Przewodniczącego {p.org.council.name_genitive} ({chair})"
            )
        context = c.ResolutionContext(
            **p.base,
            number=entry.number,
            resolution=entry.model,
            vote_line=vote_line(entry.votes),
            result=f"{result}.",
            signatory=p.meeting.chair,
        )
        title = f"Uchwała nr {entry.number} w sprawie {entry.subject}"
        docs.append(p.document("uchwala", title, f"uchwala-{slug(entry.number)}", context))
    return docs


def _communiques(p: MeetingPlan) -> list[tuple[str, PlannedDocument]]:
    body = council_genitive(p.org)
    planned = []
    for i, item in enumerate(p.meeting.communiques, 1):
        path = f"komunikaty[{i}].numer"
        number = p.number("komunikat", body, str(i), item.number, path)
        date = item.date or p.meeting.date
        fields = organisation_fields(p.org, polish.place_date(p.meeting.city, date))
        context = communique_context(p.org, fields, number, item, None)
        title = f"Komunikat nr {number} – {item.title}"
        doc = p.document("komunikat", title, f"komunikat-{slug(number)}", context)
        planned.append((number, doc))
    return planned


def _change(number: int, change) -> c.ChangeEntry:
    lead = CHANGE_LEADS[change.kind.value].format(unit=change.unit)
    text = polish.quoted(change.text) if change.text else ""
    return c.ChangeEntry(
        number=number, unit=change.unit, kind=change.kind.value, lead=lead, text=text
    )


def _amendments(
    p: MeetingPlan, entries: list[c.ResolutionEntry]
) -> list[tuple[str, PlannedDocument]]:
    by_key = {e.model.key: e for e in entries if e.model.key}
    problems, planned = [], []
    for i, item in enumerate(p.meeting.amendments, 1):
        entry = by_key.get(item.resolution)
        if entry is None:
            problems.append(
                problem(
                    p.item.source,
                    f"aneksy[{i}].uchwala",
                    _("no resolution with id {} in this meeting").format(item.resolution),
                )
            )
            continue
        number = p.number(
            "aneks", p.org.regulation_title, str(i), item.number, f"aneksy[{i}].numer"
        )
        context = c.AmendmentContext(
            **p.base,
            number=number,
            amendment=item,
            regulation=f"Regulaminu {p.org.name_genitive}",
            resolution_number=entry.number,
            resolution=entry.model,
            vote_line=vote_line(entry.votes),
            changes=[_change(n, ch) for n, ch in enumerate(item.changes, 1)],
            signatory=p.meeting.chair,
        )
        title = f"Aneks nr {number} do Regulaminu"
        planned.append((number, p.document("aneks", title, f"aneks-{slug(number)}", context)))
    if problems:
        raise InputError(problems)
    return planned


def _protocol(
    p: MeetingPlan,
    entries: list[c.ResolutionEntry],
    communiques: list[tuple[str, PlannedDocument]],
    amendments: list[tuple[str, PlannedDocument]],
    attendance: PlannedDocument,
) -> PlannedDocument:
    meeting = p.meeting
    by_id = p.konwent.members.by_id()
    present = [a for a in meeting.attendance if a.member_id in by_id]
    number = p.number(
        "protokol", p.base["issuing_body"], "protokol", meeting.number, "numer_protokolu"
    )
    context = c.ProtocolContext(
        **p.base,
        number=number,
        meeting_kind_locative=PHRASES[meeting.kind].locative,
        present_count=len(present),
        voting_count=sum(1 for a in present if a.entitled_to_vote),
        agenda_adoption=_agenda_adoption(meeting.agenda_votes),
        votes=_vote_rows(meeting, entries),
        resolutions=entries,
        adopted=[e for e in entries if e.votes.adopted],
        elections=[_election(e) for e in meeting.elections],
        communiques=[c.IssuedEntry(n, d.context["communique"].title) for n, d in communiques],
        amendments=[c.IssuedEntry(n, "do Regulaminu") for n, _d in amendments],
        agenda=[minutes.agenda_text(item) for item in meeting.agenda],
        attachments=minutes.attachments(meeting),
    )
    return p.document("protokol", f"Protokół nr {number}", f"protokol-{slug(number)}", context)


def _agenda_adoption(votes: Votes | None) -> str:
    if votes is None:
        return "Porządek obrad przyjęto bez głosowania."
    return f"Porządek obrad przyjęto w głosowaniu jawnym: {vote_line(votes)}."


def _vote_rows(meeting: Meeting, entries: list[c.ResolutionEntry]) -> list[c.VoteRow]:
    rows = []
    if meeting.agenda_votes:
        rows.append(_vote_row("Przyjęcie porządku obrad", meeting.agenda_votes, meeting.chair))
    for election in meeting.elections:
        if election.votes:
            rows.append(_vote_row(f"Wybór: {election.body}", election.votes, meeting.chair))
    for e in entries:
        rows.append(
            _vote_row(f"Uchwała nr {e.number} w sprawie {e.subject}", e.votes, meeting.chair)
        )
    return rows


def _vote_row(subject: str, votes: Votes, chair: str) -> c.VoteRow:
    return c.VoteRow(
        subject=subject,
        in_favour=votes.in_favour,
        against=votes.against,
        abstained=votes.abstained,
        result=vote_result(votes, chair),
    )


def _election(election) -> c.ElectionEntry:
    return c.ElectionEntry(
        body=election.body,
        mode=election.mode,
        elected=", ".join(election.elected),
        votes=vote_line(election.votes) if election.votes else "",
    )


def plan_meeting(
    konwent: Konwent, item: Sourced[Meeting], numbers: NumberSource
) -> list[PlannedDocument]:
    p = MeetingPlan(konwent, item, numbers)
    p.base = _meeting_fields(p.org, p.meeting)
    entries = _resolutions(p)
    communiques = _communiques(p)
    amendments = _amendments(p, entries)
    attendance = _attendance(p)
    protocol = _protocol(p, entries, communiques, amendments, attendance)
    return [
        *_notice(p),
        attendance,
        protocol,
        *_resolution_docs(p, entries),
        *(doc for _n, doc in communiques),
        *(doc for _n, doc in amendments),
    ]
