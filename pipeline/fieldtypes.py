"""Field types of the model: Polish text kept exactly (NFC), dates and yes/no as Polish people write
them, postal codes, e-mail, identifiers. Every refusal is a sentence of konwent's own."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from babel.dates import format_date
from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from .i18n import _, language
from .identifiers import digits_only, krs_valid, nip_valid, regon_valid

_ALLOWED_CONTROLS = "\t\n\r"
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_POLISH_DATE = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")
YES_NO = {"tak": True, "nie": False}


def _nfc(value: str) -> str:
    """NFC, stripped; refuses characters a Word document cannot hold (controls, U+FFFE/FFFF)."""
    value = unicodedata.normalize("NFC", value).strip()
    for char in value:
        bad = unicodedata.category(char) in ("Cc", "Cs") and char not in _ALLOWED_CONTROLS
        if bad or char in "\ufffe\uffff":
            message = _("contains an invisible control character (U+{:04X})").format(ord(char))
            raise PydanticCustomError("control_character", message)
    if not value:
        raise PydanticCustomError("blank", _("must not be empty"))
    return value


def _date_parts(text: str) -> tuple[int, int, int]:
    """(year, month, day) of a date written YYYY-MM-DD or DD.MM.YYYY, else a format error."""
    if found := _ISO_DATE.match(text):
        year, month, day = found.groups()
    elif found := _POLISH_DATE.match(text):
        day, month, year = found.groups()
    else:
        message = _("not a date: write it as YYYY-MM-DD or DD.MM.YYYY")
        raise PydanticCustomError("date_format", message)
    return int(year), int(month), int(day)


def parse_date(value: Any) -> Any:
    """A date as the secretariat writes it (2026-06-12 or 12.06.2026) → ``dt.date``.

    A date that is written correctly but does not exist (2026-02-30) is called impossible; a
    number is refused rather than read as a timestamp. Anything else is left to pydantic.
    """
    if isinstance(value, bool | int | float):
        message = _("not a date: write it as YYYY-MM-DD or DD.MM.YYYY")
        raise PydanticCustomError("date_format", message)
    if not isinstance(value, str):
        return value
    year, month, day = _date_parts(value.strip())
    if not 1 <= month <= 12:
        message = _("impossible date: there is no month {}").format(month)
        raise PydanticCustomError("date_impossible", message)
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        month_name = format_date(dt.date(year, month, 1), "LLLL y", locale=language())
        message = _("impossible date: {month} has {days} days").format(
            month=month_name, days=days
        )
        raise PydanticCustomError("date_impossible", message)
    return dt.date(year, month, day)


def parse_yes_no(value: Any) -> Any:
    """``tak``/``nie`` as well as YAML's true/false."""
    if isinstance(value, str) and value.strip().casefold() in YES_NO:
        return YES_NO[value.strip().casefold()]
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_nfc)]
PostalCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{2}-[0-9]{3}$")
]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]


def _identifier(name: str, valid, lengths: tuple[int, ...]):
    """An AfterValidator for an identifier: separators dropped, length and checksum verified."""

    def check(value: str) -> str:
        value = digits_only(value)
        if not value.isascii() or not value.isdigit():
            message = _("a {} is written with digits only").format(name)
        elif len(value) not in lengths:
            wanted = _(" or ").join(str(n) for n in lengths)
            message = _("a {name} has {wanted} digits, this one has {count}").format(
                name=name, wanted=wanted, count=len(value)
            )
        elif not valid(value):
            message = _("not a valid {}: its check digit does not match").format(name)
        else:
            return value
        raise PydanticCustomError("identifier", message)

    return AfterValidator(check)


Nip = Annotated[str, StringConstraints(strip_whitespace=True), _identifier("NIP", nip_valid, (10,))]
Regon = Annotated[
    str, StringConstraints(strip_whitespace=True), _identifier("REGON", regon_valid, (9, 14))
]
Krs = Annotated[str, StringConstraints(strip_whitespace=True), _identifier("KRS", krs_valid, (10,))]
