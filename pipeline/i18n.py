"""Translation of user-facing strings (gettext).

Every message a user reads goes through ``_()``. The catalog domain is ``konwent``; catalogs live
in ``pipeline/locale``. Until a catalog for the chosen language exists, the source text is shown.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "konwent"
LOCALE_DIR = Path(__file__).parent / "locale"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def choose_language(explicit: str | None = None) -> str:
    """The interface language: the explicit choice, English for an English LANG, else Polish."""
    if explicit:
        return explicit
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else "pl"
    return "pl"


def activate(language: str | None = None) -> str:
    """Install the catalog for ``language`` (or the detected one) and return its code."""
    global _translation
    lang = choose_language(language)
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return lang


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)
