"""The user guide (docs/przewodnik.md) is complete: every key the loader accepts is in it."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from pipeline.model import Declaration, IssuedCommunique, Meeting, MeetingNotice, Organisation
from pipeline.register import REGISTER_COLUMNS

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "przewodnik.md"
# The files of an inputs folder, by the model each is read as.
INPUT_MODELS = (Organisation, Meeting, Declaration, IssuedCommunique, MeetingNotice)


def _models_in(annotation: object) -> Iterator[type[BaseModel]]:
    """The models a field's type holds (``list[Votes] | None`` → Votes)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models_in(arg)


def accepted_keys(model: type[BaseModel], seen: set | None = None) -> dict[str, str]:
    """Every key a file read as ``model`` may hold (its alias), with where: "Meeting.uchwaly"."""
    seen = set() if seen is None else seen
    if model in seen:
        return {}
    seen.add(model)
    keys: dict[str, str] = {}
    for name, info in model.model_fields.items():
        keys.setdefault(info.alias or name, f"{model.__name__}.{info.alias or name}")
        for inner in _models_in(info.annotation):
            for key, where in accepted_keys(inner, seen).items():
                keys.setdefault(key, where)
    return keys


def all_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for model in INPUT_MODELS:
        keys |= {k: w for k, w in accepted_keys(model).items() if k not in keys}
    keys |= {column: f"register column {column}" for column in REGISTER_COLUMNS if column not in keys}
    return keys


def documented(key: str, guide: str) -> bool:
    """Whether the guide names ``key`` as code (inside backticks), as a whole word."""
    pattern = re.compile(r"`[^`\n]*(?<![\w])" + re.escape(key) + r"(?![\w])[^`\n]*`")
    return bool(pattern.search(guide))


def test_every_key_the_loader_accepts_is_in_the_guide():
    guide = GUIDE.read_text(encoding="utf-8")
    keys = all_keys()
    assert len(keys) > 80  # the walk reaches the nested models (votes, seats, changes …)
    missing = sorted(f"{key} ({where})" for key, where in keys.items() if not documented(key, guide))
    assert not missing, "keys missing from docs/przewodnik.md: " + ", ".join(missing)


def test_a_key_missing_from_the_guide_is_named():
    assert documented("przyjmuje_czlonkow", "dodaj uchwałę z `przyjmuje_czlonkow: [KIS-X]`")
    assert not documented("numer", "pole `numer_protokolu`")
    assert not documented("wynik", "wynik głosowania")
