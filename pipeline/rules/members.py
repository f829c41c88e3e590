"""Membership rules: kinds and conditions per profile, admission only by a council resolution."""

from __future__ import annotations

import datetime as dt

from ..grammar import InCase
from ..i18n import _
from ..model import Declaration, Member, Sourced
from .engine import Context, Place


def _check_member(ctx: Context, member: Member, place: Place, as_of: dt.date | None) -> None:
    rules = ctx.profile.membership.get(member.kind)
    if rules is None:
        allowed = ", ".join(k.value for k in ctx.profile.membership)
        message = _("this regulation knows no {} members (allowed: {})").format(
            member.kind.value, allowed
        )
        ctx.report("membership_kind", place, "rodzaj", message)
        return
    if rules.unit_types and member.unit_type not in rules.unit_types:
        message = _("a {} member must be a {}").format(
            member.kind.value, _(" or ").join(t.value for t in rules.unit_types)
        )
        ctx.report("full_member", place, "typ", message)
    if rules.voivodeship and member.address.voivodeship is not rules.voivodeship:
        message = _("a {} member must have its seat in the {} voivodeship").format(
            member.kind.value, InCase(rules.voivodeship)
        )
        ctx.report("full_member", place, "adres.wojewodztwo", message)
    if rules.register_entry:
        _check_register_entry(ctx, member, place, as_of)
    if rules.founding_institution and not member.founding_institution:
        message = _("name the founding institution (instytucja tworząca)")
        ctx.report("founding_institution", place, "instytucja_tworzaca", message)


def _check_register_entry(
    ctx: Context, member: Member, place: Place, as_of: dt.date | None
) -> None:
    if not member.register_entry:
        message = _("a full member needs a current entry in the Wojewoda's register")
        ctx.report("full_member", place, "nr_rejestru", message)
    if not member.register_date:
        message = _("give the date of the register entry")
        ctx.report("full_member", place, "data_wpisu", message)
    elif as_of and member.register_date > as_of:
        message = _("the register entry ({}) is dated after {}").format(
            member.register_date.isoformat(), as_of.isoformat()
        )
        ctx.report("full_member", place, "data_wpisu", message)


def check_register(ctx: Context) -> None:
    for member in ctx.konwent.members.members:
        place = ctx.member_place(member.id)
        _check_member(ctx, member, place, member.admitted_on)
        if member.founding:
            continue  # founded the Konwent: no resolution admitted it
        if not member.admitted_by or not member.admitted_on:
            message = _("a member enters the register only by a council resolution: give it")
            path = "uchwala_przyjecia" if not member.admitted_by else "data_przyjecia"
            ctx.report("admission", place, path, message)


def _check_declaration(ctx: Context, item, decl: Declaration) -> None:
    place = Place.of(item)
    _check_member(ctx, decl.member, Place(place.file, place.lines, prefix="czlonek"), decl.date)
    rules = ctx.profile.membership.get(decl.member.kind)
    if rules and rules.founding_institution and not decl.founding_institution_agreement:
        message = _("joining must be agreed with the founding institution: record its agreement")
        ctx.report("founding_institution", place, "zgoda_instytucji_tworzacej", message)


def check_declarations(ctx: Context) -> None:
    for item in ctx.konwent.declarations:
        _check_declaration(ctx, item, item.doc)


def _admissions(ctx: Context) -> dict[str, dt.date]:
    """Member id → date of the adopted resolution admitting it, at a body allowed to admit."""
    admitted: dict[str, dt.date] = {}
    for item in ctx.konwent.meetings:
        meeting = item.doc
        if meeting.kind not in ctx.profile.meetings.admitting_bodies:
            continue
        for resolution in meeting.resolutions:
            if ctx.adopted(resolution.votes):
                for member_id in resolution.admits:
                    admitted.setdefault(member_id, meeting.date)
    return admitted


def check_admissions(ctx: Context) -> None:
    """Resolutions admit known newcomers at the council; newcomers enter the register after."""
    declared = {d.doc.member.id for d in ctx.konwent.declarations}
    known = declared | set(ctx.members) | ctx.konwent.members.unreadable
    bodies = ", ".join(k.value for k in ctx.profile.meetings.admitting_bodies)
    for item in ctx.konwent.meetings:
        place = Place.of(item)
        for index, resolution in enumerate(item.doc.resolutions, 1):
            path = f"uchwaly[{index}].przyjmuje_czlonkow"
            if resolution.admits and item.doc.kind not in ctx.profile.meetings.admitting_bodies:
                message = _("new members are admitted only at: {}").format(bodies)
                ctx.report("admission", place, path, message)
            for number, member_id in enumerate(resolution.admits, 1):
                # a declaration in a file that failed to load may be the one it admits
                unknown = member_id not in known and not ctx.unread(member_id)
                if unknown and ctx.loaded_all("declarations"):
                    message = _("„{}” has no declaration and is not in the register")
                    ctx.report("admission", place, f"{path}[{number}]", message.format(member_id))
    admitted = _admissions(ctx)
    for item in ctx.konwent.declarations:
        _check_declared(ctx, item, admitted.get(item.doc.member.id))


def _reuses_member_id(declaration: Declaration, member: Member) -> bool:
    """The declaration names a founding member, one admitted before it was signed, or another
    organisation."""
    if member.founding:
        return True
    if member.admitted_on is not None:
        return member.admitted_on < declaration.date
    return member.name != declaration.member.name


def _reused_id(ctx: Context, member: Member, day: dt.date) -> str:
    """Why a declaration may not take ``member``'s id: it is, or was, another member's."""
    row = ctx.konwent.members.rows.get(member.id)
    if member.member_on(day) or member.left_on is None:
        message = _(
            "„{id}” is the id of a current member ({name}, row {row} of the register); give "
            "the newcomer an id of its own"
        )
        return message.format(id=member.id, name=member.name, row=row)
    message = _(
        "„{id}” is the id of a former member ({name}, row {row} of the register, left on "
        "{left}); give the newcomer an id of its own"
    )
    return message.format(id=member.id, name=member.name, row=row, left=member.left_on.isoformat())


def _check_declared(ctx: Context, item: Sourced[Declaration], admitted_on: dt.date | None) -> None:
    decl, place = item.doc, Place.of(item)
    member = ctx.members.get(decl.member.id)
    if member is not None and _reuses_member_id(decl, member):
        ctx.report("admission", place, "czlonek.id", _reused_id(ctx, member, decl.date))
        return
    if admitted_on is not None and admitted_on < decl.date:
        message = _("the council admitted this member on {}, before the declaration").format(
            admitted_on.isoformat()
        )
        ctx.report("admission", place, "data", message)
    # the admitting resolution may be in a meeting file that failed to load
    if member is not None and ctx.loaded_all("meetings"):
        _check_newcomer(ctx, member, place.file, admitted_on)


def _check_newcomer(
    ctx: Context, member: Member, declaration: str, admitted_on: dt.date | None
) -> None:
    place = ctx.member_place(member.id)
    if admitted_on is None:
        message = _(
            "„{id}” (declaration {file}) is in the register, but no adopted resolution of a "
            "council meeting admits it (przyjmuje_czlonkow)"
        ).format(id=member.id, file=declaration)
        ctx.report("admission", place, "id", message)
    elif member.admitted_on and member.admitted_on < admitted_on:
        message = _("admitted on {}, before the council resolution of {}").format(
            member.admitted_on.isoformat(), admitted_on.isoformat()
        )
        ctx.report("admission", place, "data_przyjecia", message)


def _not_a_member(member: Member, day: dt.date) -> str:
    """Why ``member`` is not a member on ``day`` (it is not)."""
    if member.admitted_on is not None and day < member.admitted_on:
        return _("„{id}” is not a member on {day}: it is admitted only on {since}").format(
            id=member.id, day=day.isoformat(), since=member.admitted_on.isoformat()
        )
    return _("„{id}” is not a member on {day}: it left on {left}").format(
        id=member.id, day=day.isoformat(), left=member.left_on.isoformat() if member.left_on else ""
    )


def check_present_members(ctx: Context) -> None:
    """Whoever a meeting lists as present is a member on the meeting's date."""
    for item in ctx.konwent.meetings:
        day = item.doc.date
        for index, entry in enumerate(item.doc.attendance, 1):
            member = ctx.members.get(entry.member_id)
            if member is not None and not member.member_on(day):
                path = f"obecni[{index}].czlonek"
                ctx.report("membership_period", Place.of(item), path, _not_a_member(member, day))


def check_seat_members(ctx: Context) -> None:
    """A council seat is held only while the member it represents is a member."""
    council = ctx.konwent.organisation.council
    for index, seat in enumerate(council.seats, 1):
        member = ctx.members.get(seat.member_id or "")
        if member is None:
            continue
        first = max(council.term_start, seat.since or council.term_start)
        last = min(council.term_end, seat.until or council.term_end)
        path = f"rada.sklad[{index}]"
        if not member.member_on(first):
            message = _not_a_member(member, first) + "; " + _("give the seat's first day (od)")
            ctx.report("membership_period", ctx.organisation, f"{path}.od", message)
        elif member.left_on is not None and member.left_on <= last:
            message = _("„{}” left the Konwent on {}; give the seat's last day (do)").format(
                member.id, member.left_on.isoformat()
            )
            ctx.report("membership_period", ctx.organisation, f"{path}.do", message)


CHECKS = [
    check_register,
    check_declarations,
    check_admissions,
    check_present_members,
    check_seat_members,
]
