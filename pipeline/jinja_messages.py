"""Jinja's errors in a Word template → sentences of konwent's own (Jinja's English stays out).

A template field ``{{ … }}`` or tag ``{% … %}`` that Jinja refuses is described in the interface
language; an unforeseen message gets a general sentence, never Jinja's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .i18n import _

_TOKENS = {"end of print statement": "}}", "end of statement block": "%}"}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


def _patterns() -> list[tuple[re.Pattern[str], Callable[..., str]]]:
    return [
        (r"^unexpected '(.+)', expected '(.+)'$",
         lambda got, wanted: _("„{}” where „{}” was expected").format(got, _token(wanted))),
        (r"^unexpected '(.+)'$", lambda got: _("unexpected „{}”").format(_token(got))),
        (r"^expected token '(.+)', got '(.+)'$",
         lambda wanted, got: _("„{}” where „{}” was expected").format(got, _token(wanted))),
        (r"^Expected an expression, got '(.+)'$",
         lambda _got: _("the field is empty: write a name between the braces")),
        (r"^Encountered unknown tag '(.+)'\.$", lambda tag: _("unknown tag „{}”").format(tag)),
        (r"^Unexpected end of template\..* needs to be closed is '(.+)'\.$",
         lambda word: _("{{% {} %}} is never closed").format(word)),
        (r"^unexpected char ['\"](.)['\"] at \d+$",
         lambda char: _("a character a field cannot hold: „{}”").format(char)),
        (r"^expected name or number$", lambda: _("a name is missing after a dot")),
        (r"^macro '(.+)' was invoked with two values for the special caller argument",
         lambda name: _("macro „{}” is called by {{% call %}} but never calls caller()").format(
             name
         )),
        (r"^macro '(.+)' takes no (?:keyword )?argument",
         lambda name: _("macro „{}” is called with arguments it does not take").format(name)),
        (r"^'(.+)' is undefined$", lambda name: _("„{}” is not defined").format(name)),
        (r"^'(\w+) object' has no attribute '(.+)'$",
         lambda _kind, name: _("no field „{}” here").format(name)),
    ]


def template_message(message: str | None) -> str:
    """Jinja's ``message`` as konwent's sentence."""
    for pattern, sentence in _patterns():
        if found := re.match(pattern, message or "", re.DOTALL):
            return sentence(*found.groups())
    return _("Jinja cannot read this field")
