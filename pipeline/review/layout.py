"""The review as the chair reads it: each document's true state, its findings and what changed in
its text, grouped by meeting (then the declarations, then documents on their own) in packet order,
and the summary counts at the top."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import archive
from ..drafts import Approval, Change, DraftRecord, Fingerprint, diff, is_final_of, still_approved
from ..drawn_from import concerns
from ..errors import Problem
from ..i18n import _
from ..model import Konwent, Meeting, MeetingNotice
from ..planned import PlannedDocument
from ..polish import date_long
from .pages import PageImage
from .redline import Redline, redline

DRAFT, CHANGED, APPROVED, FINAL = "draft", "changed", "approved", "final"


@dataclass(frozen=True)
class State:
    """Draft, changed since approval, approved, or final (with its number and archive path)."""

    kind: str
    number: str | None = None
    path: str | None = None
    by: str | None = None
    at: str | None = None


def doc_state(
    manifest: archive.Manifest, approval: Approval | None, key: str, now: Fingerprint,
    root: Path | None,
) -> State:  # fmt: skip
    latest = manifest.latest(key)
    if latest and is_final_of(latest, now):
        where = str(root / latest.path) if root else latest.path
        return State(FINAL, latest.number, where, latest.approved_by, latest.approved_at)
    if approval is None:
        return State(DRAFT)
    kind = APPROVED if still_approved(approval, now) else CHANGED
    return State(kind, by=approval.by, at=approval.at[:10])


@dataclass
class DocumentView:
    record: DraftRecord
    state: State
    findings: list[Problem]
    changes: list[Change]  # input fields changed since the previous draft
    since: str  # what the redline compares with: "new", "approval" or "previous"
    redline: Redline
    images: list[PageImage]
    notes: list[str] = field(default_factory=list)  # e.g. a resolution not adopted

    @property
    def attention(self) -> bool:
        """Rule findings, or text changed since the chair's last approval."""
        changed = self.state.kind == CHANGED or (self.since == "approval" and self.redline.changed)
        return bool(self.findings) or changed


@dataclass
class GroupView:
    anchor: str
    heading: str
    documents: list[DocumentView]


def text_change(record: DraftRecord, approval: Approval | None) -> tuple[str, Redline]:
    """The redline against the approved version, else against the previous review's."""
    if approval is not None and approval.texts:
        return "approval", redline(approval.texts, record.texts)
    if record.previous_texts is not None:
        return "previous", redline(record.previous_texts, record.texts)
    return "new", Redline()


def not_adopted(item: Any, doc: PlannedDocument) -> list[str]:
    """On the minutes: every resolution the meeting voted down."""
    if doc.kind != "protokol" or not isinstance(item, Meeting):
        return []
    message = _("Resolution on {subject} was NOT adopted (for: {yes}, against: {no}, "
                "abstained: {abstained}); it makes no uchwała.")  # fmt: skip
    return [
        message.format(subject=r.subject, yes=r.votes.in_favour, no=r.votes.against,
                       abstained=r.votes.abstained)  # fmt: skip
        for r in item.resolutions
        if not r.votes.adopted
    ]


def doc_findings(record: DraftRecord, findings: Sequence[Problem]) -> list[Problem]:
    return [f for f in findings if f.file == record.source and concerns(record.snapshot, f.path)]


def heading(konwent: Konwent, doc: PlannedDocument, item: Any) -> tuple[int, str, str]:
    """(order of the kind of group, sort key, heading) of the group ``doc`` is filed under."""
    if isinstance(item, Meeting):
        kind, day, place = item.kind.value, item.date, f"{item.city}, {item.place}"
    elif isinstance(item, MeetingNotice):
        kind, day, place = item.meeting_kind.value, item.meeting_date, item.place
    elif doc.kind == "deklaracja":
        return 1, "", _("Membership declarations")
    else:
        return 2, "", _("Documents on their own")
    title = f"{kind[0].upper()}{kind[1:]}, {date_long(day)}, {place}"
    return 0, f"{day.isoformat()}{doc.group}", title


def grouped(
    konwent: Konwent, docs: dict[str, PlannedDocument], views: dict[str, DocumentView],
    items: dict[str, Any],
) -> list[GroupView]:  # fmt: skip
    """Meetings by date, then the declarations, then documents on their own; packet order."""
    groups: dict[tuple[int, str, str], list[DocumentView]] = {}
    anchors: dict[tuple[int, str, str], str] = {}
    for key, view in views.items():
        label = heading(konwent, docs[key], items.get(key))
        groups.setdefault(label, []).append(view)
        anchors.setdefault(label, f"grupa-{docs[key].group}")
    return [GroupView(anchors[k], k[2], groups[k]) for k in sorted(groups)]


@dataclass
class Summary:
    documents: list[DocumentView]
    attention: list[DocumentView]
    approved: list[DocumentView]
    final: list[DocumentView]
    final_left_out: int

    def line(self) -> str:
        text = _("{documents} documents, {attention} need attention, {approved} approved, "
                 "{final} final").format(
            documents=len(self.documents), attention=len(self.attention),
            approved=len(self.approved), final=len(self.final),
        )  # fmt: skip
        if self.final_left_out:
            text += " " + _("({} final documents left out)").format(self.final_left_out)
        return text


def summary(views: Sequence[DocumentView], final_left_out: int) -> Summary:
    return Summary(
        list(views),
        [v for v in views if v.attention],
        [v for v in views if v.state.kind == APPROVED],
        [v for v in views if v.state.kind == FINAL],
        final_left_out,
    )


def data_changes(record: DraftRecord) -> list[Change]:
    return diff(record.previous_snapshot, record.snapshot)
