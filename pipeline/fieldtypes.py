"""Field types of the model: Polish text kept exactly (NFC), postal codes, e-mail, identifiers."""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from .i18n import _
from .identifiers import digits_only, krs_valid, nip_valid, regon_valid

_ALLOWED_CONTROLS = "\t\n\r"


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


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_nfc)]
PostalCode = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{2}-[0-9]{3}$")
]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]


def _identifier(name: str, valid, expected: str):
    """An AfterValidator for an identifier: separators dropped, checksum verified."""

    def check(value: str) -> str:
        value = digits_only(value)
        if not valid(value):
            raise PydanticCustomError(
                "identifier",
                _("not a valid {name} ({expected})").format(name=name, expected=_(expected)),
            )
        return value

    return AfterValidator(check)


Nip = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    _identifier("NIP", nip_valid, "10 digits, checksum"),
]
Regon = Annotated[
    str,
    StringConstraints(strip_whitespace=True),
    _identifier("REGON", regon_valid, "9 or 14 digits, checksum"),
]
Krs = Annotated[
    str, StringConstraints(strip_whitespace=True), _identifier("KRS", krs_valid, "10 digits")
]
