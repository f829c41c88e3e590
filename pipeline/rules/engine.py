"""The rules engine's core: a context that knows the profile and turns findings into Problems.

A check is a function ``check(ctx)`` that calls ``ctx.report(rule, place, path, message)``. The
rule's citation and severity come from the profile file, never from the check itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import Problem
from ..model import Konwent, Member, MemberKind, Sourced, Votes
from ..profiles import RuleProfile, load_profile
from ..register import register_column
from ..validation import display_path

_LAST_SEGMENT = re.compile(r"(\[\d+\]|\.[^.\[]+)$")


@dataclass(frozen=True)
class Place:
    """Where a document came from: its file, and its YAML line map or its register row."""

    file: str
    lines: dict[str, int] = field(default_factory=dict)
    row: int | None = None
    prefix: str = ""

    def path(self, path: str) -> str:
        """The field path as the user sees it in this file (register paths are column names)."""
        if self.row is not None:
            return register_column(path)
        return f"{self.prefix}.{path}" if self.prefix and path else (self.prefix or path)

    def line(self, path: str) -> int | None:
        if self.row is not None:
            return self.row
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            trimmed = _LAST_SEGMENT.sub("", path)
            path = trimmed if trimmed != path else ""

    @classmethod
    def of(cls, item: Sourced) -> Place:
        return cls(display_path(Path(item.source)), item.lines)


@dataclass
class Context:
    konwent: Konwent
    profile: RuleProfile
    found: list[Problem] = field(default_factory=list)

    def unread(self, member_id: str) -> bool:
        """Whether the member's register row could not be read (its problem is reported)."""
        register = self.konwent.members
        return not register.readable or member_id in register.unreadable

    def loaded_all(self, documents: str) -> bool:
        """Whether every file of a document list ("meetings", "declarations") loaded."""
        return documents not in self.konwent.incomplete

    @cached_property
    def members(self) -> dict[str, Member]:
        return self.konwent.members.by_id()

    @property
    def organisation(self) -> Place:
        org = self.konwent
        return Place(display_path(Path(org.organisation_source)), org.organisation_lines)

    def member_place(self, member_id: str) -> Place:
        register = self.konwent.members
        return Place(register.source, row=register.rows.get(member_id))

    def report(self, rule: str, place: Place, path: str, message: str) -> None:
        ref = self.profile.rules[rule]
        shown = place.path(path)
        self.found.append(
            Problem(
                file=place.file,
                path=shown,
                message=message,
                line=place.line(shown),
                severity=ref.severity,
                rule=ref.cite,
            )
        )

    def adopted(self, votes: Votes) -> bool:
        """Simple majority; a tie passes only on a casting vote "za", where the profile has one."""
        if votes.in_favour != votes.against:
            return votes.in_favour > votes.against
        casting = self.profile.decisions.tie == "chair_casting_vote"
        return casting and votes.casting_vote == "za"

    def current_members(self, on: dt.date) -> list[Member]:
        """The members on ``on``: admitted by then and not yet left (see ``Member.member_on``)."""
        return self.konwent.members.members_on(on)

    def voting_kinds(self) -> set[MemberKind]:
        return {kind for kind, rules in self.profile.membership.items() if rules.votes}


def for_profile(konwent: Konwent) -> Context:
    return Context(konwent, load_profile(konwent.organisation.profile))
