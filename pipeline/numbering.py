"""Document numbers "n/yyyy": one sequence per document kind, issuing body and year.

A number, once given, is never given to another document and never reused, even when the run
that asked for it fails or is killed afterwards. The registry is a JSON file in a state folder;
every assignment takes an exclusive file lock, reads the file, writes the new state to a temporary
file, fsyncs it and renames it over the old one, then releases the lock. A killed process either
finished the rename (the number is recorded) or did not (the number was never handed out).

Assignment is idempotent per document key: asking again for the same key (a rerun of the same
build) returns the number it got the first time.
"""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from .errors import ArchiveError
from .fsutil import atomic_write, exclusive_lock, fsync_dir
from .i18n import _

REGISTRY_FILE = "numbers.json"
LOCK_FILE = "numbers.lock"


class NumberSource(Protocol):
    """What the planner needs from a number source (the registry, or memory for previews)."""

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str: ...

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None: ...


class MemoryNumbers:
    """Numbers kept in memory only (tests, previews); same rules as the registry."""

    def __init__(self) -> None:
        self._given: dict[tuple[str, str, int], dict[str, int]] = {}

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str:
        sequence = self._given.setdefault((kind, body, year), {})
        if key not in sequence:
            sequence[key] = max(sequence.values(), default=0) + 1
        return f"{sequence[key]}/{year}"

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None:
        sequence = self._given.setdefault((kind, body, year), {})
        holder = next((k for k, n in sequence.items() if n == number), None)
        if holder is not None and holder != key:
            return holder
        sequence[key] = number
        return None


def format_number(number: int, year: int) -> str:
    """7, 2026 → "7/2026"."""
    return f"{number}/{year}"


class NumberRegistry:
    """A persistent, process-safe registry of document numbers kept under ``state_dir``."""

    def __init__(self, state_dir: Path):
        self.state_dir = Path(state_dir)
        self.path = self.state_dir / REGISTRY_FILE

    def assign(self, kind: str, body: str, year: int, key: str) -> int:
        """The number of document ``key`` in the sequence (kind, body, year); new if first seen."""
        with self._locked():
            state = self._read()
            sequence = state.setdefault(_sequence_name(kind, body, year), {"last": 0, "keys": {}})
            if key in sequence["keys"]:
                return int(sequence["keys"][key])
            sequence["last"] += 1
            sequence["keys"][key] = sequence["last"]
            self._write(state)
            return int(sequence["last"])

    def assign_text(self, kind: str, body: str, year: int, key: str) -> str:
        """Like :meth:`assign`, formatted as "n/yyyy"."""
        return format_number(self.assign(kind, body, year, key), year)

    def claim(self, kind: str, body: str, year: int, key: str, number: int) -> str | None:
        """Record a number written in the data for ``key``; later numbers continue after it.

        Returns the key already holding ``number`` (a clash, nothing recorded), else None.
        """
        with self._locked():
            state = self._read()
            sequence = state.setdefault(_sequence_name(kind, body, year), {"last": 0, "keys": {}})
            holder = next((k for k, n in sequence["keys"].items() if n == number), None)
            if holder is not None and holder != key:
                return holder
            if sequence["keys"].get(key) != number or sequence["last"] < number:
                sequence["keys"][key] = number
                sequence["last"] = max(sequence["last"], number)
                self._write(state)
            return None

    def lookup(self, kind: str, body: str, year: int, key: str) -> int | None:
        """The number already given to ``key``, or None; never assigns."""
        with self._locked():
            sequence = self._read().get(_sequence_name(kind, body, year), {})
            value = sequence.get("keys", {}).get(key)
            return None if value is None else int(value)

    def issued(self, kind: str, body: str, year: int) -> dict[str, int]:
        """Every key of one sequence with its number."""
        with self._locked():
            sequence = self._read().get(_sequence_name(kind, body, year), {})
            return {k: int(v) for k, v in sequence.get("keys", {}).items()}

    def _locked(self) -> AbstractContextManager[None]:
        return exclusive_lock(self.state_dir / LOCK_FILE)

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ArchiveError(
                _("{}: the number registry cannot be read: {}").format(self.path, exc)
            ) from None
        if not isinstance(data, dict):
            raise ArchiveError(_("{}: the number registry is damaged").format(self.path))
        return data

    def _write(self, state: dict[str, Any]) -> None:
        text = json.dumps(state, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.path, text.encode("utf-8"))
        fsync_dir(self.state_dir)


def _sequence_name(kind: str, body: str, year: int) -> str:
    return f"{kind}|{body}|{year}"
