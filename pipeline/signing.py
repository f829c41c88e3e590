"""Signing a packet's field with PAdES (pyHanko) and listing/validating its signatures.

Signing is an incremental update: the bytes already signed stay untouched, so every other empty
field remains signable. The visible stamp uses an embedded TrueType font (PDF/A forbids others),
and the XMP/Info metadata stays consistent because pyHanko updates both.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from pyhanko import stamp as hanko_stamp
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields as hanko_fields
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from .errors import KonwentError
from .fsutil import atomic_path
from .i18n import _
from .signatory import common_name, names, signatories
from .stamp import FONT_DIRS, SANS_FILES

# fontTools reports every table it drops while subsetting the stamp font; not a user's concern.
logging.getLogger("fontTools").setLevel(logging.ERROR)
# pyHanko logs a stack trace for every untrusted chain; verify() reports the outcome itself.
logging.getLogger("pyhanko").setLevel(logging.CRITICAL)


class SigningError(KonwentError):
    """A field that does not exist or is already signed, a key that does not open."""


@dataclass(frozen=True)
class FieldStatus:
    name: str
    signed: bool
    signer: str = ""
    intact: bool | None = None  # the signed bytes are unchanged
    valid: bool | None = None  # the cryptographic signature checks out
    trusted: bool | None = None  # the signer's chain reaches a given trust root
    summary: str = ""

    @property
    def ok(self) -> bool:
        return not self.signed or bool(self.intact and self.valid and self.trusted)


class _InMemoryFont(GlyphAccumulatorFactory):
    """pyHanko's factory, reading the font into memory instead of leaving a file open."""

    def create_font_engine(self, writer, obj_stream=None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer=writer,
            font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _font_file() -> str:
    for folder in FONT_DIRS:
        for name in SANS_FILES:
            if (folder / name).is_file():
                return str(folder / name)
    raise SigningError(_("no Liberation Sans or DejaVu Sans font found; run the set-up"))


def _load_signer(p12: Path, password: str | None) -> signers.SimpleSigner:
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            pfx_file=str(p12), passphrase=password.encode() if password else None
        )
    except (OSError, ValueError) as exc:
        raise SigningError(_("{}: cannot open the key file: {}").format(p12, exc)) from None
    if signer is None:
        raise SigningError(_("{}: cannot open the key file (wrong password?)").format(p12))
    return signer


def field_names(pdf: Path, *, signed: bool | None = None) -> list[str]:
    """Names of the signature fields of ``pdf`` (only signed/empty ones when asked)."""
    with open(pdf, "rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        return [
            name for name, _v, _r in hanko_fields.enumerate_sig_fields(reader, filled_status=signed)
        ]


def check_field(pdf: Path, field: str) -> None:
    """Raise unless ``field`` is an empty signature field of ``pdf``; list the fields that are."""
    empty = field_names(pdf, signed=False)
    if field in empty:
        return
    signed = field_names(pdf, signed=True)
    if field in signed:
        raise SigningError(_("{}: field {} is already signed").format(pdf, field))
    if not empty and not signed:
        message = _("{}: no signature field {}; the PDF has no signature fields")
        raise SigningError(message.format(pdf, field))
    listed = [*empty, *(_("{} (signed)").format(name) for name in signed)]
    raise SigningError(
        _("{}: no signature field {}; the fields are: {}").format(pdf, field, ", ".join(listed))
    )


def check_signatory(pdf: Path, field: str, cert: asn1_x509.Certificate) -> str | None:
    """Why the holder of ``cert`` is not the person printed under ``field``; None when they are
    (or the field names nobody)."""
    printed = signatories(pdf).get(field)
    if printed is None or names(printed, cert):
        return None
    message = _("{pdf}: field {field} is for {printed}, but the certificate is {holder}'s")
    holder = common_name(cert) or cert.subject.human_friendly
    return message.format(pdf=pdf, field=field, printed=printed, holder=holder)


def sign(
    pdf: Path,
    field: str,
    p12: Path,
    password: str | None = None,
    target: Path | None = None,
    *,
    on_behalf: bool = False,
) -> Path:
    """Sign the empty ``field`` of ``pdf`` with PAdES into ``target`` (default: in place).

    The certificate must name the person printed under the field, unless ``on_behalf``: one
    person signs for another, knowingly."""
    check_field(pdf, field)
    signer = _load_signer(p12, password)
    mismatch = check_signatory(pdf, field, signer.signing_cert)
    if mismatch and not on_behalf:
        raise SigningError(mismatch + _("; to sign for that person, add --on-behalf"))
    style = hanko_stamp.TextStampStyle(
        stamp_text=_("Signed by: %(signer)s\nTime: %(ts)s"),
        text_box_style=TextBoxStyle(font=_InMemoryFont(_font_file())),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    target = target or pdf
    with atomic_path(target) as tmp, open(pdf, "rb") as source, open(tmp, "wb") as out:
        writer = IncrementalPdfFileWriter(source, strict=False)
        _align_producer(writer)
        pdf_signer = signers.PdfSigner(meta, signer=signer, stamp_style=style)
        pdf_signer.sign_pdf(writer, existing_fields_only=True, output=out)
    return target


def _align_producer(writer: IncrementalPdfFileWriter) -> None:
    """pyHanko writes its own name as the XMP producer but appends it to the Info producer;
    starting the Info entry from the same name keeps the two equal, as PDF/A requires."""
    try:
        info = writer.trailer["/Info"].get_object()
    except KeyError:
        return
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.update_container(info)


def _name(cert: asn1_x509.Certificate) -> str:
    return cert.subject.human_friendly


def _trust(trust: list[Path]) -> ValidationContext:
    from pyhanko.keys import load_cert_from_pemder

    roots = [load_cert_from_pemder(str(path)) for path in trust]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def verify(pdf: Path, trust: list[Path] | None = None) -> list[FieldStatus]:
    """Every signature field of ``pdf``: empty, or signed with its validation outcome."""
    statuses = []
    with open(pdf, "rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        signed = {sig.field_name: sig for sig in reader.embedded_signatures}
        for name, _value, _ref in hanko_fields.enumerate_sig_fields(reader):
            sig = signed.get(name)
            if sig is None:
                statuses.append(FieldStatus(name, signed=False))
                continue
            status = validate_pdf_signature(sig, _trust(list(trust or [])))
            statuses.append(
                FieldStatus(
                    name,
                    signed=True,
                    signer=common_name(status.signing_cert) or _name(status.signing_cert),
                    intact=status.intact,
                    valid=status.valid,
                    trusted=status.trusted,
                    summary=status.summary(),
                )
            )
    return statuses


@dataclass(frozen=True)
class Increment:
    """A signature appended to a PDF: the field, its signer, and the file's length it covers."""

    field: str
    signer: str
    size: int
    time: str


def _covered(sig) -> int:
    """Length of the file a signature covers (the end of its byte range)."""
    offsets = [int(x) for x in sig.byte_range]
    return offsets[2] + offsets[3]


def _increment(sig) -> Increment | None:
    # no trust roots: this checks the bytes and the signature, not who the signer is
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False))
    if not (status.intact and status.valid and status.docmdp_ok is not False):
        return None
    when = status.signer_reported_dt
    return Increment(
        field=sig.field_name,
        signer=_name(status.signing_cert),
        size=_covered(sig),
        time=when.isoformat() if when else "",
    )


def _revisions(data: bytes) -> int:
    return PdfFileReader(io.BytesIO(data), strict=False).xrefs.total_revisions


def increments_after(pdf: Path, size: int) -> list[Increment] | None:
    """The signatures appended to ``pdf`` after its first ``size`` bytes, oldest first; None
    unless every revision appended is one intact, valid signature (the last covering the whole
    file, nothing but form filling changed after each)."""
    data = pdf.read_bytes()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        appended = sorted(
            (s for s in reader.embedded_signatures if _covered(s) > size), key=_covered
        )
        first = _revisions(data[:size])
        expected = list(range(first, reader.xrefs.total_revisions))
        if not appended or [s.signed_revision for s in appended] != expected:
            return None  # a revision appended that is not a signature
        found = [_increment(s) for s in appended]
    except (PdfError, ValueError, KeyError, TypeError, IndexError):
        return None  # bytes pyHanko cannot read as signatures are no signature increment
    if None in found or found[-1].size != len(data):
        return None
    return [i for i in found if i is not None]
