"""The case a sentence needs for a name: "Decyzja Rady Konwentu", "w imieniu Klubu …".

A name is declined at its head noun and the adjectives agreeing with it, before and after it;
everything from the first word that does not agree (a genitive complement, a quotation, "w Łęcznej")
stays as written: "Gminny Klub Integracji Społecznej w Łęcznej" → "Gminnego Klubu Integracji
Społecznej w Łęcznej". A name that cannot be declined with confidence gives ``None``.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import Any

from ..model import Voivodeship
from . import morfeusz
from .morfeusz import Tag


class Case(StrEnum):
    """The grammatical cases, valued as Morfeusz tags them."""

    NOM = "nom"
    GEN = "gen"
    DAT = "dat"
    ACC = "acc"
    INST = "inst"
    LOC = "loc"


# The cases by their Polish names, as templates (filters) and messages (format specs) name them.
CASE_NAMES = {
    "mianownik": Case.NOM,
    "dopelniacz": Case.GEN,
    "celownik": Case.DAT,
    "biernik": Case.ACC,
    "narzednik": Case.INST,
    "miejscownik": Case.LOC,
}

_SPACES = re.compile(r"(\s+)")
# Voivodeship names are all adjectives in "-kie" (neuter, agreeing with "województwo").
_VOIVODESHIP_ENDINGS = {
    Case.NOM: "ie",
    Case.GEN: "iego",
    Case.DAT: "iemu",
    Case.ACC: "ie",
    Case.INST: "im",
    Case.LOC: "im",
}


def voivodeship_form(voivodeship: Voivodeship, case: Case) -> str:
    """ "lubelskie" → "lubelskim" (w województwie lubelskim)."""
    return voivodeship.value[:-2] + _VOIVODESHIP_ENDINGS[case]


def voivodeship_locative(voivodeship: Voivodeship) -> str:
    return voivodeship_form(voivodeship, Case.LOC)


def declined(value: Any, case: Case) -> str:
    """A name in ``case``: the form the data gives (``name_genitive``), else declined, else as is.

    ``value`` is a text, a voivodeship, or an object with a ``name`` (a member, the
    organisation, its council) and maybe a ``name_genitive``.
    """
    if value is None:
        return ""
    if isinstance(value, Voivodeship):
        return voivodeship_form(value, case)
    if case is Case.GEN and getattr(value, "name_genitive", None):
        return str(value.name_genitive)
    name = str(getattr(value, "name", value))
    return decline(name, case) or name


class InCase(str):
    """A name a translated message may print in a case: "w województwie {:miejscownik}".

    Printed without a format spec it is the name as written (as the English text has it).
    """

    def __new__(cls, value: Any) -> InCase:
        made = super().__new__(cls, str(getattr(value, "value", value)))
        made.original = value
        return made

    def __format__(self, spec: str) -> str:
        if spec in CASE_NAMES:
            return declined(self.original, CASE_NAMES[spec])
        return format(str(self), spec)


@lru_cache(maxsize=20_000)
def decline(text: str, case: Case) -> str | None:
    """``text`` (a name in the nominative) in ``case``, or None when not sure how."""
    if case is Case.NOM:
        return text
    parts = _SPACES.split(text.strip())
    words = parts[::2]
    head = _head(words)
    if head is None:
        return None
    index, nouns = head
    gender = _gender(nouns)
    noun_form = _single({_noun_form(tag, case) for tag in nouns})
    if gender is None or noun_form is None:
        return None
    out = list(words)
    out[index] = with_capitals(words[index], noun_form)
    for i in [*range(index), *_agreeing_after(words, index, gender)]:
        form = _adjective_form(words[i], gender, case)
        if form is None:
            return None
        out[i] = with_capitals(words[i], form)
    parts[::2] = out
    return "".join(parts)


def _head(words: list[str]) -> tuple[int, list[Tag]] | None:
    """The head noun (its index and readings), after nothing but adjectives."""
    for index, word in enumerate(words):
        tags = _readings(word)
        if tags is None:
            return None
        nouns = [t for t in tags if _is_common_noun(t)]
        if nouns:
            return index, nouns
        if not any(_is_nominative_adjective(t) for t in tags):
            return None
    return None


def _readings(word: str) -> tuple[Tag, ...] | None:
    """A word's readings; None for an acronym, a quotation or punctuation, which end a name."""
    if not word or not word[0].isalpha() or (len(word) > 1 and word.isupper()):
        return None
    return morfeusz.analyse(word)


def _is_common_noun(tag: Tag) -> bool:
    return (
        tag.pos == "subst"
        and "nazwa_pospolita" in tag.names
        and tag.part(1) == {"sg"}
        and "nom" in tag.part(2)
    )


def _is_nominative_adjective(tag: Tag, gender: str | None = None) -> bool:
    return (
        tag.pos == "adj"
        and "sg" in tag.part(1)
        and "nom" in tag.part(2)
        and (gender is None or gender in tag.part(3))
        and not tag.names
    )


def _gender(nouns: list[Tag]) -> str | None:
    genders = {g for tag in nouns for g in tag.part(3)}
    return genders.pop() if len(genders) == 1 else None


def _agreeing_after(words: list[str], head: int, gender: str) -> list[int]:
    """Indexes of the adjectives right after the head that agree with it ("Socjalna")."""
    found = []
    for index in range(head + 1, len(words)):
        tags = _readings(words[index])
        if not tags or not any(_is_nominative_adjective(t, gender) for t in tags):
            break
        found.append(index)
    return found


def _noun_form(noun: Tag, case: Case) -> str | None:
    forms = [
        (orth, tag)
        for orth, tag in morfeusz.generate(noun.lemma)
        if tag.pos == "subst"
        and "sg" in tag.part(1)
        and case.value in tag.part(2)
        and tag.part(3) & noun.part(3)
        and tag.parts[4:] == noun.parts[4:]
    ]
    return _preferred(forms)


def _adjective_form(word: str, gender: str, case: Case) -> str | None:
    lemmas = {t.lemma for t in _readings(word) or () if _is_nominative_adjective(t, gender)}
    forms = {
        _preferred(
            [
                (orth, tag)
                for orth, tag in morfeusz.generate(lemma)
                if tag.pos == "adj"
                and "sg" in tag.part(1)
                and case.value in tag.part(2)
                and gender in tag.part(3)
                and "pos" in tag.part(4)
            ]
        )
        for lemma in lemmas
    }
    return _single(forms)


def _preferred(forms: list[tuple[str, Tag]]) -> str | None:
    """The one form, preferring those the dictionary marks with no qualifier (archaic …)."""
    plain = {orth for orth, tag in forms if not tag.labels} or {orth for orth, _t in forms}
    return _single(plain)


def _single(values: set[str | None]) -> str | None:
    return next(iter(values)) if len(values) == 1 else None


def with_capitals(original: str, form: str) -> str:
    """``form`` written with the capitals of ``original``."""
    if len(original) > 1 and original.isupper():
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form
