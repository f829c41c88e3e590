"""What complete minutes say beyond the data: words for an agenda item with no text of its own,
and the attachments, the attendance list always among them. Pure.

Document text is Polish; the rule checks (:mod:`pipeline.rules.meetings`) warn about an item
these words cannot fill.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .model import AgendaItem, Meeting

ATTENDANCE_LIST = "Lista obecności"
NO_MOTIONS = "Nie zgłoszono wniosków."
FREE_MOTIONS = "wolne wnioski"  # how the item of free motions is named in an agenda


@dataclass(frozen=True)
class AgendaText:
    """An agenda item as the minutes record it: its title and what happened (may be empty)."""

    title: str
    text: str


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def free_motions(item: AgendaItem) -> bool:
    """The item of free motions ("Wolne wnioski i zamknięcie Zjazdu")."""
    return FREE_MOTIONS in _fold(item.title)


def agenda_text(item: AgendaItem) -> AgendaText:
    """The item's own text, else "Nie zgłoszono wniosków." for free motions, else nothing."""
    text = item.course or (NO_MOTIONS if free_motions(item) else "")
    return AgendaText(item.title, text)


def attachments(meeting: Meeting) -> list[str]:
    """The attachments the minutes name: the attendance list first, then the data's own."""
    others = [a for a in meeting.attachments if _fold(a).strip() != _fold(ATTENDANCE_LIST)]
    return [ATTENDANCE_LIST, *others]
