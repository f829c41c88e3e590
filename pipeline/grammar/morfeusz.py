"""Morfeusz 2, loaded on first use: analysis and generation of single words, cached per word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import KonwentError
from ..i18n import _


class MorfeuszMissing(KonwentError):
    """The Morfeusz 2 dictionary (PyPI package ``morfeusz2``) is not installed."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "declining names needs Morfeusz 2, which is not installed: run "
                "`pip install morfeusz2` (a binary wheel for x86_64 Linux), or give the forms "
                "in the data (e.g. nazwa_dopelniacz, plec)"
            )
        )


@dataclass(frozen=True)
class Tag:
    """One interpretation of a word: lemma, the tag's parts (each a set of values), qualifiers."""

    lemma: str
    parts: tuple[frozenset[str], ...]
    names: tuple[str, ...]
    labels: tuple[str, ...]

    @property
    def pos(self) -> str:
        return next(iter(self.parts[0]))

    def part(self, index: int) -> frozenset[str]:
        return self.parts[index] if index < len(self.parts) else frozenset()

    @classmethod
    def of(cls, lemma: str, tag: str, names: Any, labels: Any) -> Tag:
        parts = tuple(frozenset(p.split(".")) for p in tag.split(":"))
        return cls(lemma, parts, tuple(names), tuple(labels))


@lru_cache(maxsize=1)
def _instance() -> Any:
    try:
        import morfeusz2
    except ImportError:
        raise MorfeuszMissing() from None
    return morfeusz2.Morfeusz(expand_tags=False)


@lru_cache(maxsize=50_000)
def analyse(word: str) -> tuple[Tag, ...] | None:
    """The word's interpretations, or None when Morfeusz reads it as more than one segment."""
    found = _instance().analyse(word)
    if any(end != 1 for _start, end, _i in found):
        return None
    return tuple(
        Tag.of(lemma, tag, names, labels) for _s, _e, (_o, lemma, tag, names, labels) in found
    )


@lru_cache(maxsize=20_000)
def generate(lemma: str) -> tuple[tuple[str, Tag], ...]:
    """Every form of ``lemma`` with its interpretation."""
    return tuple(
        (orth, Tag.of(lem, tag, names, labels))
        for orth, lem, tag, names, labels in _instance().generate(lemma)
    )


def loaded() -> bool:
    """Whether the dictionary has been loaded in this process (for tests of laziness)."""
    return _instance.cache_info().currsize > 0
