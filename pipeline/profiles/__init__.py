"""The two regulations as data: one YAML file per profile, read into a typed ``RuleProfile``.

The rules engine (``pipeline.rules``) reads only these values and citations; nothing else in the
code knows how the regional and the national regulation differ.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ..errors import Severity
from ..model import MeetingKind, MemberKind, Profile, UnitType, Voivodeship

PROFILES_DIR = Path(__file__).resolve().parent


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CouncilRules(_Data):
    size: int | None
    composition: dict[UnitType, int]
    ministry_seats: int
    members_from: list[MemberKind]
    term_years: int
    election_modes: list[str]
    chair_alternation: bool


class DecisionRules(_Data):
    tie: Literal["rejected", "chair_casting_vote"]


class MeetingRules(_Data):
    kinds: list[MeetingKind]
    general: list[MeetingKind]
    per_year: int
    extraordinary: list[MeetingKind]
    request_threshold: tuple[int, int] | None
    council_meetings: list[MeetingKind]
    admitting_bodies: list[MeetingKind]
    adopted_by_konwent: list[MeetingKind]  # kinds whose resolutions are the Konwent's own


class KindRules(_Data):
    unit_types: list[UnitType] = Field(default_factory=list)
    voivodeship: Voivodeship | None = None
    register_entry: bool = False
    founding_institution: bool = False
    votes: bool = True


class AmendmentRules(_Data):
    aneks_required: bool
    unit_pattern: str


class RuleRef(_Data):
    cite: str | None  # None: the regulation has no unit for it (konwent's own condition)
    severity: Severity


class Citations(_Data):
    """The units the documents print ("Art. 3 ust. 9 pkt 3"); None where the regulation has none."""

    declaration: str
    representative: str
    founding_institution_consent: str | None
    admission: str
    amendment: str
    communique: str
    extraordinary_request: str | None


class RuleProfile(_Data):
    profile: Profile
    council: CouncilRules
    decisions: DecisionRules
    meetings: MeetingRules
    membership: dict[MemberKind, KindRules]
    amendments: AmendmentRules
    citations: Citations
    rules: dict[str, RuleRef]


@cache
def load_profile(profile: Profile) -> RuleProfile:
    """The rules of one regulation, read from ``profiles/<name>.yaml``."""
    path = PROFILES_DIR / f"{profile.value}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return RuleProfile.model_validate(data)
