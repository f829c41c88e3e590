"""The command line of drafts, approvals and the archive: ``review``, ``approve``, ``finalize``,
``archive verify`` and ``archive record``, registered on konwent's group by ``cli.py``. Each
parses its options, calls one step and prints the result; errors rise as ``KonwentError`` to
that group, which prints them and sets the exit code."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_i18n import KonwentCommand, TranslatedGroup, argument, option
from .errors import ArchiveProblems, ExitCode
from .i18n import N_, _

_OUT_OPTION = option(
    "--out",
    "outputs",
    default="outputs",
    type=click.Path(path_type=Path),
    help=N_("Folder with the drafts and the review state."),
)
_ARCHIVE_OPTION = option(
    "--archive",
    "archive_root",
    default="archiwum",
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Archive folder (finals, manifest, registers)."),
)
_TEMPLATES_OPTION = option(
    "--templates", type=click.Path(path_type=Path, file_okay=False), help=N_("Own templates.")
)
_TIMEOUT_OPTION = option(
    "--timeout", default=300.0, help=N_("Seconds allowed for LibreOffice.")
)


@click.command(
    "review",
    cls=KonwentCommand,
    epilog="konwent review inputs --out outputs\nkonwent review --only 2026-06-12-zjazd",
)
@argument("inputs", default="inputs", type=click.Path(path_type=Path))
@_OUT_OPTION
@option(
    "--archive",
    "archive_root",
    default=None,
    type=click.Path(path_type=Path, file_okay=False),
    help=N_("Archive folder; by default the one finalize linked the outputs to."),
)
@_TEMPLATES_OPTION
@_TIMEOUT_OPTION
@option(
    "--only",
    multiple=True,
    help=N_("Only this meeting, group or document (its folder name or id); may be repeated."),
)
@option("--with-final", is_flag=True, help=N_("Also show documents that are already final."))
@option("--strict", is_flag=True, help=N_("Exit with 1 when there are warnings (and no errors)."))
@click.pass_context
def review_command(
    ctx: click.Context,
    inputs: Path,
    outputs: Path,
    archive_root: Path | None,
    templates: Path | None,
    timeout: float,
    only: tuple[str, ...],
    with_final: bool,
    strict: bool,
) -> None:
    """Build the drafts ("PROJEKT") and one review file to send to the chair."""
    from .review import ReviewOptions, review  # each command loads only what it runs

    result = review(
        ReviewOptions(inputs, outputs, archive_root, templates, timeout, only, with_final)
    )
    label = _("warning")
    for finding in result.findings:
        click.echo(f"konwent: {label}: {finding.format()}", err=True)
    for view in result.summary.attention:
        click.echo(_("needs attention: {}").format(view.record.doc_id))
    click.echo(_("review {id}: {summary}").format(id=result.review_id,
                                                  summary=result.summary.line()))  # fmt: skip
    click.echo(_("review file: {}").format(result.page))
    if strict and result.findings:
        ctx.exit(int(ExitCode.WARNINGS))


@click.command(
    "approve",
    cls=KonwentCommand,
    epilog='konwent approve --review 20261201-074512-a3f0 --by "Małgorzata Żółkiewska"\n'
    'konwent approve 2026-06-12-zjazd/uchwala-sprawozdanie --by "Małgorzata Żółkiewska"',
)
@argument("documents", nargs=-1)
@_OUT_OPTION
@option("--by", "by", required=True, help=N_('Who approves, e.g. --by "Małgorzata Żółkiewska".'))
@option("--all", "everything", is_flag=True, help=N_("Approve every current draft."))
@option(
    "--review",
    "review_id",
    help=N_("Approve exactly the drafts of this review file (its id); refuse any rebuilt since."),
)
def approve_command(
    documents: tuple[str, ...], outputs: Path, by: str, everything: bool, review_id: str | None
) -> None:
    """Record the approval of drafts (by their id, as the review file shows it)."""
    from .approvals import approve

    for approval in approve(outputs, list(documents), by, everything, review_id):
        click.echo(_("approved: {} ({})").format(approval.doc_id, approval.draft_sha256[:12]))


@click.command(
    "finalize",
    cls=KonwentCommand,
    epilog="konwent finalize inputs --out outputs --archive archiwum",
)
@argument("inputs", default="inputs", type=click.Path(path_type=Path))
@_OUT_OPTION
@_ARCHIVE_OPTION
@_TEMPLATES_OPTION
@_TIMEOUT_OPTION
def finalize_command(
    inputs: Path, outputs: Path, archive_root: Path, templates: Path | None, timeout: float
) -> None:
    """Turn approved, unchanged drafts into numbered finals in the archive."""
    from .approvals import FinalizeOptions, finalize

    result = finalize(FinalizeOptions(inputs, outputs, archive_root, templates, timeout))
    for path in result.placed:
        click.echo(_("final: {}").format(archive_root / path))
    click.echo(
        _("{} finals written, {} already final").format(len(result.placed), len(result.unchanged))
    )


@click.group("archive", cls=TranslatedGroup, epilog="konwent archive verify archiwum")
def archive_group() -> None:
    """Check the archive of finals; record signatures made outside konwent."""


@archive_group.command("verify", epilog="konwent archive verify archiwum")
@argument("archive_root", default="archiwum", type=click.Path(path_type=Path, file_okay=False))
def archive_verify_command(archive_root: Path) -> None:
    """Recompute every hash of the manifest; report missing, changed and unlisted files."""
    from .archive import verify

    report = verify(archive_root)
    if not report.ok:
        raise ArchiveProblems(report.problems(archive_root))
    click.echo(_("archive intact: {} files verified").format(report.checked))


@archive_group.command(
    "record", epilog="konwent archive record archiwum/2026/2026-06-12-zjazd/protokol-1-2026.pdf"
)
@argument("pdfs", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
def archive_record_command(pdfs: tuple[Path, ...]) -> None:
    """Record signatures made outside konwent on archived finals; refuse any other change."""
    from .archive_signing import record_file, signatory_warnings

    for pdf in pdfs:
        added = record_file(pdf)
        label = _("warning")
        for warning in signatory_warnings(pdf, added):
            click.echo(f"konwent: {label}: " + warning, err=True)
        fields = ", ".join(s["field"] for s in added) or _("nothing new")
        click.echo(_("{pdf}: recorded {fields}").format(pdf=pdf, fields=fields))


ARCHIVE_COMMANDS: tuple[click.Command, ...] = (
    review_command,
    approve_command,
    finalize_command,
    archive_group,
)
