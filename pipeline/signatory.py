"""Who is to sign a field, and whether a certificate names that person.

A final's signature field carries the name printed in its signature block as its tooltip (/TU,
written where the field is made, :mod:`pipeline.fields`); a field made without a known name has
its own name as tooltip. Names compare case- and accent-insensitively (``Żółkiewska`` =
``ZOLKIEWSKA``), with spaces collapsed.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields as hanko_fields

# Letters that carry no combining mark in Unicode, hence survive NFKD.
_PLAIN = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"})


def folded(name: str) -> str:
    """``name`` without case, accents and extra spaces, for comparing people's names."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_PLAIN))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _subject(cert: asn1_x509.Certificate, key: str) -> str:
    value = cert.subject.native.get(key, "")
    return value[-1] if isinstance(value, list) else str(value)


def common_name(cert: asn1_x509.Certificate) -> str:
    """The subject's common name (CN) of ``cert``; empty when it has none."""
    return _subject(cert, "common_name")


def names(printed: str, cert: asn1_x509.Certificate) -> bool:
    """Whether ``cert`` is for ``printed``: its holder (CN), or the organisation (O) when a
    block prints an institution, such as the founding institution of a declaration."""
    holders = (common_name(cert), _subject(cert, "organization_name"))
    return any(folded(printed) == folded(holder) for holder in holders if holder)


def signatories(pdf: Path) -> dict[str, str]:
    """Field name → the person printed under it, for every signature field that names one."""
    found = {}
    with open(pdf, "rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        for name, _value, ref in hanko_fields.enumerate_sig_fields(reader):
            tooltip = str(ref.get_object().get("/TU", "")).strip()
            if tooltip and tooltip != name:
                found[name] = tooltip
    return found
