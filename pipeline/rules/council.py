"""Council rules: composition, term, chair and deputy alternating CIS and KIS each year."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from ..i18n import _, ngettext
from ..model import ChairYear, Council, CouncilRole, CouncilSeat, UnitType
from .engine import Context, Place


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _sets(found: str, wanted: int) -> str:
    """ "Rada liczy 4 osoby; regulamin przewiduje 5": one count per message."""
    return "; ".join((found, _("the regulation sets {}").format(wanted)))


def _change_days(council: Council) -> list[dt.date]:
    """The term's first day and every day within the term on which a seat begins or ends."""
    days = {council.term_start}
    for seat in council.seats:
        days |= {seat.since} if seat.since else set()
        days |= {seat.until + dt.timedelta(days=1)} if seat.until else set()
    return sorted(d for d in days if council.term_start <= d <= council.term_end)


def check_composition(ctx: Context) -> None:
    """The composition as it stands on each day it changes (seats with od/do), each problem once;
    then every seat and the roles."""
    council, found = ctx.konwent.organisation.council, set()
    for day in _change_days(council):
        for message in _composition(ctx, council.on(day).seats):
            if message not in found:
                found.add(message)
                ctx.report("council_composition", ctx.organisation, "rada.sklad", message)
    for index, seat in enumerate(council.seats, 1):
        _check_seat(ctx, index, seat)
    _check_roles(ctx)


def _composition(ctx: Context, seats: list[CouncilSeat]) -> list[str]:
    """What is wrong with the number and kinds of ``seats``, one count per message."""
    rules, messages = ctx.profile.council, []
    if rules.size is not None and len(seats) != rules.size:
        has = ngettext("the council has {} seat", "the council has {} seats", len(seats))
        messages.append(_sets(has.format(len(seats)), rules.size))
    ministry = sum(1 for s in seats if s.nominated_by_ministry)
    if rules.size is not None and ministry != rules.ministry_seats:
        named = ngettext(
            "{} seat named by the ministry", "{} seats named by the ministry", ministry
        ).format(ministry)
        messages.append(_sets(named, rules.ministry_seats))
    counts = Counter(s.unit_type for s in seats if not s.nominated_by_ministry)
    for unit_type, wanted in rules.composition.items():
        if counts[unit_type] != wanted:
            have = ngettext(
                "{} seat represents a {}", "{} seats represent a {}", counts[unit_type]
            ).format(counts[unit_type], unit_type.value)
            messages.append(_sets(have, wanted))
    return messages


def _check_seat(ctx: Context, index: int, seat: CouncilSeat) -> None:
    org, path = ctx.organisation, f"rada.sklad[{index}]"
    if seat.since and seat.until and seat.until < seat.since:
        message = _("the seat ends ({}) before it begins ({})").format(
            seat.until.isoformat(), seat.since.isoformat()
        )
        ctx.report("council_term", org, f"{path}.do", message)
    if seat.nominated_by_ministry:
        return
    if seat.unit_type is None:
        message = _("say whether the person represents a CIS or a KIS")
        ctx.report("council_composition", org, f"{path}.typ", message)
    if seat.member_id is None:
        message = _("name the member this person represents")
        ctx.report("council_composition", org, f"{path}.czlonek", message)
        return
    member = ctx.members.get(seat.member_id)
    if ctx.unread(seat.member_id):
        return  # its register row is reported already
    if member is None:
        message = _("„{}” is not in the member register").format(seat.member_id)
        ctx.report("council_composition", org, f"{path}.czlonek", message)
    elif member.kind not in ctx.profile.council.members_from:
        message = _("„{}” is a {} member; the council is chosen from {} members").format(
            member.id,
            member.kind.value,
            ", ".join(k.value for k in ctx.profile.council.members_from),
        )
        ctx.report("council_composition", org, f"{path}.czlonek", message)
    elif seat.unit_type is not None and member.unit_type is not seat.unit_type:
        message = _("the register says „{}” is a {}").format(
            member.id, member.unit_type.value if member.unit_type else "—"
        )
        ctx.report("council_composition", org, f"{path}.typ", message)


def _check_roles(ctx: Context) -> None:
    """One chair and one deputy among the seats still held (a seat ended by ``do`` is history)."""
    seats = [s for s in ctx.konwent.organisation.council.seats if s.until is None]
    for role in (CouncilRole.CHAIR, CouncilRole.DEPUTY):
        holders = [s for s in seats if s.role is role]
        if len(holders) != 1:
            message = _("the council needs exactly one {}, it has {}").format(
                role.value, len(holders)
            )
            ctx.report("chair_alternation", ctx.organisation, "rada.sklad", message)


def check_term(ctx: Context) -> None:
    council, org = ctx.konwent.organisation.council, ctx.organisation
    years = ctx.profile.council.term_years
    if council.term_end <= council.term_start:
        message = _("the term ends before it starts")
        ctx.report("council_term", org, "rada.kadencja_do", message)
    elif council.term_end > _add_years(council.term_start, years):
        message = _("the term is longer than the {} year(s) the regulation allows").format(years)
        ctx.report("council_term", org, "rada.kadencja_do", message)
    for item in ctx.konwent.meetings:
        if item.doc.date > council.term_end:
            message = _("the council's term ended on {}").format(council.term_end.isoformat())
            ctx.report("council_term_expired", Place.of(item), "data", message)


def check_chair_alternation(ctx: Context) -> None:
    """Chair and deputy: one CIS, one KIS, swapping every calendar year."""
    if not ctx.profile.council.chair_alternation:
        return
    council, org = ctx.konwent.organisation.council, ctx.organisation
    chair, deputy = council.chair, council.deputy
    if chair and deputy and {chair.unit_type, deputy.unit_type} != {UnitType.CIS, UnitType.KIS}:
        message = _("the chair and the deputy must represent one a CIS and the other a KIS")
        index = council.seats.index(deputy) + 1
        ctx.report("chair_alternation", org, f"rada.sklad[{index}].funkcja", message)
    previous: tuple[int, UnitType | None] | None = None
    for index, entry in sorted(enumerate(council.chair_history, 1), key=lambda e: e[1].year):
        chair_type = _check_history_entry(ctx, index, entry)
        if previous and previous[0] == entry.year:
            message = _("year {} is listed twice").format(entry.year)
            ctx.report("chair_alternation", org, f"rada.przewodnictwo[{index}].rok", message)
        elif previous and previous[0] + 1 == entry.year and chair_type is previous[1]:
            message = _("in {} the chair represents a {} again; the roles must swap each year")
            ctx.report(
                "chair_alternation",
                org,
                f"rada.przewodnictwo[{index}].przewodniczacy",
                message.format(entry.year, chair_type.value if chair_type else "—"),
            )
        previous = (entry.year, chair_type)


def _sits_in(seat: CouncilSeat, year: int) -> bool:
    """Whether the seat is held on some day of ``year``."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    started = seat.since is None or seat.since <= last
    return started and (seat.until is None or seat.until >= first)


def _check_history_entry(ctx: Context, index: int, entry: ChairYear) -> UnitType | None:
    seats = {s.name: s for s in ctx.konwent.organisation.council.seats}
    path = f"rada.przewodnictwo[{index}]"
    types = []
    for key, name in (("przewodniczacy", entry.chair), ("zastepca", entry.deputy)):
        seat = seats.get(name)
        if seat is None:
            message = _("„{}” does not sit on the council").format(name)
            ctx.report("chair_alternation", ctx.organisation, f"{path}.{key}", message)
        elif not _sits_in(seat, entry.year):
            message = _("„{}” holds no council seat in {}").format(name, entry.year)
            ctx.report("chair_alternation", ctx.organisation, f"{path}.{key}", message)
        types.append(seat.unit_type if seat else None)
    if None not in types and set(types) != {UnitType.CIS, UnitType.KIS}:
        message = _("in {} the chair and the deputy must be one CIS and one KIS").format(entry.year)
        ctx.report("chair_alternation", ctx.organisation, f"{path}.zastepca", message)
    return types[0]


CHECKS = [check_composition, check_term, check_chair_alternation]
