"""Counts in documents, with the Polish plural forms of gettext ("1 głos", "2 głosy", "5 głosów").

Documents are always Polish, whatever the interface language, so the plural rule is the one the
Polish catalog declares (its Plural-Forms header), not the active catalog's.
"""

from __future__ import annotations

import gettext
from functools import lru_cache

from ..i18n import DOMAIN, LOCALE_DIR


@lru_cache(maxsize=1)
def _polish() -> gettext.GNUTranslations:
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=["pl"])


def plural_form(n: int, one: str, few: str, many: str) -> str:
    """The form for ``n``: one (1), few (2–4, 22–24 …) or many (0, 5–21, 25 …)."""
    return (one, few, many)[_polish().plural(int(n))]


def counted(n: int, one: str, few: str, many: str) -> str:
    """ "5 głosów"."""
    return f"{n} {plural_form(n, one, few, many)}"
