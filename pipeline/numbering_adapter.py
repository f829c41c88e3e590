"""Numbers for drafts (a placeholder) and finals (the persistent registry), as ``plan`` asks.

``plan(konwent, numbers)`` calls ``numbers.next(kind, body, year, key)`` for every numbered
document. Finals take theirs from a registry whose ``assign(kind, body, year, key) -> int`` is
idempotent per key and never reuses a number; until the shared registry exists this module keeps
a small one of its own in the archive (``.numeracja.json``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from .drafts import requested_id
from .fsutil import atomic_write

PLACEHOLDER = "…"
REGISTRY_FILE = ".numeracja.json"


class Registry(Protocol):
    def assign(self, kind: str, body: str, year: int, key: str) -> int: ...


class PlaceholderNumbers:
    """Drafts carry no final number: "…/2026"."""

    def assign_text(self, kind: str, body: str, year: int, key: str = "") -> str:
        return f"{PLACEHOLDER}/{year}"

    next = assign_text  # the name the interim planner calls


class FinalNumbers:
    """Final numbers for the documents in ``selected`` (doc ids), a placeholder for the rest.

    Only documents being made final take a number, so a number is never spent on a document
    that is not archived; the registry gives the same key the same number on a rerun.
    """

    def __init__(self, registry: Registry, selected: set[str]):
        self.registry = registry
        self.selected = selected

    def assign_text(self, kind: str, body: str, year: int, key: str = "") -> str:
        if requested_id(kind, key) not in self.selected:
            return f"{PLACEHOLDER}/{year}"
        return f"{self.registry.assign(kind, body, year, key)}/{year}"

    next = assign_text


class JsonRegistry:
    """One JSON file: the last number of each sequence and the number given to each key.

    Every assignment is written (atomically, fsynced) before it is returned, so a number handed
    out is never handed out again, and the same key always gets the same number back.
    """

    def __init__(self, path: Path):
        self.path = path
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        self.last: dict[str, int] = data.get("last", {})
        self.keys: dict[str, int] = data.get("keys", {})

    def assign(self, kind: str, body: str, year: int, key: str) -> int:
        sequence = f"{kind}|{body}|{year}"
        given = self.keys.get(f"{sequence}|{key}")
        if given is not None:
            return given
        number = self.last.get(sequence, 0) + 1
        self.last[sequence] = number
        self.keys[f"{sequence}|{key}"] = number
        text = json.dumps({"last": self.last, "keys": self.keys}, ensure_ascii=False, indent=1)
        atomic_write(self.path, text.encode("utf-8"))
        return number


def registry_for(archive_root: Path) -> Registry:
    return JsonRegistry(archive_root / REGISTRY_FILE)
