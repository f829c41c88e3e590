"""Which drafts a review file showed: its id, and every document's draft fingerprint (the draft
PDF's sha256, the hashes of its inputs and template, the hash of its text), kept under
``outputs/.konwent/przeglady/`` so ``konwent approve --review ID`` approves exactly those drafts.

A draft built again from the same inputs and template, with the same text, is the draft the chair
saw even where its bytes differ (a conversion is not always byte for byte the same); any other
rebuild is refused."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from ..archive import sha256_json
from ..drafts import DraftRecord, state_file
from ..errors import ArchiveError
from ..fsutil import atomic_write
from ..i18n import _

REVIEWS_DIR = "przeglady"
ID_PATTERN = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")


@dataclass(frozen=True)
class ReviewRecord:
    review_id: str
    made: str
    file: str  # the review file's name, in the outputs folder
    drafts: dict[str, dict[str, str]]  # document identity → its fingerprint as the file showed it


def draft_fingerprint(record: DraftRecord) -> dict[str, str]:
    return {
        "sha256": record.sha256,
        "inputs_sha256": record.inputs_sha256,
        "template_sha256": record.template_sha256,
        "text_sha256": sha256_json(record.texts),
    }


def _same(record: DraftRecord | None, shown: dict[str, str]) -> bool:
    if record is None:
        return False
    now = draft_fingerprint(record)
    return now["sha256"] == shown["sha256"] or all(
        now[k] == shown[k] for k in ("inputs_sha256", "template_sha256", "text_sha256")
    )


def new_id(now: dt.datetime | None = None) -> str:
    """``20261201-074512-a3f0``: when the review was made, and four random hex digits."""
    moment = now or dt.datetime.now()
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def _path(outputs: Path, review_id: str) -> Path:
    return state_file(outputs, REVIEWS_DIR) / f"{review_id}.json"


def save_review(outputs: Path, record: ReviewRecord) -> None:
    data = json.dumps(asdict(record), ensure_ascii=False, indent=1).encode("utf-8")
    atomic_write(_path(outputs, record.review_id), data)


def load_review(outputs: Path, review_id: str) -> ReviewRecord:
    """The record of review ``review_id``; a located error naming the known ones if none."""
    path = _path(outputs, review_id)
    if not ID_PATTERN.match(review_id) or not path.is_file():
        known = sorted(p.stem for p in path.parent.glob("*.json")) if path.parent.is_dir() else []
        raise ArchiveError(
            _("unknown review: {review} (reviews: {known})").format(
                review=review_id, known=", ".join(known) or _("none; run konwent review first")
            )
        )
    try:
        return ReviewRecord(**json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, TypeError) as exc:
        raise ArchiveError(_("{}: unreadable state file: {}").format(path, exc)) from None


def reviewed_drafts(outputs: Path, review_id: str, drafts: dict[str, DraftRecord]) -> list[str]:
    """The documents review ``review_id`` showed; refuses, naming them, any whose draft was
    rebuilt from other inputs, template or text (or removed) since the review file was written."""
    shown = load_review(outputs, review_id).drafts
    rebuilt = [k for k, seen in shown.items() if not _same(drafts.get(k), seen)]
    if rebuilt:
        raise ArchiveError(
            _("review {review}: drafts rebuilt since it was written, review them again: "
              "{docs}").format(review=review_id, docs=", ".join(rebuilt))
        )  # fmt: skip
    return list(shown)
