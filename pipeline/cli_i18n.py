"""click in the user's language: help texts translated when shown, click's own messages too.

click evaluates ``help=`` strings and docstrings when the module is imported, before the interface
language is known (``--lang`` is itself an option). So help texts stay English (the source text,
marked with ``N_()`` or written as command docstrings) and are translated at the moment ``--help``
is formatted. click marks its own messages ("Usage:", "Error: …") with gettext; they are routed
through konwent's catalog, where ``pipeline/click_messages.py`` lists the ones a user can meet.
Part of the command-line layer, like ``cli.py``.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

from .i18n import N_, _, ngettext

HELP_OPTION_HELP = N_("Show this message and exit.")
EXAMPLE_HEADING = N_("Example")


def route_click_messages() -> None:
    """Make click's gettext-marked messages use konwent's catalog and language."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = ngettext


def _tr(text: str | None) -> str | None:
    return _(text) if text else text


@contextmanager
def _translated(objects: list[Any], *attributes: str) -> Iterator[None]:
    """Show ``objects``' help attributes translated for the duration of one formatting call."""
    saved = [
        (obj, attr, getattr(obj, attr))
        for obj in objects
        for attr in attributes
        if hasattr(obj, attr)
    ]
    try:
        for obj, attr, value in saved:
            setattr(obj, attr, _tr(value))
        yield
    finally:
        for obj, attr, value in saved:
            setattr(obj, attr, value)


class TranslatedHelp:
    """Mixin for click commands: help, option help and the example block in the interface language.

    A command's ``epilog`` holds its example invocations, one per line, exactly as typed; they are
    shown last, under a translated "Example:" heading.
    """

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and not getattr(option, "_konwent_source_help", False):
            option.help = HELP_OPTION_HELP  # click set it in the language active at creation
            option._konwent_source_help = True  # type: ignore[attr-defined]
        return option

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        own = ("help", "short_help", "options_metavar", "subcommand_metavar")
        with _translated([self], *own), _translated(params, "help"):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        examples = [line.strip() for line in (self.epilog or "").splitlines() if line.strip()]
        if examples:
            with formatter.section(_(EXAMPLE_HEADING)):
                for example in examples:
                    formatter.write_text(f"\b\n{example}")

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self], "help", "short_help"):
            return super().get_short_help_str(limit)  # type: ignore[misc]


class KonwentCommand(TranslatedHelp, click.Command):
    pass


class TranslatedGroup(TranslatedHelp, click.Group):
    command_class = KonwentCommand
    group_class = type
