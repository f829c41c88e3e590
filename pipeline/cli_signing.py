"""The command line of signing: ``sign`` and ``verify``, registered on konwent's group by
``cli.py``. The key's password is asked for with hidden input, or read from a file or an
environment variable for scripts; ``verify`` says in words which outcome holds, each with its
own exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .cli_i18n import KonwentCommand, argument, option
from .errors import ExitCode, InputError, Problem
from .i18n import N_, _


def _read_password_file(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        message = _("cannot read the password: {}").format(exc)
        raise InputError([Problem(str(path), "", message)]) from None
    return lines[0] if lines else ""


def password_for(
    p12: Path, password: str | None, password_file: Path | None, password_env: str | None
) -> str:
    """The key's password: given, read from a file (its first line) or an environment
    variable, or else asked for at the terminal without showing what is typed."""
    if password is not None:
        return password
    if password_file is not None:
        return _read_password_file(password_file)
    if password_env:
        if password_env not in os.environ:
            message = _("the environment variable {} is not set").format(password_env)
            raise InputError([Problem("--password-env", "", message)])
        return os.environ[password_env]
    prompt = _("Password of {}").format(p12)
    return click.prompt(prompt, hide_input=True, default="", show_default=False, err=True)


@click.command(
    "sign",
    cls=KonwentCommand,
    epilog="konwent sign pakiet.pdf --field uchwala-1-2026__podpis_przewodniczacy --p12 ja.p12",
)
@argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@option("--field", "field_name", required=True, help=N_("Name of the empty signature field."))
@option(
    "--p12",
    required=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=N_("PKCS#12 file with the signer's key and certificate."),
)
@option(
    "--password-file",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=N_("Read the password from the first line of this file (for scripts)."),
)
@option(
    "--password-env",
    help=N_("Read the password from this environment variable (for scripts)."),
)
@option(
    "--password",
    default=None,
    help=N_("The password itself; it stays in the shell's history, prefer being asked."),
)
@option(
    "--on-behalf",
    is_flag=True,
    help=N_("Sign a field printed for another person (one person signs for another)."),
)
@option(
    "--out",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Write the signed PDF here (default: sign in place)."),
)
def sign_command(
    pdf: Path,
    field_name: str,
    p12: Path,
    password_file: Path | None,
    password_env: str | None,
    password: str | None,
    on_behalf: bool,
    target: Path | None,
) -> None:
    """Sign one empty signature field of a PDF (PAdES); a final in an archive is recorded.

    Without a password option the password is asked for; what is typed is not shown. The
    certificate must name the person printed under the field, unless --on-behalf.
    """
    from .archive_signing import find_archived, sign_archived
    from .signing import check_field, sign

    check_field(pdf, field_name)  # a wrong field is told before the password is asked for
    secret = password_for(p12, password, password_file, password_env)
    archived = None if target else find_archived(pdf)
    if archived:  # a final in an archive: signed in place, the new state recorded
        sign_archived(*archived, field_name, p12, secret, on_behalf=on_behalf)
        message = _("signed {field} in {pdf}; recorded in {manifest}")
        manifest = archived[0] / "manifest.json"
        click.echo(message.format(field=field_name, pdf=pdf, manifest=manifest))
        return
    signed = sign(pdf, field_name, p12, secret, target, on_behalf=on_behalf)
    click.echo(_("signed {field} in {pdf}").format(field=field_name, pdf=signed))


@click.command("verify", cls=KonwentCommand, epilog="konwent verify pakiet.pdf --trust ca.pem")
@argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@option(
    "--trust",
    multiple=True,
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help=N_("A trusted root certificate (PEM or DER); repeat for several."),
)
def verify_command(pdf: Path, trust: tuple[Path, ...]) -> None:
    """List the signature fields of a PDF and validate each signature.

    Exit code 0: every signature intact and trusted; 6: a signature is intact, but its
    certificate is not trusted; 7: the document was changed after signing.
    """
    from .signing import verify

    statuses = verify(pdf, list(trust))
    outcomes = [verify_outcome(s) for s in statuses]
    for status, outcome in zip(statuses, outcomes, strict=True):
        click.echo(_describe(status, outcome))
    if not statuses:
        click.echo(_("no signature fields"))
    if ExitCode.SIGNATURE_UNTRUSTED in outcomes:
        click.echo(_(_TRUST_HINT))
    sys.exit(int(ExitCode.most_severe(outcomes)))


_TRUST_HINT = N_(
    "To trust a certificate, give the root certificate of its issuer: "
    "konwent verify FILE --trust root.pem (repeat --trust for several)."
)


def _describe(status, outcome: ExitCode) -> str:
    if not status.signed:
        return _("{field}: empty").format(field=status.name)
    verdicts = {
        ExitCode.OK: N_("intact, certificate trusted"),
        ExitCode.SIGNATURE_UNTRUSTED: N_("intact, but the certificate is not trusted"),
        ExitCode.SIGNATURE_CHANGED: N_("CHANGED after signing, or the signature is invalid"),
    }
    return _("{field}: signed by {signer}: {verdict}").format(
        field=status.name, signer=status.signer, verdict=_(verdicts[outcome])
    )


def verify_outcome(status) -> ExitCode:
    """One field's outcome: fine, intact but not trusted, or changed after signing."""
    if not status.signed or status.ok:
        return ExitCode.OK
    if status.intact and status.valid:
        return ExitCode.SIGNATURE_UNTRUSTED
    return ExitCode.SIGNATURE_CHANGED


SIGNING_COMMANDS: tuple[click.Command, ...] = (sign_command, verify_command)
