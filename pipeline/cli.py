"""The command line: parse → options → call a step → exit code. The only module importing click."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, build
from .check import CheckOptions, check_report
from .errors import ExitCode, InputError, KonwentError, Problem
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
    for problem in result.warnings:
        click.echo(f"konwent: {_('warning')}: {problem.format()}", err=True)
    for packet in result.packets:
        click.echo(_("packet: {}").format(packet))
    click.echo(
        _("built {documents} files and {packets} packets in {folder}").format(
            documents=len(result.documents), packets=len(result.packets), folder=outputs
        )
    )


@cli.command("check")
@click.argument("inputs", default="inputs", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with 1 when there are warnings (and no errors).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json prints one object for scripts on stdout.",
)
@click.pass_context
def check_command(ctx: click.Context, inputs: Path, strict: bool, output_format: str) -> None:
    """Check an inputs folder against the regulation and list every problem at once.

    Exit code 0: no errors (warnings allowed unless --strict); 1: warnings with --strict;
    2: errors.

    \b
    Example:
      konwent check inputs
      konwent check inputs --strict --format json
    """
    report = check_report(CheckOptions(inputs=inputs, strict=strict))
    if output_format == "json":
        click.echo(report.to_json())
    else:
        for line in report.problem_lines():
            click.echo(line, err=True)
        click.echo(report.summary())
    ctx.exit(int(report.exit_code))


@cli.group("templates")
def templates_group() -> None:
    """Work with the Word templates documents are made from.

    \b
    Example:
      konwent templates check
    """


@templates_group.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def templates_check_command(folder: Path | None) -> None:
    """List the variables each template uses and report unknown ones and syntax errors.

    Without FOLDER the bundled templates are checked. No data is needed.

    \b
    Example:
      konwent templates check moje-szablony
    """
    from .template_check import check_folder, not_overridden

    if folder is not None and not folder.is_dir():
        raise InputError([Problem(str(folder), "", _("not a folder"))])
    reports = check_folder(folder)
    for report in reports:
        click.echo(f"{report.name} ({report.path}):")
        for variable in report.variables:
            click.echo(f"  {variable}")
    if folder is not None:
        for name in not_overridden(folder):
            click.echo(_("{}: bundled template used").format(name))
    problems = [p for report in reports for p in report.problems]
    if problems:
        raise InputError(problems)


def main() -> None:
    activate()
    cli.main(prog_name="konwent", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
