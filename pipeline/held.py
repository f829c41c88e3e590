"""What a build can make when some input files have errors: the rest.

A file with errors is *skipped*: none of its documents is built, and its errors are listed. A
meeting or communiqué whose numbers would follow a skipped one (the same numbering sequence, the
same day or later, see :mod:`pipeline.numbering`) *waits*: built now, its numbers would change once
the earlier one is fixed. Errors in the organisation file or the member register stop the whole
build, since every document draws on them. Pure, but for reading the inputs folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, Problem
from .fsutil import slug
from .i18n import _
from .identity import (
    COUNCIL_BODY,
    DECLARATIONS_GROUP,
    MEMBERS_BODY,
    REGULATION_BODY,
    meeting_id,
    meeting_requests,
    number_requests,
)
from .inputs import (
    COMMUNIQUES_DIR,
    DECLARATIONS_DIR,
    MEETINGS_DIR,
    NOTICES_DIR,
    load_partial,
    read_yaml,
)
from .model import Konwent, MeetingKind
from .numbering import NumberRequest
from .planned import PlannedDocument
from .rules import check, errors, warnings
from .validation import display_path

NumberSequence = tuple[str, str, int | None]  # a numbering sequence: kind, body, year


@dataclass
class Held:
    """The input files a build leaves out: each skipped one with its errors, each waiting one
    with the reason (display paths, as problems name files)."""

    skipped: dict[str, list[Problem]] = field(default_factory=dict)
    waiting: dict[str, str] = field(default_factory=dict)
    meetings: set[str] = field(default_factory=set)  # identities of the held meetings that loaded

    def __bool__(self) -> bool:
        return bool(self.skipped or self.waiting)

    def files(self) -> set[str]:
        return set(self.skipped) | set(self.waiting)


def buildable(root: Path) -> tuple[Konwent, list[Problem], Held]:
    """The inputs without the files that are skipped or wait, the warnings, and what is held;
    raises InputError when the organisation file or the register has an error."""
    konwent, problems = load_partial(root)
    if konwent is not None:
        problems = problems + check(konwent)
    documents = _document_files(root)
    if konwent is None or any(p.file not in documents for p in errors(problems)):
        raise InputError(errors(problems))  # every error, the documents' ones too
    held = Held()
    for problem in errors(problems):
        held.skipped.setdefault(problem.file, []).append(problem)
    held.waiting = _waiting(konwent, root, set(held.skipped))
    held.meetings = _held_meetings(konwent, root, held.files())
    return _without(konwent, held.files()), warnings(problems), held


def _held_meetings(konwent: Konwent, root: Path, files: set[str]) -> set[str]:
    """The identities of the held meetings; of one that did not load, as far as its raw data
    tells (its ``id``, else its date and kind)."""
    found = {meeting_id(m.doc) for m in konwent.meetings if _shown(m.source) in files}
    loaded = {_shown(m.source) for m in konwent.meetings}
    for file in files - loaded:
        if Path(file).parent.name == MEETINGS_DIR:
            data = _raw(root / MEETINGS_DIR / Path(file).name)
            day, kind = _date(data.get("data")), data.get("rodzaj")
            if data.get("id"):
                found.add(slug(str(data["id"])))
            elif day is not None and isinstance(kind, str):
                found.add(f"{day.isoformat()}-{slug(kind)}")
    return found


def _document_files(root: Path) -> set[str]:
    """Every document file of the inputs folder, as problems name it."""
    folders = (MEETINGS_DIR, DECLARATIONS_DIR, COMMUNIQUES_DIR, NOTICES_DIR)
    return {display_path(path) for name in folders for path in sorted((root / name).glob("*.yaml"))}


def _shown(source: str) -> str:
    return display_path(Path(source))


def _without(konwent: Konwent, files: set[str]) -> Konwent:
    lists = ("meetings", "declarations", "communiques", "notices")
    kept = {
        name: [item for item in getattr(konwent, name) if _shown(item.source) not in files]
        for name in lists
    }
    return konwent.model_copy(update=kept)


def _waiting(konwent: Konwent, root: Path, skipped: set[str]) -> dict[str, str]:
    """Each file whose numbers follow a skipped (or waiting) file's, with the reason; repeated
    until nothing more waits, as a waiting meeting holds back the ones after it."""
    anchors = [(file, seq, day) for file in skipped for seq, day in _sequences(konwent, root, file)]
    requests = [r for r in number_requests(konwent) if _shown(r.source) not in skipped]
    waiting: dict[str, str] = {}
    while True:
        found = {
            _shown(r.source): file
            for r in requests
            for file, sequence, day in anchors
            if _shown(r.source) not in waiting and _follows(r, sequence, day)
        }
        if not found:
            return waiting
        message = _("waits for {}: its numbers follow that file's, which has errors")
        for file, cause in found.items():
            waiting[file] = message.format(cause)
            own = [r for r in requests if _shown(r.source) == file]
            anchors += [(cause, r.sequence, r.date) for r in own]


def _follows(
    request: NumberRequest, sequence: NumberSequence | None, day: dt.date | None
) -> bool:
    """Whether ``request`` is numbered after a document of ``sequence`` dated ``day`` (None:
    unknown, so every sequence and every day)."""
    same = sequence is None or request.sequence == sequence
    return same and (day is None or request.date >= day)


def _sequences(
    konwent: Konwent, root: Path, file: str
) -> Iterable[tuple[NumberSequence | None, dt.date | None]]:
    """The numbering sequences a skipped file's documents would take, with their dates: read
    from the model when the file loaded, else guessed from its date and kind (all of them when
    even those cannot be read)."""
    loaded = [m for m in konwent.meetings if _shown(m.source) == file]
    if loaded:
        return [(r.sequence, r.date) for r in meeting_requests(loaded[0])]
    folder = Path(file).parent.name
    if folder not in (MEETINGS_DIR, COMMUNIQUES_DIR):
        return []
    data = _raw(root / folder / Path(file).name)
    day = _date(data.get("data"))
    if day is None:
        return [(None, None)]
    if folder == COMMUNIQUES_DIR:
        return [(("komunikat", COUNCIL_BODY, day.year), day)]
    bodies = _bodies(data.get("rodzaj"))
    kinds = [("protokol", b, day.year) for b in bodies] + [("uchwala", b, day.year) for b in bodies]
    return [(s, day) for s in kinds] + [
        (("komunikat", COUNCIL_BODY, day.year), day),
        (("aneks", REGULATION_BODY, None), day),
    ]


def _raw(path: Path) -> dict:
    try:
        data, _lines = read_yaml(path)
    except InputError:
        return {}
    return data if isinstance(data, dict) else {}


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _bodies(kind: object) -> list[str]:
    if kind == MeetingKind.COUNCIL.value:
        return [COUNCIL_BODY]
    known = {k.value for k in MeetingKind}
    return [MEMBERS_BODY] if kind in known else [MEMBERS_BODY, COUNCIL_BODY]


def chosen(docs: Sequence[PlannedDocument], only: Iterable[str], held: Held) -> set[str]:
    """The documents (doc_ids) ``--only`` names: a meeting by its identity, a declaration by its
    name ("deklaracja-cis-bilgoraj") or any group ("deklaracje"); raises InputError naming the
    ids that exist when one is unknown. A held meeting's identity is known and chooses nothing."""
    ids: dict[str, set[str]] = {}
    for doc in docs:
        ids.setdefault(doc.group, set()).add(doc.doc_id)
        if doc.group == DECLARATIONS_GROUP:
            ids.setdefault(doc.stem, set()).add(doc.doc_id)
            ids.setdefault(doc.doc_id, set()).add(doc.doc_id)
    for meeting in held.meetings:
        ids.setdefault(meeting, set())
    unknown = [name for name in only if name not in ids]
    if unknown:
        message = _("unknown id {unknown}; the ids are: {known}")
        known = ", ".join(sorted(n for n in ids if not n.startswith(DECLARATIONS_GROUP + "/")))
        raise InputError([Problem("--only", "", message.format(unknown=name, known=known))
                          for name in unknown])  # fmt: skip
    return {doc_id for name in only for doc_id in ids[name]}


__all__ = ["Held", "buildable", "chosen"]
