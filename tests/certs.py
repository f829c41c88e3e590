"""Test-time PKI: a self-signed CA and a signer certificate in a PKCS#12 file (no downloads)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclass(frozen=True)
class TestPki:
    ca_cert: Path
    signer_p12: Path  # Małgorzata Żółkiewska, who chairs the bundled example's meeting
    password: str
    clerk_p12: Path  # "ANNA LECZYNSKA": its recorder, in capitals and without accents


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PL"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Konwent testowy"),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(subject, issuer, key, signing_key, *, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    return builder.sign(signing_key, hashes.SHA256())


def _p12(path: Path, common: str, ca, ca_key, password: str) -> Path:
    """A PKCS#12 file with a new key and its certificate for ``common``, issued by ``ca``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = _cert(_name(common), ca.subject, key, ca_key, ca=False)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            key,
            cert,
            [ca],
            serialization.BestAvailableEncryption(password.encode()),
        )
    )
    return path


def make_pki(folder: Path, password: str = "tajne-hasło") -> TestPki:
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = _cert(_name("Test CA"), _name("Test CA"), ca_key, ca_key, ca=True)
    ca_path = folder / "ca.pem"
    ca_path.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    chair = _p12(folder / "signer.p12", "Małgorzata Żółkiewska", ca, ca_key, password)
    clerk = _p12(folder / "clerk.p12", "ANNA LECZYNSKA", ca, ca_key, password)
    return TestPki(ca_path, chair, password, clerk)
