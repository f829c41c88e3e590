"""click in the user's language: help texts translated when shown, click's own messages too.

click evaluates ``help=`` strings and docstrings when the module is imported, before the interface
language is known (``--lang`` is itself an option). So help texts stay English (the source text,
marked with ``N_()`` or written as command docstrings) and are translated at the moment ``--help``
is formatted. click marks its own messages ("Usage:", "Error: …") with gettext; they are routed
through konwent's catalog, where ``pipeline/click_messages.py`` lists the ones a user can meet.
The usage names of parameters (metavars such as ``PATH`` or ``[INPUTS]``) and the type names in
click's errors are translated when shown too: declare parameters with this module's ``option``
and ``argument`` instead of click's. Part of the command-line layer, like ``cli.py``.
"""

from __future__ import annotations

import gettext
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from .i18n import N_, _, ngettext

F = TypeVar("F", bound=Callable[..., Any])

HELP_OPTION_HELP = N_("Show this message and exit.")
EXAMPLE_HEADING = N_("Example")
ARGUMENTS_HEADING = N_("Arguments")
DEFAULT = N_("default: {default}")  # click's own words for an option's default


def route_click_messages() -> None:
    """Make click's gettext-marked messages use konwent's catalog and language."""
    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = _
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = ngettext


def _tr(text: Any) -> Any:
    """``text`` translated; a value that is not text (``show_default=True``) as it is."""
    return _(text) if isinstance(text, str) and text else text


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
        with _translated([self], "help", "short_help"), _translated(params, "help", "show_default"):
            super().format_help(ctx, formatter)  # type: ignore[misc]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options, then each argument that has a default, with it (click lists neither)."""
        super().format_options(ctx, formatter)  # type: ignore[misc]
        rows = [
            (param.make_metavar(ctx), _default_note(param.default))
            for param in self.get_params(ctx)  # type: ignore[attr-defined]
            if isinstance(param, click.Argument) and isinstance(param.default, str | int | float)
        ]
        if rows:
            with formatter.section(_(ARGUMENTS_HEADING)):
                formatter.write_dl(rows)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The usage line, in ``--help`` and above a usage error: "[OPTIONS]" translated too."""
        with _translated([self], "options_metavar", "subcommand_metavar"):
            super().format_usage(ctx, formatter)  # type: ignore[misc]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        examples = [line.strip() for line in (self.epilog or "").splitlines() if line.strip()]
        if examples:
            with formatter.section(_(EXAMPLE_HEADING)):
                for example in examples:
                    formatter.write_text(f"\b\n{example}")

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self], "help", "short_help"):
            return super().get_short_help_str(limit)  # type: ignore[misc]


def _default_note(value: object) -> str:
    """"[default: inputs]", as click notes an option's default."""
    note = _(DEFAULT).format(default=value)
    return f"[{note}]"


class KonwentCommand(TranslatedHelp, click.Command):
    pass


class TranslatedGroup(TranslatedHelp, click.Group):
    command_class = KonwentCommand
    group_class = type


_METAVAR_WORD = re.compile(r"[A-Z][A-Z0-9_]*")


class TranslatedParameter:
    """Mixin for click parameters: usage name (metavar) and type name in the interface language.

    click makes a metavar from an upper-cased English word, the parameter's name for an argument
    (``[INPUTS]``) or its type's name for an option (``PATH``, ``TEXT``); each such word is looked
    up in the catalog when shown (``click_messages.METAVARS`` marks them). A metavar the type
    itself gives, such as a choice's ``[text|json]``, lists the values to type and stays as it is.
    While a value is converted, the type's name is translated, so that click's errors read
    "Plik 'x' nie istnieje." rather than "File 'x' …".
    """

    def make_metavar(self, ctx: click.Context) -> str:
        metavar = super().make_metavar(ctx)  # type: ignore[misc]
        if self.type.get_metavar(param=self, ctx=ctx):  # type: ignore[attr-defined]
            return metavar
        return _METAVAR_WORD.sub(lambda word: _(word.group()), metavar)

    def type_cast_value(self, ctx: click.Context, value: Any) -> Any:
        with _translated([self.type], "name"):  # type: ignore[attr-defined]
            return super().type_cast_value(ctx, value)  # type: ignore[misc]


class TranslatedOption(TranslatedParameter, click.Option):
    pass


class TranslatedArgument(TranslatedParameter, click.Argument):
    pass


def option(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` whose metavar and type name are shown in the interface language, and
    whose default ``--help`` shows (``show_default`` may name it in words instead)."""
    attrs.setdefault("show_default", True)
    return click.option(*param_decls, cls=TranslatedOption, **attrs)


def argument(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.argument`` whose metavar and type name are shown in the interface language."""
    return click.argument(*param_decls, cls=TranslatedArgument, **attrs)
