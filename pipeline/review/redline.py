"""What changed in a document's text: words added and removed between two versions, page by page
(difflib on words), cut to the changes and a few words around each."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

CONTEXT = 8  # words kept either side of a change


@dataclass(frozen=True)
class Piece:
    kind: str  # "same", "added", "removed" or "gap" (unchanged words left out)
    text: str


@dataclass(frozen=True)
class Redline:
    pieces: list[Piece] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # pages of the new text that changed
    added: int = 0
    removed: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def _words(pages: list[str]) -> tuple[list[str], list[int]]:
    words, where = [], []
    for number, text in enumerate(pages, start=1):
        split = text.split()
        words += split
        where += [number] * len(split)
    return words, where


def redline(before: list[str], after: list[str]) -> Redline:
    """The words of ``after`` (page texts) against ``before``, with the changed pages."""
    old, _old_pages = _words(before)
    new, new_pages = _words(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    pieces: list[Piece] = []
    pages: set[int] = set()
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces += _context(new[j1:j2], first=j1 == 0, last=j2 == len(new))
            continue
        if i2 > i1:
            pieces.append(Piece("removed", " ".join(old[i1:i2])))
            removed += i2 - i1
        if j2 > j1:
            pieces.append(Piece("added", " ".join(new[j1:j2])))
            added += j2 - j1
        if new_pages:  # a removal is on the page where the following word now stands
            pages.update(new_pages[min(j, len(new_pages) - 1)] for j in range(j1, max(j2, j1 + 1)))
    if not added and not removed:
        return Redline()
    return Redline(pieces, sorted(pages), added, removed)


def _context(words: list[str], *, first: bool, last: bool) -> list[Piece]:
    """Unchanged words: a few kept next to each change, the rest shown as a gap."""
    head = [] if first else words[:CONTEXT]
    tail = [] if last else words[-CONTEXT:]
    if len(words) <= len(head) + len(tail):
        return [Piece("same", " ".join(words))]
    kept = [Piece("same", " ".join(head))] if head else []
    kept.append(Piece("gap", "…"))
    return kept + ([Piece("same", " ".join(tail))] if tail else [])
