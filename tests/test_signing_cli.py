"""Signing as a person does it at a terminal, and ``verify``'s three outcomes, each with its
code and its Polish words (real processes, real PDFs, poppler's ``pdfsig`` as a second opinion)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.cli import cli
from pipeline.signing import field_names, sign

pytestmark = pytest.mark.slow

CHAIR = "uchwala-1-2026__podpis_przewodniczacy"


def _read_until(fd: int, wanted: bytes, seen: bytearray, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in seen and time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            return
        if not chunk:
            return
        seen += chunk


def _run_at_a_terminal(args: list[str], typed: str) -> tuple[int, str]:
    """Run konwent with a terminal of its own; type ``typed`` once it asks for the password.
    Returns the exit code and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: konwent, its terminal the pty
        os.execv(sys.executable, [sys.executable, "-m", "pipeline", *args])
    seen = bytearray()
    _read_until(fd, b"Password", seen)
    _read_until(fd, b": ", seen, timeout=5)
    os.write(fd, typed.encode() + b"\n")
    _read_until(fd, b"\x00never", seen, timeout=120)  # until the child exits
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), seen.decode("utf-8", "replace")


def test_sign_asks_for_the_password_without_showing_it(packet, pki):
    args = ["--lang", "en", "sign", str(packet), "--field", CHAIR, "--p12", str(pki.signer_p12)]
    code, shown = _run_at_a_terminal(args, pki.password)
    assert code == 0, shown
    assert f"Password of {pki.signer_p12}" in shown
    assert pki.password not in shown  # typed, but not echoed
    assert f"signed {CHAIR}" in shown
    assert field_names(packet, signed=True) == [CHAIR]


def test_password_from_a_file_or_an_environment_variable(packet, pki, runner, tmp_path):
    secret = tmp_path / "haslo.txt"
    secret.write_text(pki.password + "\n", encoding="utf-8")
    base = ["sign", str(packet), "--p12", str(pki.signer_p12)]
    from_file = runner.invoke(cli, [*base, "--field", CHAIR, "--password-file", str(secret)])
    assert from_file.exit_code == 0, from_file.stderr
    clerk_field = "protokol-1-2026__podpis_przewodniczacy"
    from_env = runner.invoke(
        cli,
        [*base, "--field", clerk_field, "--password-env", "KONWENT_HASLO"],
        env={"KONWENT_HASLO": pki.password},
    )
    assert from_env.exit_code == 0, from_env.stderr
    assert sorted(field_names(packet, signed=True)) == sorted([CHAIR, clerk_field])
    unset = runner.invoke(cli, [*base, "--field", "aneks-1__podpis_przewodniczacy",
                                "--password-env", "NIE_MA_TAKIEJ"])  # fmt: skip
    assert unset.exit_code == 2 and "NIE_MA_TAKIEJ" in unset.stderr


def _verify(pdf: Path, *trust: Path) -> subprocess.CompletedProcess:
    options = [arg for root in trust for arg in ("--trust", str(root))]
    command = [sys.executable, "-m", "pipeline", "--lang", "pl", "verify", str(pdf), *options]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def test_verify_trusted_untrusted_and_changed(packet, pki):
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    trusted = _verify(packet, pki.ca_cert)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr
    line = f"{CHAIR}: podpisujący: Małgorzata Żółkiewska; podpis nienaruszony, certyfikat zaufany"
    assert line in trusted.stdout

    untrusted = _verify(packet)
    assert untrusted.returncode == 6 and untrusted.stderr == ""
    assert "podpis nienaruszony, ale certyfikat nie jest zaufany" in untrusted.stdout
    assert "--trust" in untrusted.stdout.splitlines()[-1]

    data = bytearray(packet.read_bytes())
    at = data.index(b"<?xpacket end")  # the XMP padding, inside the signed bytes
    data[at - 2] = ord("x")
    packet.write_bytes(bytes(data))
    changed = _verify(packet, pki.ca_cert)
    assert changed.returncode == 7
    assert "dokument ZMIENIONY po podpisaniu" in changed.stdout
    for output in (trusted.stdout, untrusted.stdout, changed.stdout):  # no pyHanko summary
        assert not {"INTACT", "UNTRUSTED", "UNTOUCHED", "INVALID"} & set(output.split())


def test_poppler_finds_the_signature_valid(packet, pki):
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    result = subprocess.run(["pdfsig", str(packet)], capture_output=True, text=True)
    assert "Signature is Valid" in result.stdout, result.stdout
    assert result.stdout.count("Signature is Valid") == 1
    assert "Małgorzata Żółkiewska" in result.stdout
