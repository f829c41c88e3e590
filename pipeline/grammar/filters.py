"""Template filters for case, gender and counts ({{ member|dopelniacz }}, {{ chair|rodzaj(…) }})."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Gender
from .cases import Case, declined
from .gender import FEMININE, first_name_gender, gendered
from .plural import counted


def _case_filter(case: Case) -> Callable[[Any], str]:
    def apply(value: Any) -> str:
        return declined(value, case)

    apply.__name__ = f"case_{case.value}"
    return apply


def person_gender(person: Any) -> Gender | None:
    """A person's gender: as the object gives it, else from the first name of its name."""
    given = getattr(person, "gender", None)
    if given is not None:
        return Gender(given)
    name = getattr(person, "name", person)
    return first_name_gender(str(name)) if name else None


def agree(person: Any, masculine: str, feminine: str | None = None) -> str:
    """{{ chair|rodzaj('Przewodniczący') }} → "Przewodnicząca" for a woman."""
    return gendered(masculine, person_gender(person), feminine)


def count(n: int, one: str, few: str, many: str) -> str:
    """{{ n|liczebnik('głos', 'głosy', 'głosów') }} → "22 głosy"."""
    return counted(n, one, few, many)


# Filter name → (function, what it does), as templates/README.md lists them.
GRAMMAR_FILTERS: dict[str, Callable[..., str]] = {
    "dopelniacz": _case_filter(Case.GEN),
    "celownik": _case_filter(Case.DAT),
    "biernik": _case_filter(Case.ACC),
    "narzednik": _case_filter(Case.INST),
    "miejscownik": _case_filter(Case.LOC),
    "rodzaj": agree,
    "liczebnik": count,
}


def call_problem(name: str, args: list[Any]) -> str | None:
    """What is wrong with a grammar filter's arguments, as a template names them (constants;
    ``None`` for an argument that is not a constant), or None."""
    from ..i18n import _

    expected = {"rodzaj": (1, 2), "liczebnik": (3, 3)}.get(name, (0, 0))
    if name not in GRAMMAR_FILTERS:
        return None
    if not expected[0] <= len(args) <= expected[1]:
        return _("{} takes {} arguments").format(name, "–".join(map(str, sorted(set(expected)))))
    if name == "rodzaj" and len(args) == 1 and isinstance(args[0], str):
        if not any(word.lower() in FEMININE for word in args[0].split(" ")):
            message = _("no feminine form is known for {}; give it: rodzaj('{}', '…')")
            return message.format(f"\u201e{args[0]}\u201d", args[0])
    return None
