"""Translation of user-facing strings (gettext).

Every message a user reads goes through ``_()``; strings that must be marked where they are
defined but translated later (click help texts, evaluated after the language is chosen) are marked
with ``N_()``. The catalog domain is ``konwent``; catalogs live in ``pipeline/locale`` and are
compiled at install time (``pybabel compile``). The source text is English and serves ``en``;
Polish is the default interface language.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

DOMAIN = "konwent"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("pl", "en")
DEFAULT_LANGUAGE = "pl"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"  # what the active catalog speaks (the source text until activate() is called)


def choose_language(explicit: str | None = None) -> str:
    """The interface language: the explicit choice, English for an English locale, else Polish."""
    if explicit:
        return explicit
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def activate(language: str | None = None) -> str:
    """Install the catalog for ``language`` (or the detected one) and return its code."""
    global _translation, _language
    lang = choose_language(language)
    _language = lang
    if lang == "en":  # English is the source text: no catalog needed.
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
    return lang


def language() -> str:
    """The code of the active interface language ("pl", "en")."""
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction only; it is translated with ``_()`` where it is shown."""
    return message
