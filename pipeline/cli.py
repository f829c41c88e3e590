"""The command line: parse → options → call a step → exit code. The only module importing click
(with ``cli_archive``, the review, approval and archive commands it registers, and ``cli_i18n``,
its helper that puts click's help and messages in the user's language)."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .check import CheckOptions, check_report
from .cli_archive import ARCHIVE_COMMANDS
from .cli_i18n import TranslatedGroup, argument, option, route_click_messages
from .cli_signing import SIGNING_COMMANDS
from .errors import ConversionError, ExitCode, InputError, KonwentError, Problem, visible
from .i18n import LANGUAGES, N_, _, activate, ngettext
from .model import Profile


class KonwentGroup(TranslatedGroup):
    """Turns konwent's errors into located stderr lines and exit codes; no traceback by default."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KonwentError as exc:
            if ctx.meta.get("konwent.traceback"):
                traceback.print_exc()
            label = _("error")
            for line in exc.lines():
                click.echo(f"konwent: {label}: {visible(line)}", err=True)
            ctx.exit(int(exc.exit_code))
        except KeyboardInterrupt:
            click.echo("konwent: " + _("interrupted"), err=True)
            ctx.exit(int(ExitCode.INTERRUPTED))

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The exit codes of every command, above the examples (the top-level help only)."""
        if ctx.parent is None:
            with formatter.section(_("Exit codes")):
                formatter.write_dl([(str(int(code)), code.meaning) for code in ExitCode])
        super().format_epilog(ctx, formatter)


def _activate_language(ctx: click.Context, _param, value: str | None) -> str | None:
    activate(value)
    return value


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_("konwent, version {}").format(__version__))
        ctx.exit()


@click.group(
    cls=KonwentGroup,
    epilog="konwent init moj-konwent --profil regionalny\nkonwent build moj-konwent --out wyniki",
)
@option(
    "--version",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_show_version,
    help=N_("Show the version and exit."),
)
@option(
    "--lang",
    type=click.Choice(LANGUAGES),
    callback=_activate_language,
    is_eager=True,
    expose_value=False,
    help=N_("Interface language (default: Polish; English when LANG starts with en)."),
)
@option("--traceback", is_flag=True, help=N_("Show the full stack of an error (for debugging)."))
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """konwent: the paperwork of a Konwent of CIS and KIS, from data to signature-ready PDF."""
    ctx.meta["konwent.traceback"] = traceback


@cli.command(
    "build",
    epilog="konwent build inputs --out outputs",
)
@argument("inputs", default="inputs", type=click.Path(path_type=Path))
@option(
    "--out",
    "outputs",
    default="outputs",
    type=click.Path(path_type=Path),
    help=N_("Folder the documents are written to."),
)
@option(
    "--templates",
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Folder with your own templates (bundled ones fill the gaps)."),
)
@option(
    "--timeout",
    default=120.0,
    help=N_("Seconds one document's conversion may take before LibreOffice is restarted."),
)
@option(
    "--workers",
    default=0,
    show_default=N_("one per core"),
    help=N_("Number of LibreOffice workers."),
)
@option("--draft", is_flag=True, help=N_("Mark every page PROJEKT; no signature fields."))
@option(
    "--archive",
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Archive whose finals keep their numbers (default: the one finalize last wrote to)."),
)
@option(
    "--only",
    "only",
    multiple=True,
    help=N_(
        "Build only this meeting (its identity, e.g. 2026-06-12-zjazd), declaration "
        "(deklaracja-…) or group (deklaracje, komunikaty, zawiadomienia); repeatable."
    ),
)
@click.pass_context
def build_command(
    ctx: click.Context,
    inputs: Path,
    outputs: Path,
    templates: Path | None,
    timeout: float,
    workers: int,
    draft: bool,
    archive: Path | None,
    only: tuple[str, ...],
) -> None:
    """Build every document of an inputs folder as DOCX and PDF, with one packet per meeting.

    A file with errors does not stop the others: its documents are skipped and listed with
    their errors, and the documents numbered after it wait; the build then ends with the code
    of a build made in part. Errors in konwent.yaml or the member register stop the build.
    """
    from .build import BuildOptions, build  # each command loads only what it runs

    options = BuildOptions(
        inputs=inputs,
        outputs=outputs,
        templates=templates,
        timeout=timeout,
        workers=workers,
        draft=draft,
        archive=archive,
        only=only,
    )
    try:
        with ProgressBars() as bars:
            result = build(options, step=bars.update)
    except ConversionError as error:  # some documents not converted: the held files too
        if getattr(error, "held", None):
            _report_held(error.held)
        raise
    label = _("warning")
    for problem in result.warnings:
        click.echo(f"konwent: {label}: {problem.format()}", err=True)
    for packet in result.packets:
        click.echo(_("packet: {}").format(packet))
    for signed, beside in result.kept_signed:
        message = _("{signed} is signed and was left as it is; the new version is {beside}")
        click.echo(f"konwent: {label}: " + message.format(signed=signed, beside=beside), err=True)
    click.echo(
        _("built {documents} files and {packets} packets in {folder}").format(
            documents=len(result.documents), packets=len(result.packets), folder=outputs
        )
    )
    if result.unchanged or not (result.documents or result.packets):
        count = len(result.unchanged)
        click.echo(
            ngettext(
                "{count} file made again is unchanged and was left as it was",
                "{count} files made again are unchanged and were left as they were",
                count,
            ).format(count=count)
            if count
            else _("nothing changed since the last build")
        )
    for path in result.removed:
        click.echo(_("removed (no longer in the inputs): {}").format(path))
    if result.held:
        _report_held(result.held)
        ctx.exit(int(ExitCode.PARTIAL))


def _report_held(held) -> None:
    """The files left out of a build: each skipped one with its errors, each waiting one with
    its reason, on stderr."""
    label = _("error")
    for file, problems in sorted(held.skipped.items()):
        click.echo("konwent: " + _("skipped (errors): {}").format(visible(file)), err=True)
        for problem in problems:
            click.echo(f"konwent: {label}: {problem.format()}", err=True)
    for file, reason in sorted(held.waiting.items()):
        message = _("waiting: {file}: {reason}").format(file=visible(file), reason=reason)
        click.echo(f"konwent: {message}", err=True)
    total = len(held.skipped) + len(held.waiting)
    click.echo(
        ngettext(
            "built in part: {count} file skipped or waiting",
            "built in part: {count} files skipped or waiting",
            total,
        ).format(count=total),
        err=True,
    )


@cli.command("check", epilog="konwent check inputs\nkonwent check inputs --strict --format json")
@argument("inputs", default="inputs", type=click.Path(path_type=Path))
@option("--strict", is_flag=True, help=N_("Exit with 1 when there are warnings (and no errors)."))
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help=N_("json prints one object for scripts on stdout."),
)
@click.pass_context
def check_command(ctx: click.Context, inputs: Path, strict: bool, output_format: str) -> None:
    """Check an inputs folder against the regulation and list every problem at once.

    Exit code 0: no errors (warnings allowed unless --strict); 1: warnings with --strict;
    2: errors.
    """
    report = check_report(CheckOptions(inputs=inputs, strict=strict))
    if output_format == "json":
        click.echo(report.to_json())
    else:
        for line in report.problem_lines():
            click.echo(line, err=True)
        click.echo(report.summary())
    ctx.exit(int(report.exit_code))


@cli.group("templates", epilog="konwent templates check")
def templates_group() -> None:
    """Work with the Word templates documents are made from."""


@templates_group.command("check", epilog="konwent templates check moje-szablony")
@argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def templates_check_command(folder: Path | None) -> None:
    """List the variables each template uses and report unknown ones and syntax errors.

    Without FOLDER the bundled templates are checked. No data is needed.
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


class ProgressBars:
    """One progress bar per stage on stderr, only when stderr is a terminal."""

    LABELS = {  # build's stages, as it reports them to ``update``
        "render": N_("Writing DOCX"),
        "convert": N_("Converting to PDF (LibreOffice)"),
        "pdf": N_("Finishing PDF/A"),
    }

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self._bar = None
        self._stage = ""
        self._shown = 0

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(self, *_exc) -> None:
        self._close()

    def _close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None

    @classmethod
    def label(cls, stage: str) -> str:
        """What the bar of ``stage`` is called, in the interface language."""
        return _(cls.LABELS.get(stage, stage))

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        if stage != self._stage:
            self._close()
            label = self.label(stage)
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self._bar.__enter__()
            self._stage, self._shown = stage, 0
        self._bar.update(max(0, done - self._shown))
        self._shown = max(self._shown, done)


@cli.command("init", epilog="konwent init moj-konwent --profil regionalny")
@argument("folder", type=click.Path(path_type=Path))
@option(
    "--profil",
    "profile",
    type=click.Choice([p.value for p in Profile]),
    default=Profile.REGIONAL.value,
    help=N_("The regulation the Konwent follows: regional (Art. 1–4) or national (§ 1–7)."),
)
def init_command(folder: Path, profile: str) -> None:
    """Create a ready folder for a new Konwent: organisation file, Excel register, samples."""
    from . import init

    for path in init.create(folder, profile):
        click.echo(_("created: {}").format(path))
    click.echo(_("Next: fill in the files, then run: konwent check {folder}").format(folder=folder))


for _command in (*SIGNING_COMMANDS, *ARCHIVE_COMMANDS):  # sign, verify, review, …, archive
    cli.add_command(_command)


def _language_in(args: list[str]) -> str | None:
    """``--lang`` read ahead, so even ``konwent --help --lang en`` is English."""
    for index, arg in enumerate(args):
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        elif arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        else:
            continue
        return value if value in LANGUAGES else None
    return None


def main() -> None:
    activate(_language_in(sys.argv[1:]))
    cli.main(prog_name="konwent", standalone_mode=True)


route_click_messages()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
