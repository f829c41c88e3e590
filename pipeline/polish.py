"""Polish formatting used in documents: dates, numbers, quotation marks."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal


def date_long(value: dt.date) -> str:
    """12 czerwca 2026 r."""
    return f"{format_date(value, 'd MMMM y', locale='pl')} r."


def place_date(city: str, value: dt.date) -> str:
    """Lublin, 12 czerwca 2026 r."""
    return f"{city}, {date_long(value)}"


def number(value: float | int) -> str:
    """1 234,5 with Polish separators."""
    return format_decimal(value, locale="pl")


def quoted(text: str) -> str:
    """„text”"""
    return f"\u201e{text}\u201d"


def full_stop(text: str) -> str:
    """End a sentence with exactly one full stop ("od 1 lipca 2026 r." stays as it is)."""
    text = str(text).rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
