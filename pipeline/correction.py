"""What a correction says of itself: "KOREKTA nr 1 — zastępuje uchwałę nr 2/2026 z dnia …".

A correction is a final that replaces an earlier final of the same document (``…-korekta-1.pdf``
in the archive). Its first page and its metadata say so, from these typed fields, which the
archive stage fills from the manifest entry of the final it replaces.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .polish import date_long

# The document a correction replaces, as the object of "zastępuje" (accusative; document text).
REPLACED: dict[str, str] = {
    "uchwala": "uchwałę",
    "protokol": "protokół",
    "komunikat": "komunikat",
    "aneks": "aneks",
    "zawiadomienie": "zawiadomienie",
    "lista_obecnosci": "listę obecności",
    "deklaracja": "deklarację",
}


@dataclass(frozen=True)
class Correction:
    """The ``version``-th correction of a ``kind`` document numbered ``number``, issued on
    ``issued``, that it replaces."""

    version: int
    kind: str
    number: str | None
    issued: dt.date

    @property
    def heading(self) -> str:
        """KOREKTA nr 1"""
        return f"KOREKTA nr {self.version}"

    @property
    def line(self) -> str:
        """KOREKTA nr 1 — zastępuje uchwałę nr 2/2026 z dnia 12 czerwca 2026 r."""
        replaced = REPLACED.get(self.kind, "dokument")
        number = f" nr {self.number}" if self.number else ""
        return f"{self.heading} — zastępuje {replaced}{number} z dnia {date_long(self.issued)}"
