"""Number sources for drafts (a placeholder) and finals (the archive's number registry).

The planner asks ``numbers.assign_text(kind, body, year, key)`` for every numbered document
(``pipeline/numbering.py``). Finals take their numbers from a :class:`NumberRegistry` kept in the
archive (``.numeracja/``), so the archive's sequences have no gaps: a number is given only to a
document being made final, and a rerun gets the same number for the same key.
"""

from __future__ import annotations

from pathlib import Path

from .numbering import NumberRegistry

PLACEHOLDER = "…"
REGISTRY_DIR = ".numeracja"


class PlaceholderNumbers:
    """Drafts carry no final number: "…/2026"."""

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str:
        return f"{PLACEHOLDER}/{year}"

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None:
        return None


class FinalNumbers:
    """Final numbers for the numbering keys in ``selected``, a placeholder for the rest."""

    def __init__(self, registry: NumberRegistry, selected: set[str]):
        self.registry = registry
        self.selected = selected

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str:
        if key not in self.selected:
            return f"{PLACEHOLDER}/{year}"
        return self.registry.assign_text(kind, body, year, key)

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None:
        """A number written in the data is recorded, so the sequence continues after it."""
        return self.registry.claim(kind, body, year, key, number)


def registry_for(archive_root: Path) -> NumberRegistry:
    return NumberRegistry(archive_root / REGISTRY_DIR)
