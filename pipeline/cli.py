"""The command line: parse → options → call a step → exit code. The only module importing click."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .approvals import FinalizeOptions, approve, finalize
from .archive import verify
from .build import BuildOptions, build
from .check import CheckOptions, check_report
from .errors import ArchiveProblems, ExitCode, InputError, KonwentError, Problem
from .i18n import _, activate
from .review import ReviewOptions, review


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
    "--timeout",
    default=120.0,
    show_default=True,
    help="Seconds one document's conversion may take before LibreOffice is restarted.",
)
@click.option("--workers", default=0, help="LibreOffice workers (default: one per core).")
@click.option("--draft", is_flag=True, help="Mark every page PROJEKT; no signature fields.")
def build_command(
    inputs: Path, outputs: Path, templates: Path | None, timeout: float, workers: int, draft: bool
) -> None:
    """Build every document of an inputs folder as DOCX and PDF, with one packet per meeting.

    \b
    Example:
      konwent build inputs --out outputs
    """
    options = BuildOptions(
        inputs=inputs,
        outputs=outputs,
        templates=templates,
        timeout=timeout,
        workers=workers,
        draft=draft,
    )
    with ProgressBars() as bars:
        result = build(options, step=bars.update)
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


class ProgressBars:
    """One progress bar per stage on stderr, only when stderr is a terminal."""

    LABELS = {"render": "DOCX", "convert": "PDF (LibreOffice)", "pdf": "PDF/A"}

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

    def update(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < 2:
            return
        if stage != self._stage:
            self._close()
            label = _(self.LABELS.get(stage, stage))
            self._bar = click.progressbar(length=total, label=label, file=sys.stderr)
            self._bar.__enter__()
            self._stage, self._shown = stage, 0
        self._bar.update(max(0, done - self._shown))
        self._shown = max(self._shown, done)


@cli.command("sign")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--field", "field_name", required=True, help="Name of the empty signature field.")
@click.option(
    "--p12",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="PKCS#12 file with the signer's key and certificate.",
)
@click.option("--password", default=None, help="Password of the PKCS#12 file.")
@click.option(
    "--out",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the signed PDF here (default: sign in place).",
)
def sign_command(
    pdf: Path, field_name: str, p12: Path, password: str | None, target: Path | None
) -> None:
    """Sign one empty signature field of a PDF (PAdES); the other fields stay signable.

    \b
    Example:
      konwent sign pakiet.pdf --field uchwala-1-2026__podpis_przewodniczacy --p12 ja.p12
    """
    from .signing import sign

    signed = sign(pdf, field_name, p12, password, target)
    click.echo(_("signed {field} in {pdf}").format(field=field_name, pdf=signed))


@cli.command("verify")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--trust",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="A trusted root certificate (PEM or DER); repeat for several.",
)
def verify_command(pdf: Path, trust: tuple[Path, ...]) -> None:
    """List the signature fields of a PDF and validate each signature.

    Exits with 3 when a signature is broken or not trusted.

    \b
    Example:
      konwent verify pakiet.pdf --trust ca.pem
    """
    from .signing import verify

    statuses = verify(pdf, list(trust))
    for status in statuses:
        if not status.signed:
            click.echo(_("{field}: empty").format(field=status.name))
            continue
        verdict = _("valid") if status.ok else _("INVALID")
        click.echo(
            _("{field}: signed by {signer}: {verdict} ({summary})").format(
                field=status.name, signer=status.signer, verdict=verdict, summary=status.summary
            )
        )
    if not statuses:
        click.echo(_("no signature fields"))
    if not all(s.ok for s in statuses):
        sys.exit(int(ExitCode.CONVERSION))


_OUT_OPTION = click.option(
    "--out",
    "outputs",
    default="outputs",
    type=click.Path(path_type=Path),
    help="Folder with the drafts and the review state.",
)
_ARCHIVE_OPTION = click.option(
    "--archive",
    "archive_root",
    default="archiwum",
    type=click.Path(path_type=Path, file_okay=False),
    help="Archive folder (finals, manifest, registers).",
)


@cli.command("review")
@click.argument("inputs", default="inputs", type=click.Path(path_type=Path))
@_OUT_OPTION
@_ARCHIVE_OPTION
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Own templates."
)
@click.option(
    "--timeout", default=300.0, show_default=True, help="Seconds allowed for LibreOffice."
)
def review_command(
    inputs: Path, outputs: Path, archive_root: Path, templates: Path | None, timeout: float
) -> None:
    """Build every document as a draft ("PROJEKT") and a static HTML review page.

    \b
    Example:
      konwent review inputs --out outputs
    """
    page = review(ReviewOptions(inputs, outputs, archive_root, templates, timeout))
    click.echo(_("review page: {}").format(page))


@cli.command("approve")
@click.argument("documents", nargs=-1)
@_OUT_OPTION
@click.option("--by", "by", required=True, help='Who approves, e.g. --by "Małgorzata Żółkiewska".')
@click.option("--all", "everything", is_flag=True, help="Approve every current draft.")
def approve_command(documents: tuple[str, ...], outputs: Path, by: str, everything: bool) -> None:
    """Record the approval of drafts (by their id, as the review page shows it).

    \b
    Example:
      konwent approve 2026-06-12-zjazd/uchwala-sprawozdanie --by "Małgorzata Żółkiewska"
    """
    for approval in approve(outputs, list(documents), by, everything):
        click.echo(_("approved: {} ({})").format(approval.doc_id, approval.draft_sha256[:12]))


@cli.command("finalize")
@click.argument("inputs", default="inputs", type=click.Path(path_type=Path))
@_OUT_OPTION
@_ARCHIVE_OPTION
@click.option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help="Own templates."
)
@click.option(
    "--timeout", default=300.0, show_default=True, help="Seconds allowed for LibreOffice."
)
def finalize_command(
    inputs: Path, outputs: Path, archive_root: Path, templates: Path | None, timeout: float
) -> None:
    """Turn approved, unchanged drafts into numbered finals in the archive.

    \b
    Example:
      konwent finalize inputs --out outputs --archive archiwum
    """
    result = finalize(FinalizeOptions(inputs, outputs, archive_root, templates, timeout))
    for path in result.placed:
        click.echo(_("final: {}").format(archive_root / path))
    click.echo(
        _("{} finals written, {} already final").format(len(result.placed), len(result.unchanged))
    )


@cli.group("archive")
def archive_group() -> None:
    """Check the archive of finals.

    \b
    Example:
      konwent archive verify archiwum
    """


@archive_group.command("verify")
@click.argument(
    "archive_root", default="archiwum", type=click.Path(path_type=Path, file_okay=False)
)
def archive_verify_command(archive_root: Path) -> None:
    """Recompute every hash of the manifest; report missing, changed and unlisted files.

    \b
    Example:
      konwent archive verify archiwum
    """
    report = verify(archive_root)
    if not report.ok:
        raise ArchiveProblems(report.problems(archive_root))
    click.echo(_("archive intact: {} files verified").format(report.checked))


def main() -> None:
    activate()
    cli.main(prog_name="konwent", standalone_mode=True)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
