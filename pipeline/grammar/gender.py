"""The grammatical gender of persons, and the words about a person that agree with it.

A person's gender is given in the data (``plec: K`` / ``M``) or taken from the first name where
the dictionary knows it as a first name of one gender only; otherwise it is unknown (``check``
warns) and the masculine forms are used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..model import Gender
from . import morfeusz
from .cases import with_capitals

# Masculine form → feminine form, for the titles, roles and verbs documents use about a person.
# Keys are lower case; a form keeps the capitals it is written with ("Przewodniczący" →
# "Przewodnicząca"). Words not listed are the same for both genders.
FEMININE: dict[str, str] = {
    "przewodniczący": "przewodnicząca",
    "przewodniczącego": "przewodniczącej",
    "przewodniczącemu": "przewodniczącej",
    "prowadzący": "prowadząca",
    "prowadzącego": "prowadzącej",
    "zastępca": "zastępczyni",
    "zastępcy": "zastępczyni",
    "protokolant": "protokolantka",
    "protokolanta": "protokolantki",
    "sekretarz": "sekretarz",
    "pan": "pani",
    "otworzył": "otworzyła",
    "zamknął": "zamknęła",
    "przewodniczył": "przewodniczyła",
    "protokołował": "protokołowała",
    "prowadził": "prowadziła",
    "stwierdził": "stwierdziła",
    "przedstawił": "przedstawiła",
    "podpisał": "podpisała",
    "oddał": "oddała",
    "był": "była",
    "obecny": "obecna",
    "nieobecny": "nieobecna",
    "wybrany": "wybrana",
    "upoważniony": "upoważniona",
}


@dataclass(frozen=True)
class PersonRef:
    """A person as documents name them: printed whole it is the name."""

    name: str
    gender: Gender | None = None

    @property
    def female(self) -> bool:
        return self.gender is Gender.FEMALE

    def __str__(self) -> str:
        return self.name


def gendered(
    words: str,
    gender: Gender | None,
    feminine: str | None = None,
    preferred: Mapping[str, str] | None = None,
) -> str:
    """``words`` (masculine) agreeing with ``gender``: ``feminine`` as given, else each word
    swapped for its feminine form (the organisation's ``preferred`` one first)."""
    if gender is not Gender.FEMALE:
        return words
    if feminine is not None:
        return feminine
    table = FEMININE | {k.lower(): v.lower() for k, v in (preferred or {}).items()}
    return " ".join(with_capitals(w, table.get(w.lower(), w.lower())) for w in words.split(" "))


@lru_cache(maxsize=5_000)
def first_name_gender(name: str) -> Gender | None:
    """The gender of the name's first word, if the dictionary knows it as a first name of one."""
    first = name.strip().split(" ")[0].split("-")[0]
    if not first[:1].isalpha():
        return None
    genders = {
        g
        for tag in morfeusz.analyse(first) or ()
        if tag.pos == "subst" and "imię" in tag.names and "nom" in tag.part(2)
        for g in tag.part(3)
    }
    if genders == {"f"}:
        return Gender.FEMALE
    if genders and genders <= {"m1"}:
        return Gender.MALE
    return None


class GenderBook:
    """The genders the data gives, by name, for persons named elsewhere by name only."""

    def __init__(self, given: Iterable[tuple[str, Gender | None]] = ()):
        self.given: dict[str, Gender] = {name: g for name, g in given if g is not None}

    def gender(self, name: str, given: Gender | None = None) -> Gender | None:
        return given or self.given.get(name) or first_name_gender(name)

    def person(self, name: str, given: Gender | None = None) -> PersonRef:
        return PersonRef(name, self.gender(name, given))
