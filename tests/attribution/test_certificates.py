"""Every certificate, on the page and in the PDF, prints the sign-off chain's latest anchor."""

from django.template.loader import render_to_string

from attribution.certificates import certificate_context, certificate_pdf_bytes
from attribution.services.anchors import chain_anchor_write
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
