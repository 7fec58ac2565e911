"""A sign-off record as a certificate: the words and times it shows, and its PDF, for the page and the API alike."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.template.loader import render_to_string

from attribution.models import SignoffRecord
from attribution.selectors.anchors import chain_anchor_latest

INFORMAL = "informal — not a signed agreement"


def certificate_context(record: SignoffRecord) -> dict:
    """What a certificate shows of `record`: its times in UTC and in the site's zone, and whether it is informal."""
    return {
        "record": record,
        "signed_at_utc": record.signed_at.astimezone(ZoneInfo("UTC")),
        "signed_at_local": record.signed_at.astimezone(ZoneInfo(settings.TIME_ZONE)),
        "time_zone": settings.TIME_ZONE,
        "informal": INFORMAL if record.kind == SignoffRecord.Kind.PINKY_SWEAR else "",
        "chain_length": SignoffRecord.objects.count(),
        "authentication": _authentication(record),
        "anchor": chain_anchor_latest(),
    }


def _authentication(record: SignoffRecord) -> str:
    """How the signer proved who they were, in words; empty for answers that are not signatures."""
    if record.kind != SignoffRecord.Kind.SIGNATURE:
        return ""
    if not record.authentication:
        return "Not recorded (signed before the method was recorded)"
    return f"{record.get_authentication_display()} ({record.authentication})"


def certificate_pdf_bytes(*, record: SignoffRecord) -> bytes:
    """The record's certificate as a PDF (WeasyPrint, imported here because it is slow to load)."""
    from weasyprint import HTML

    html = render_to_string("attribution/signoffs/certificate_pdf.html", certificate_context(record))
    return HTML(string=html).write_pdf()
