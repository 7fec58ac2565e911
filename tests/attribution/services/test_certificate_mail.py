"""Whoever answers gets a copy of the certificate by e-mail, once the answer is committed."""

from django.core import mail

from attribution.services.signoffs import signoff_decline, signoff_requests_open_for_event
from tests.attribution.factories import revision_published as publish


def test_the_decliner_is_emailed_the_decline_record_as_a_pdf(org, django_capture_on_commit_callbacks):
    _, event = publish(org, org.marketing)
    request = signoff_requests_open_for_event(event=event)[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record = signoff_decline(user=org.marketing_signatory, request_id=request.pk, reason="Not ours")
    copies = [m for m in mail.outbox if m.to == [org.marketing_signatory.email]]
    assert len(copies) == 1 and copies[0].subject.startswith("Decline record: ")
    ((name, content, mimetype),) = copies[0].attachments
    assert name == f"signoff-{record.sequence}.pdf" and mimetype == "application/pdf" and content.startswith(b"%PDF")
