"""Template filters for case, gender and counts ({{ member|dopelniacz }}, {{ chair|rodzaj(…) }})."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from ..i18n import _
from ..model import Gender
from .cases import CASE_NAMES, Case, declined
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


@pass_context
def agree(context: Context, person: Any, masculine: str, feminine: str | None = None) -> str:
    """{{ chair|rodzaj('Przewodniczący') }} → "Przewodnicząca" for a woman (in the forms the
    organisation prefers, where it names any)."""
    preferred = getattr(context.get("org"), "feminine_forms", None)
    return gendered(masculine, person_gender(person), feminine, preferred)


def count(n: int, one: str, few: str, many: str) -> str:
    """{{ n|liczebnik('głos', 'głosy', 'głosów') }} → "22 głosy"."""
    return counted(n, one, few, many)


# The filters templates/README.md lists: the cases, gender agreement, counts.
GRAMMAR_FILTERS: dict[str, Callable[..., str]] = {
    **{name: _case_filter(case) for name, case in CASE_NAMES.items() if case is not Case.NOM},
    "rodzaj": agree,
    "liczebnik": count,
}


def _known_feminine(words: str) -> bool:
    return any(word.lower() in FEMININE for word in words.split(" "))


def call_problem(name: str, args: list[Any]) -> str | None:
    """What is wrong with a grammar filter's arguments as a template writes them (constants;
    ``None`` for an argument that is not a constant), or None."""
    arity = {"rodzaj": (1, 2), "liczebnik": (3, 3)}.get(name, (0, 0))
    if name not in GRAMMAR_FILTERS:
        return None
    if not arity[0] <= len(args) <= arity[1]:
        counts = "–".join(map(str, sorted(set(arity))))
        return _("{} takes {} arguments").format(name, counts)
    word = args[0] if name == "rodzaj" and len(args) == 1 else None
    if isinstance(word, str) and not _known_feminine(word):
        message = _("no feminine form is known for {}; give it: rodzaj('{}', '…')")
        return message.format(f"\u201e{word}\u201d", word)
    return None
