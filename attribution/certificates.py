"""A sign-off record as a certificate: its kind, the words and times it shows, its evidence trail, and its PDF —
digitally signed by the service (PAdES, pyHanko) when a key is configured — for the page, the API and e-mail.

With no `SIGNING_KEY_PATH`/`SIGNING_CERT_PATH` the PDF is served unsigned and says so on its face, so a reader
never mistakes it for a sealed one; `make demo` generates a self-signed pair under `.devstack/`.
"""

from io import BytesIO
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string

from attribution.models import SignoffRecord
from attribution.selectors.anchors import chain_anchor_latest
from attribution.selectors.signoffs import signoff_trail

INFORMAL = "informal — not a signed agreement"
TITLES = {
    SignoffRecord.Kind.SIGNATURE: "Signature certificate",
    SignoffRecord.Kind.DECLINE: "Decline record",
    SignoffRecord.Kind.PINKY_SWEAR: "Informal acknowledgement (not a signed agreement)",
}
SIGNATURE_FIELD = "CenterStageSeal"


def pdf_signing_configured() -> bool:
    """Whether the service has a key and certificate to seal certificate PDFs with."""
    key, cert = settings.SIGNING_KEY_PATH, settings.SIGNING_CERT_PATH
    return bool(key and cert and Path(key).is_file() and Path(cert).is_file())


def certificate_context(record: SignoffRecord) -> dict:
    """What a certificate shows of `record`: its kind's title, times in UTC and in the site's zone, who sent the
    insight, how the signer proved who they were, the trail up to the answer, and the chain's latest anchor."""
    zone = ZoneInfo(settings.TIME_ZONE)
    revision = record.revision
    return {
        "record": record,
        "title": TITLES[record.kind],
        "is_signature": record.kind == SignoffRecord.Kind.SIGNATURE,
        "is_decline": record.kind == SignoffRecord.Kind.DECLINE,
        "signed_at_utc": record.signed_at.astimezone(ZoneInfo("UTC")),
        "signed_at_local": record.signed_at.astimezone(zone),
        "time_zone": settings.TIME_ZONE,
        "informal": INFORMAL if record.kind == SignoffRecord.Kind.PINKY_SWEAR else "",
        "sender": revision.published_by,
        "sent_at_utc": revision.published_at.astimezone(ZoneInfo("UTC")),
        "sent_at_local": revision.published_at.astimezone(zone),
        "trail": list(signoff_trail(request=record.request, until=record.signed_at)),
        "chain_length": SignoffRecord.objects.count(),
        "authentication": _authentication(record),
        "anchor": chain_anchor_latest(),
        "pdf_sealed": pdf_signing_configured(),
    }


def _authentication(record: SignoffRecord) -> str:
    """How the signer proved who they were, in words; empty for answers that are not signatures."""
    if record.kind != SignoffRecord.Kind.SIGNATURE:
        return ""
    if not record.authentication:
        return "Not recorded (signed before the method was recorded)"
    return f"{record.get_authentication_display()} ({record.authentication})"


def certificate_pdf_bytes(*, record: SignoffRecord) -> bytes:
    """The record's certificate as a PDF (WeasyPrint, imported here because it is slow to load), sealed with
    the service's key when one is configured."""
    from weasyprint import HTML

    context = certificate_context(record)
    pdf = HTML(string=render_to_string("attribution/signoffs/certificate_pdf.html", context)).write_pdf()
    if not context["pdf_sealed"]:
        return pdf
    return pdf_seal(pdf, reason=f"{context['title']} #{record.sequence}: issued by Center Stage")


def pdf_seal(pdf: bytes, *, reason: str) -> bytes:
    """Sign `pdf` (PAdES baseline, SHA-256) with SIGNING_KEY_PATH/SIGNING_CERT_PATH, so any PDF reader shows
    whether it was changed after it left the service."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load(settings.SIGNING_KEY_PATH, settings.SIGNING_CERT_PATH)
    if signer is None:
        raise RuntimeError("SIGNING_KEY_PATH / SIGNING_CERT_PATH could not be read as a key and its certificate")
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=settings.SITE_URL,
    )
    out = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), metadata, signer=signer)
    return out.getvalue()
