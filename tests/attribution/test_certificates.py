"""Every certificate, on the page and in the PDF, prints the sign-off chain's latest anchor."""

from io import BytesIO

import pytest
from django.template.loader import render_to_string

from attribution.certificates import certificate_context, certificate_pdf_bytes
from attribution.services.anchors import chain_anchor_write
from core.devstack import signing_pair
from tests.attribution.factories import SignoffRecordFactory


def test_the_certificate_page_and_pdf_print_the_latest_anchor(org, client):
    record = SignoffRecordFactory()
    client.force_login(org.lead)
    page = client.get(f"/signoffs/records/{record.pk}/").content.decode()
    assert "No chain anchor has been written yet." in page
    anchor = chain_anchor_write()
    page = client.get(f"/signoffs/records/{record.pk}/").content.decode()
    when = f"{anchor.created_at.day} {anchor.created_at:%b %Y, %H:%M:%S}"
    assert f"record #{anchor.sequence}" in page and anchor.record_hash in page and f"{when} UTC" in page
    pdf_html = render_to_string("attribution/signoffs/certificate_pdf.html", certificate_context(record))
    assert f"record #{anchor.sequence}" in pdf_html and anchor.record_hash in pdf_html and f"{when} UTC" in pdf_html
    assert certificate_pdf_bytes(record=record).startswith(b"%PDF")


@pytest.fixture
def sealing(settings, tmp_path):
    """A self-signed key and certificate, made as `make demo` makes them, configured for this test."""
    key, cert = signing_pair(tmp_path / "signing", name="Center Stage test")
    settings.SIGNING_KEY_PATH, settings.SIGNING_CERT_PATH = str(key), str(cert)
    return cert


def _validation(pdf: bytes, cert_path):
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, _, der = pem.unarmor(cert_path.read_bytes())
    trusted = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    signature = PdfFileReader(BytesIO(pdf)).embedded_signatures[0]
    return signature, validate_pdf_signature(signature, trusted)


def test_the_certificate_pdf_is_sealed_and_its_signature_validates(org, sealing):
    record = SignoffRecordFactory()
    pdf = certificate_pdf_bytes(record=record)
    signature, status = _validation(pdf, sealing)
    assert status.intact and status.valid and status.trusted
    assert signature.field_name == "CenterStageSeal"


def test_changing_one_byte_of_the_signed_range_breaks_the_seal(org, sealing):
    pdf = bytearray(certificate_pdf_bytes(record=SignoffRecordFactory()))
    signature, _ = _validation(bytes(pdf), sealing)
    start, length = signature.byte_range[0], signature.byte_range[1]
    position = start + length // 2  # a byte inside the first signed range (the certificate's own content)
    pdf[position] = (pdf[position] + 1) % 256
    try:
        _, status = _validation(bytes(pdf), sealing)
    except Exception:  # noqa: BLE001 - a PDF damaged beyond reading is a broken seal too
        return
    assert not (status.intact and status.valid)


def test_without_a_key_the_pdf_is_unsigned_and_says_so(org, settings):
    settings.SIGNING_KEY_PATH = settings.SIGNING_CERT_PATH = ""
    record = SignoffRecordFactory()
    html = render_to_string("attribution/signoffs/certificate_pdf.html", certificate_context(record))
    assert "Not digitally signed: this service has no signing key configured" in html
    assert b"/ByteRange" not in certificate_pdf_bytes(record=record)


@pytest.mark.parametrize(
    ("kind", "title", "credit"),
    [
        ("signature", "Signature certificate", True),
        ("decline", "Decline record", False),
        ("pinky_swear", "Informal acknowledgement (not a signed agreement)", True),
    ],
)
def test_each_kind_of_answer_has_its_own_certificate(org, client, kind, title, credit):
    record = SignoffRecordFactory(kind=kind)
    client.force_login(org.lead)
    page = client.get(f"/signoffs/records/{record.pk}/").content.decode()
    assert f"<h1>{title}</h1>" in page and "Certificate of completion" not in page
    assert ("Center credit share" in page) is credit
    if kind == "decline":
        assert "Reason for declining" in page and "We disagree." in page
    assert "Sender" in page and record.revision.published_by.email in page
    assert 'id="trail"' in page and "UTC" in page
