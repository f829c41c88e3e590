"""The regulations' text as units (Art./§ N, ust. M, pkt K), and citations as unit keys. Pure.

The texts are bundled next to the profiles (``profiles/<profile>.txt``). Paragraphs are numbered
in the order they stand: the regional text's extraction printed Art. 3's paragraphs as 1, 1, 2 … 8,
10, and the regulation is cited as ust. 1–10 (DOMAIN.md), which counting them gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .model import Profile
from .profiles import PROFILES_DIR

# (article or §, paragraph, point); 0 where the citation stops above that level. Sorts in the
# regulation's order.
UnitKey = tuple[int, int, int]

_ARTICLE = re.compile(r"^\s*(?:Art\.\s*|§\s*)(\d+)\.?\s*$")
_PARAGRAPH = re.compile(r"^\s*(\d+)\.\s+(\S.*)$")
_POINT = re.compile(r"^\s*(\d+)\)\s+(\S.*)$")
_TOKEN = re.compile(r"(Art\.|§)\s*(\d+)|ust\.\s*(\d+)|pkt\.?\s*(\d+)")


@dataclass(frozen=True)
class Regulation:
    """Every unit of one regulation with its text (a unit's text includes its sub-units')."""

    units: dict[UnitKey, str]

    def has(self, key: UnitKey) -> bool:
        return key in self.units

    def text(self, key: UnitKey) -> str:
        return self.units[key]


def parse_regulation(text: str) -> Regulation:
    """Split a regulation's text into units; the preamble before the first article is left out."""
    units: dict[UnitKey, list[str]] = {}
    art = par = pkt = 0
    for line in text.splitlines():
        if match := _ARTICLE.match(line):
            art, par, pkt = int(match[1]), 0, 0
        elif not art:
            continue
        elif match := _POINT.match(line):
            pkt += 1
            line = match[2]
        elif match := _PARAGRAPH.match(line):
            par, pkt = par + 1, 0
            line = match[2]
        for key in {(art, 0, 0), (art, par, 0), (art, par, pkt)}:
            units.setdefault(key, []).append(line.strip())
    return Regulation({k: " ".join(" ".join(v).split()) for k, v in units.items()})


@cache
def regulation(profile: Profile) -> Regulation:
    """The bundled text of a profile's regulation, as units."""
    path = PROFILES_DIR / f"{profile.value}.txt"
    return parse_regulation(path.read_text(encoding="utf-8"))


def cited_units(text: str) -> list[UnitKey]:
    """Every unit a citation names: "Art. 3 ust. 1 pkt 1 i ust. 9 pkt 1" → (3, 1, 1), (3, 9, 1).

    A paragraph or point without its article continues the one before it."""
    found: list[UnitKey] = []
    art = par = pkt = 0
    open_ = False
    for match in _TOKEN.finditer(text):
        if match[2]:
            if open_:
                found.append((art, par, pkt))
            art, par, pkt, open_ = int(match[2]), 0, 0, True
        elif match[3] and art:
            if open_ and par:
                found.append((art, par, pkt))
            par, pkt, open_ = int(match[3]), 0, True
        elif match[4] and art:
            if open_ and pkt:
                found.append((art, par, pkt))
            pkt, open_ = int(match[4]), True
    if open_:
        found.append((art, par, pkt))
    return found


def unit_key(unit: str) -> UnitKey | None:
    """One unit's key ("§ 4 ust. 1 pkt 2" → (4, 1, 2)), or None if it names not exactly one."""
    keys = cited_units(unit)
    return keys[0] if len(keys) == 1 else None


def unit_order(unit: str) -> tuple[int, UnitKey]:
    """Sorts units in the regulation's order; a unit that names no single unit goes last."""
    key = unit_key(unit)
    return (0, key) if key else (1, (0, 0, 0))


def missing_units(profile: Profile, text: str) -> list[UnitKey]:
    """The units ``text`` cites that the profile's regulation does not have."""
    law = regulation(profile)
    return [key for key in cited_units(text) if not law.has(key)]


def unit_name(profile: Profile, key: UnitKey) -> str:
    """A key as the regulation names it: (3, 9, 3) → "Art. 3 ust. 9 pkt 3"."""
    art, par, pkt = key
    head = f"Art. {art}" if profile is Profile.REGIONAL else f"§ {art}"
    return head + (f" ust. {par}" if par else "") + (f" pkt {pkt}" if pkt else "")
