"""Meeting rules: kinds, attendance, votes, ties, elections, requests, aneks, frequency."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator

from ..i18n import _, ngettext
from ..law import missing_units, unit_name
from ..minutes import agenda_text
from ..model import Amendment, ChangeKind, Meeting, Resolution, Sourced, Votes
from .engine import Context, Place

RESULTS = {
    "przyjęta": True,
    "przyjęty": True,
    "podjęta": True,
    "odrzucona": False,
    "odrzucony": False,
    "niepodjęta": False,
}
CASTING_VALUES = ("za", "przeciw")
_CHANGES_REGULATION = re.compile(r"zmian\w*\s+regulamin", re.IGNORECASE)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().strip()


def _check_attendance(ctx: Context, place: Place, meeting: Meeting) -> int:
    """Report unknown or repeated members and wrong voting rights; return how many may vote."""
    seen: set[str] = set()
    voting_kinds, entitled = ctx.voting_kinds(), 0
    council_only = meeting.kind in ctx.profile.meetings.council_meetings
    council = ctx.konwent.organisation.council.on(meeting.date)
    seats = {s.member_id for s in council.seats if s.member_id}
    for index, entry in enumerate(meeting.attendance, 1):
        path = f"obecni[{index}]"
        member = ctx.members.get(entry.member_id)
        if ctx.unread(entry.member_id):
            entitled += entry.entitled_to_vote  # its row is reported; assume it may vote
        elif member is None:
            message = _("„{}” is not in the member register").format(entry.member_id)
            ctx.report("attendance", place, f"{path}.czlonek", message)
        elif entry.member_id in seen:
            message = _("„{}” is listed twice").format(entry.member_id)
            ctx.report("attendance", place, f"{path}.czlonek", message)
        elif entry.entitled_to_vote and council_only and entry.member_id not in seats:
            message = _("„{}” holds no council seat and has no vote at its meeting").format(
                entry.member_id
            )
            ctx.report("voting_right", place, f"{path}.uprawniony_do_glosowania", message)
        elif entry.entitled_to_vote and member.kind not in voting_kinds:
            message = _("a {} member has no vote; set uprawniony_do_glosowania: false").format(
                member.kind.value
            )
            ctx.report("voting_right", place, f"{path}.uprawniony_do_glosowania", message)
        elif entry.entitled_to_vote:
            entitled += 1
        seen.add(entry.member_id)
    return entitled


def _votes(meeting: Meeting) -> Iterator[tuple[str, Votes]]:
    if meeting.agenda_votes:
        yield "przyjecie_porzadku", meeting.agenda_votes
    for index, election in enumerate(meeting.elections, 1):
        if election.votes:
            yield f"wybory[{index}].glosowanie", election.votes
    for index, resolution in enumerate(meeting.resolutions, 1):
        yield f"uchwaly[{index}].glosowanie", resolution.votes


def _check_count(ctx: Context, place: Place, path: str, votes: Votes, entitled: int) -> None:
    if votes.total > entitled:
        cast = ngettext(
            "{total} vote cast (za {za}, przeciw {przeciw}, wstrzymało się {abst})",
            "{total} votes cast (za {za}, przeciw {przeciw}, wstrzymało się {abst})",
            votes.total,
        ).format(
            total=votes.total, za=votes.in_favour, przeciw=votes.against, abst=votes.abstained
        )
        present = ngettext(
            "but only {} member entitled to vote is present",
            "but only {} members entitled to vote are present",
            entitled,
        ).format(entitled)
        message = f"{cast}, {present}"
        ctx.report("vote_counts", place, path, message)


def _check_tie(ctx: Context, place: Place, path: str, votes: Votes, day: dt.date) -> None:
    tie = votes.in_favour == votes.against
    has_casting = votes.casting_vote is not None or votes.casting_voter is not None
    if not tie:
        if has_casting:
            message = _("a casting vote is given only on a tie")
            ctx.report("tie", place, f"{path}.glos_rozstrzygajacy", message)
        return
    if ctx.profile.decisions.tie == "rejected":
        if has_casting:
            message = _("this regulation has no casting vote; a tie is not adopted")
            ctx.report("tie", place, f"{path}.glos_rozstrzygajacy", message)
        return
    _check_casting_vote(ctx, place, path, votes, day)


def _check_casting_vote(
    ctx: Context, place: Place, path: str, votes: Votes, day: dt.date
) -> None:
    chair = ctx.konwent.organisation.council.on(day).chair  # the chair of the meeting's year
    if votes.casting_vote not in CASTING_VALUES:
        message = _("a tie: the minutes must give the chair's casting vote (za or przeciw)")
        ctx.report("tie", place, f"{path}.glos_rozstrzygajacy", message)
    if votes.casting_voter is None:
        message = _("a tie: the minutes must name who cast the deciding vote")
        ctx.report("tie", place, f"{path}.rozstrzygajacy", message)
    elif chair is not None and _fold(votes.casting_voter) != _fold(chair.name):
        message = _("only the council chair ({}) decides a tie").format(chair.name)
        ctx.report("tie", place, f"{path}.rozstrzygajacy", message)


def _check_result(ctx: Context, place: Place, index: int, resolution: Resolution) -> None:
    adopted, path = ctx.adopted(resolution.votes), f"uchwaly[{index}]"
    declared = resolution.declared_result
    if declared is not None and _fold(declared) not in RESULTS:
        message = _("write przyjęta or odrzucona")
        ctx.report("majority", place, f"{path}.wynik", message)
    elif declared is not None and RESULTS[_fold(declared)] != adopted:
        message = _("the votes (za {}, przeciw {}) do not give this result").format(
            resolution.votes.in_favour, resolution.votes.against
        )
        ctx.report("majority", place, f"{path}.wynik", message)
    elif declared is None and not adopted:
        message = _("not adopted: za {} is not more than przeciw {}").format(
            resolution.votes.in_favour, resolution.votes.against
        )
        ctx.report("rejected", place, f"{path}.glosowanie", message)


def _check_legal_basis(ctx: Context, place: Place, index: int, resolution: Resolution) -> None:
    """A resolution's legal basis names only units its regulation has."""
    profile = ctx.profile.profile
    missing = [unit_name(profile, key) for key in missing_units(profile, resolution.legal_basis)]
    if missing:
        message = _("the regulation has no {}; cite a unit it has").format(", ".join(missing))
        ctx.report("legal_basis", place, f"uchwaly[{index}].podstawa_prawna", message)


def _check_elections(ctx: Context, place: Place, meeting: Meeting) -> None:
    modes = {_fold(m): m for m in ctx.profile.council.election_modes}
    for index, election in enumerate(meeting.elections, 1):
        path = f"wybory[{index}]"
        mode = _fold(election.mode)
        if mode not in modes:
            message = _("election mode must be one of: {}").format(", ".join(modes.values()))
            ctx.report("election", place, f"{path}.tryb", message)
        elif mode != "aklamacja" and election.votes is None:
            message = _("an election by vote needs its vote counts")
            ctx.report("election", place, f"{path}.glosowanie", message)
        elif election.votes is not None and not ctx.adopted(election.votes):
            message = _("not elected: za {} is not more than przeciw {}").format(
                election.votes.in_favour, election.votes.against
            )
            ctx.report("election", place, f"{path}.glosowanie", message)


def _request_date(ctx: Context, place: Place, meeting: Meeting) -> dt.date | None:
    """The day the members' request was made (data_wniosku): the membership is counted then;
    without it nothing can be counted."""
    day = meeting.request_date
    if day is None:
        message = _("give the date of the members' request (data_wniosku)")
        ctx.report("extraordinary_request", place, "wnioskodawcy", message)
    elif day > meeting.date:
        message = _("the request is dated after the meeting")
        ctx.report("extraordinary_request", place, "data_wniosku", message)
    return day


def _check_request(ctx: Context, place: Place, meeting: Meeting) -> None:
    """An extraordinary meeting needs requests from the profile's share of current members."""
    threshold = ctx.profile.meetings.request_threshold
    if meeting.kind not in ctx.profile.meetings.extraordinary or threshold is None:
        return
    day = _request_date(ctx, place, meeting)
    if day is None:
        return
    current = {m.id for m in ctx.current_members(day)}
    for index, member_id in enumerate(meeting.requested_by, 1):
        if member_id not in current and not ctx.unread(member_id):
            message = _("„{}” is not a member on the request's date ({})").format(
                member_id, day.isoformat()
            )
            ctx.report("extraordinary_request", place, f"wnioskodawcy[{index}]", message)
    if not ctx.konwent.members.readable or ctx.konwent.members.unreadable:
        return  # the membership cannot be counted while a row is unread
    share, whole = threshold
    needed = math.ceil(len(current) * share / whole)
    requested = len(set(meeting.requested_by) & current)
    if requested < needed:
        # one count per message, each with its plural form
        by = ngettext("requested by {}", "requested by {}", requested).format(requested)
        of = ngettext("of {} current member", "of {} current members", len(current))
        must = _("at least {} ({}/{}) must ask").format(needed, share, whole)
        message = f"{by} {of.format(len(current))}; {must}"
        ctx.report("extraordinary_request", place, "wnioskodawcy", message)


def _changes_regulation(resolution: Resolution, keys_with_aneks: set[str]) -> bool:
    return (
        resolution.regulation_change
        or (resolution.key in keys_with_aneks)
        or bool(_CHANGES_REGULATION.search(resolution.subject))
    )


def _check_amendments(ctx: Context, place: Place, meeting: Meeting) -> None:
    """A regulation change: adopted by a simple majority and written down as an aneks."""
    by_key = {r.key: r for r in meeting.resolutions if r.key}
    for index, amendment in enumerate(meeting.amendments, 1):
        path = f"aneksy[{index}].uchwala"
        resolution = by_key.get(amendment.resolution)
        if resolution is None:
            message = _("no resolution of this meeting has the id „{}”").format(
                amendment.resolution
            )
            ctx.report("regulation_change", place, path, message)
        elif not ctx.adopted(resolution.votes):
            message = _("the resolution was not adopted by a simple majority")
            ctx.report("regulation_change", place, path, message)
    for index, amendment in enumerate(meeting.amendments, 1):
        _check_changes(ctx, place, f"aneksy[{index}]", amendment)
    if not ctx.profile.amendments.aneks_required:
        return
    with_aneks = {a.resolution for a in meeting.amendments}
    for index, resolution in enumerate(meeting.resolutions, 1):
        if _changes_regulation(resolution, with_aneks) and resolution.key not in with_aneks:
            message = _("a change of the regulation needs an aneks (aneksy: uchwala: <id>)")
            ctx.report("regulation_change", place, f"uchwaly[{index}]", message)


def _check_changes(ctx: Context, place: Place, path: str, amendment: Amendment) -> None:
    """Each change names a unit the way the regulation does; new wording only where one applies."""
    pattern = re.compile(ctx.profile.amendments.unit_pattern)
    for index, change in enumerate(amendment.changes, 1):
        where = f"{path}.zmiany[{index}]"
        if not pattern.match(change.unit):
            message = _("name the unit as the regulation does (e.g. {})").format(
                ctx.profile.rules["regulation_change"].cite
            )
            ctx.report("regulation_change", place, f"{where}.jednostka", message)
        if (change.kind is ChangeKind.REMOVE) != (change.text is None):
            message = (
                _("a removed unit has no new wording")
                if change.text
                else _("give the new wording (brzmienie)")
            )
            ctx.report("regulation_change", place, f"{where}.brzmienie", message)


def _check_meeting(ctx: Context, item: Sourced[Meeting]) -> None:
    meeting, place = item.doc, Place.of(item)
    if meeting.kind not in ctx.profile.meetings.kinds:
        allowed = ", ".join(k.value for k in ctx.profile.meetings.kinds)
        message = _("this regulation knows these meetings: {}").format(allowed)
        ctx.report("meeting_kind", place, "rodzaj", message)
    entitled = _check_attendance(ctx, place, meeting)
    for path, votes in _votes(meeting):
        _check_count(ctx, place, path, votes, entitled)
        _check_tie(ctx, place, path, votes, meeting.date)
    for index, resolution in enumerate(meeting.resolutions, 1):
        _check_result(ctx, place, index, resolution)
        _check_legal_basis(ctx, place, index, resolution)
    _check_elections(ctx, place, meeting)
    _check_request(ctx, place, meeting)
    _check_amendments(ctx, place, meeting)
    if meeting.notice and meeting.notice.date > meeting.date:
        message = _("the notice is dated after the meeting")
        ctx.report("dates", place, "zawiadomienie.data", message)
    _check_minutes(ctx, place, meeting)


def _check_minutes(ctx: Context, place: Place, meeting: Meeting) -> None:
    """Complete minutes: every agenda item has text (free motions have their words), and the
    hour the meeting closed is known."""
    for index, item in enumerate(meeting.agenda, 1):
        if not agenda_text(item).text:
            message = _("agenda item „{}” has no text for the minutes; describe it").format(
                item.title
            )
            ctx.report("minutes", place, f"porzadek_obrad[{index}].przebieg", message)
    if meeting.closing_time is None:
        message = _("the minutes cannot say when the meeting closed; give the closing hour")
        ctx.report("minutes", place, "godzina_zamkniecia", message)


def check_meetings(ctx: Context) -> None:
    for item in ctx.konwent.meetings:
        _check_meeting(ctx, item)


def check_frequency(ctx: Context) -> None:
    """At least the profile's number of general meetings in every year the inputs span."""
    general = [m for m in ctx.konwent.meetings if m.doc.kind in ctx.profile.meetings.general]
    if not general or not ctx.loaded_all("meetings"):
        return
    by_year: dict[int, int] = {}
    for item in general:
        by_year[item.doc.date.year] = by_year.get(item.doc.date.year, 0) + 1
    wanted = ctx.profile.meetings.per_year
    for year in range(min(by_year), max(by_year) + 1):
        if by_year.get(year, 0) < wanted:
            later = min((m for m in general if m.doc.date.year > year), key=lambda m: m.doc.date)
            message = _("no meeting of the members in {} (at least {} a year)").format(year, wanted)
            ctx.report("meeting_frequency", Place.of(later), "data", message)


def check_stand_alone(ctx: Context) -> None:
    """Stand-alone notices and communiqués: meeting kind, dates, who signs."""
    council = ctx.konwent.organisation.council
    for item in ctx.konwent.notices:
        place, notice = Place.of(item), item.doc
        if notice.meeting_kind not in ctx.profile.meetings.kinds:
            allowed = ", ".join(k.value for k in ctx.profile.meetings.kinds)
            message = _("this regulation knows these meetings: {}").format(allowed)
            ctx.report("meeting_kind", place, "rodzaj_posiedzenia", message)
        if notice.date > notice.meeting_date:
            message = _("the notice is dated after the meeting")
            ctx.report("dates", place, "data", message)
    for item in ctx.konwent.communiques:
        signed, chair = item.doc.signed_by, council.on(item.doc.date).chair
        if chair is not None and signed is not None and _fold(signed) != _fold(chair.name):
            message = _("the council's communiqués are signed by its chair ({})").format(chair.name)
            ctx.report("communique", Place.of(item), "podpisuje", message)


CHECKS = [check_meetings, check_frequency, check_stand_alone]
