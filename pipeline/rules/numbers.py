"""Document identities and numbers: every document can be told apart, every number written in
the data is valid, and the numbers follow the order of adoption (``pipeline/numbering.py``).

These are konwent's own conditions, not the regulation's, so they cite no article.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Severity
from ..identity import numbers_for
from .engine import Context


def check_numbers(ctx: Context) -> None:
    """The numbering step's findings as ``build`` meets them (the archive's finals aside)."""
    numbering = numbers_for(ctx.konwent)
    ctx.found += numbering.errors
    ctx.found += [replace(p, severity=Severity.WARNING) for p in numbering.warnings]


CHECKS = [check_numbers]
