"""The command line: parse → options → call a step → exit code. The only module importing click."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, build
from .errors import ExitCode, KonwentError
from .i18n import _, activate


class KonwentGroup(click.Group):
    """Turns konwent's errors into located stderr lines and exit codes; no traceback by default."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KonwentError as exc:
            if ctx.meta.get("konwent.traceback"):
                traceback.print_exc()
            for line in exc.lines():
                click.echo(f"konwent: {_('error')}: {line}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo(f"konwent: {_('interrupted')}", err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))


def _activate_language(ctx: click.Context, _param, value: str | None) -> str | None:
    activate(value)
    return value


@click.group(cls=KonwentGroup)
@click.version_option(__version__, prog_name="konwent")
@click.option(
    "--lang",
    type=click.Choice(["pl", "en"]),
    callback=_activate_language,
    is_eager=True,
    expose_value=False,
    help="Interface language (default: Polish, English when LANG starts with en).",
)
@click.option("--traceback", is_flag=True, help="Show the full stack of an error (for debugging).")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """konwent: the paperwork of a Konwent of CIS and KIS, from data to signed-ready PDF.

    \b
    Example:
      konwent build inputs --out outputs
    """
    ctx.meta["konwent.traceback"] = traceback


@cli.command("build")
@click.argument("inputs", default="inputs", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "outputs",
    default="outputs",
    type=click.Path(path_type=Path),
    help="Folder the documents are written to.",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder with your own templates (bundled ones fill the gaps).",
)
@click.option(
    "--timeout", default=300.0, show_default=True, help="Seconds allowed for LibreOffice."
)
def build_command(inputs: Path, outputs: Path, templates: Path | None, timeout: float) -> None:
    """Build every document of an inputs folder as DOCX and PDF, with one packet per meeting.

    \b
    Example:
      konwent build inputs --out outputs
    """
    options = BuildOptions(inputs=inputs, outputs=outputs, templates=templates, timeout=timeout)
    result = build(options, progress=lambda message: None)
    for packet in result.packets:
        click.echo(_("packet: {}").format(packet))
    click.echo(
        _("built {documents} files and {packets} packets in {folder}").format(
            documents=len(result.documents), packets=len(result.packets), folder=outputs
        )
    )


def main() -> None:
    activate()
    cli.main(prog_name="konwent", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
