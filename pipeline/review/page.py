"""The review file's HTML: one self-contained page (images as data: URIs, style and script
inline, a Content-Security-Policy that allows no request)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import jinja2

from .. import __version__
from ..errors import Problem
from ..i18n import _, ngettext
from .layout import APPROVED, CHANGED, DRAFT, FINAL, GroupView, Summary

TEMPLATES = Path(__file__).parent.parent / "review_templates"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def state_labels() -> dict[str, str]:
    return {
        DRAFT: _("draft, not approved"),
        CHANGED: _("changed since approval"),
        APPROVED: _("approved"),
        FINAL: _("final"),
    }


def count_labels(summary: Summary) -> dict[str, str]:
    """The words after each count of the summary, in the plural form the count takes
    ("1 dokument", "2 dokumenty", "11 dokumentów")."""
    documents, attention = len(summary.documents), len(summary.attention)
    approved, final = len(summary.approved), len(summary.final)
    return {
        "documents": ngettext("document in this file", "documents in this file", documents),
        "attention": ngettext("document needs attention", "documents need attention", attention),
        "approved": ngettext("approved document", "approved documents", approved),
        "final": ngettext("final document", "final documents", final),
    }


def render_page(
    organisation: str,
    review_id: str,
    groups: Sequence[GroupView],
    summary: Summary,
    general: Sequence[Problem],
) -> str:
    """The review file's HTML; every value is escaped (input text is data)."""
    count = len(summary.documents)
    return (
        _environment()
        .get_template("review.html.j2")
        .render(
            organisation=organisation,
            review_id=review_id,
            groups=groups,
            summary=summary,
            general=general,
            labels=state_labels(),
            documents_count=ngettext("{} document", "{} documents", count).format(count),
            count_labels=count_labels(summary),
            generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
            version=__version__,
            _=_,
        )
    )
