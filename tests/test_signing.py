"""Signing a packet's field (PAdES) leaves the other fields signable and the PDF/A claim intact."""

from __future__ import annotations

import pytest

from pipeline import pdfa
from pipeline.cli import cli
from pipeline.signatory import signatories
from pipeline.signing import SigningError, field_names, sign, verify
from tests.test_packet import pdffonts

pytestmark = pytest.mark.slow

CHAIR = "uchwala-1-2026__podpis_przewodniczacy"
CLERK = "protokol-1-2026__podpis_protokolant"


def test_signature_validates_and_leaves_the_other_fields_empty(packet, pki):
    before = set(field_names(packet))
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    statuses = {s.name: s for s in verify(packet, [pki.ca_cert])}
    assert set(statuses) == before
    chair = statuses.pop(CHAIR)
    assert chair.signed and chair.intact and chair.valid and chair.trusted
    assert "Małgorzata Żółkiewska" in chair.signer
    assert all(not s.signed for s in statuses.values())


def test_signed_packet_keeps_pdfa_and_embedded_fonts(packet, pki):
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    assert pdfa.check(packet) == []
    assert all(font["emb"] == "yes" for font in pdffonts(packet))


def test_second_signature_keeps_the_first_valid(packet, pki):
    empty_before = len(field_names(packet, signed=False))
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    sign(packet, CLERK, pki.clerk_p12, pki.password)  # "ANNA LECZYNSKA" for Anna Łęczyńska
    statuses = {s.name: s for s in verify(packet, [pki.ca_cert])}
    assert statuses[CHAIR].ok and statuses[CLERK].ok
    assert statuses[CHAIR].signed and statuses[CLERK].signed
    assert pdfa.check(packet) == []
    assert len(field_names(packet, signed=False)) == empty_before - 2


def test_without_trust_root_signature_is_intact_but_not_trusted(packet, pki):
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    chair = next(s for s in verify(packet) if s.name == CHAIR)
    assert chair.intact and chair.valid and not chair.trusted and not chair.ok


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("nie_ma_takiego", f"no signature field nie_ma_takiego; the fields are: .*{CLERK}"),
        (CHAIR, "already signed"),
    ],
    ids=["unknown-field", "signed-twice"],
)
def test_bad_field_is_refused(packet, pki, field, message):
    if message == "already signed":
        sign(packet, CHAIR, pki.signer_p12, pki.password)
    with pytest.raises(SigningError, match=message):
        sign(packet, field, pki.signer_p12, pki.password)


def test_wrong_field_lists_the_fields_signed_or_not(packet, pki, runner):
    sign(packet, CHAIR, pki.signer_p12, pki.password)
    args = ["--lang", "en", "sign", str(packet), "--field", "podpis_przewodniczacy"]
    result = runner.invoke(cli, [*args, "--p12", str(pki.signer_p12), "--password", pki.password])
    assert result.exit_code == 2
    listed = result.stderr.split("the fields are: ", 1)[1]
    assert f"{CLERK}," in listed and f"{CHAIR} (signed)" in listed
    assert len(listed.split(", ")) == len(field_names(packet))


def test_the_fields_name_the_people_printed_under_them(packet):
    people = signatories(packet)
    assert people[CHAIR] == "Małgorzata Żółkiewska" and people[CLERK] == "Anna Łęczyńska"
    assert set(people) == set(field_names(packet))


def test_a_certificate_for_another_person_is_refused(packet, pki, runner):
    args = ["--lang", "en", "sign", str(packet), "--field", CLERK, "--p12", str(pki.signer_p12)]
    refused = runner.invoke(cli, [*args, "--password", pki.password])
    assert refused.exit_code == 2
    assert f"field {CLERK} is for Anna Łęczyńska, but the certificate is Małgorzata" in (
        refused.stderr
    )
    assert "--on-behalf" in refused.stderr
    assert field_names(packet, signed=True) == []  # nothing was signed
    accepted = runner.invoke(cli, [*args, "--password", pki.password, "--on-behalf"])
    assert accepted.exit_code == 0, accepted.stderr
    assert field_names(packet, signed=True) == [CLERK]


def test_wrong_password_is_a_located_error(packet, pki, runner):
    result = runner.invoke(
        cli,
        ["sign", str(packet), "--field", CHAIR, "--p12", str(pki.signer_p12), "--password", "zle"],
    )
    assert result.exit_code == 2
    assert "konwent: error:" in result.stderr and "signer.p12" in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_cli_sign_then_verify_lists_fields(packet, pki, runner):
    signed = runner.invoke(
        cli,
        [
            "sign",
            str(packet),
            "--field",
            CHAIR,
            "--p12",
            str(pki.signer_p12),
            "--password",
            pki.password,
        ],
    )
    assert signed.exit_code == 0, signed.output
    checked = runner.invoke(cli, ["verify", str(packet), "--trust", str(pki.ca_cert)])
    assert checked.exit_code == 0, checked.output
    assert f"{CHAIR}: signed by Małgorzata Żółkiewska: intact, certificate trusted" in (
        checked.output
    )
    assert f"{CLERK}: empty" in checked.output


