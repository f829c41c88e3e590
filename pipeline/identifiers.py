"""Polish identifiers: NIP, REGON, KRS checksums and formats. Pure functions, no I/O."""

from __future__ import annotations

import re

NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)

_SEPARATORS = re.compile(r"[\s-]")


def digits_only(value: str) -> str:
    """'526-018-15-96' → '5260181596' (spaces and dashes are how people write them)."""
    return _SEPARATORS.sub("", value)


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def nip_valid(value: str) -> bool:
    """10 digits; weighted sum mod 11 equals the last digit (a sum of 10 is never valid)."""
    if not re.fullmatch(r"[0-9]{10}", value):
        return False
    check = _weighted(value, NIP_WEIGHTS)
    return check != 10 and check == int(value[-1])


def regon_valid(value: str) -> bool:
    """9 or 14 digits; weighted sum mod 11 (10 counts as 0) equals the last digit."""
    weights = {9: REGON9_WEIGHTS, 14: REGON14_WEIGHTS}.get(len(value))
    if weights is None or not value.isascii() or not value.isdigit():
        return False
    return _weighted(value, weights) % 10 == int(value[-1])


def krs_valid(value: str) -> bool:
    """10 digits (leading zeros kept)."""
    return re.fullmatch(r"[0-9]{10}", value) is not None
