"""The seed's ladder: a decline reaches the sponsor and the center's leads with its reason; a pinky swear is still
possible after it, and leaves the request open for a formal signature."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Role
from attribution.models import SignoffEvent, SignoffRecord, SignoffRequest, SignoffStatus
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import (
    signoff_decline,
    signoff_pinky_swear,
    signoff_requests_open_for_event,
    signoff_sign,
)
from tests.accounts.factories import TEST_PASSWORD, UserFactory
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _decline(org, req, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return signoff_decline(user=org.marketing_signatory, request_id=req.pk, reason="Renewal letters are Sales'.")


def test_a_decline_emails_the_executive_sponsor_and_the_center_lead_with_the_reason(
    org, req, django_capture_on_commit_callbacks
):
    _decline(org, req, django_capture_on_commit_callbacks)
    told = [m for m in mail.outbox if "Marketing declined" in m.subject]
    assert sorted(address for message in told for address in message.to) == sorted(
        [org.executive.email, org.lead.email]
    )
    assert all("Renewal letters are Sales'." in m.body for m in told)
    escalated = SignoffEvent.objects.get(request=req, kind=SignoffEvent.Kind.ESCALATED)
    assert org.executive.email in escalated.detail and "executive sponsor and the center lead" in escalated.detail


def test_a_pinky_swear_after_a_decline_is_accepted_and_the_request_stays_open_for_signature(
    org, req, django_capture_on_commit_callbacks
):
    _decline(org, req, django_capture_on_commit_callbacks)
    signoff_pinky_swear(user=org.marketing_member, request_id=req.pk, content_hash=req.revision.content_hash)
    req.refresh_from_db()
    assert req.status == SignoffStatus.PINKY_SWORN
    terms = credit_agreement_for_signing(department=req.department)
    record = signoff_sign(
        user=org.marketing_signatory,
        request_id=req.pk,
        typed_name=org.marketing_signatory.full_name,
        consent=True,
        content_hash=req.revision.content_hash,
        terms_hash=terms.terms_hash,
        password=TEST_PASSWORD,
    )
    assert record.kind == SignoffRecord.Kind.SIGNATURE
    assert SignoffRequest.objects.get(pk=req.pk).status == SignoffStatus.SIGNED
    kinds = list(SignoffEvent.objects.filter(request=req).values_list("kind", flat=True))
    assert kinds == ["sent", "declined", "escalated", "pinky_sworn", "signed"]


def test_a_second_decline_is_refused_naming_the_request(org, req, django_capture_on_commit_callbacks):
    _decline(org, req, django_capture_on_commit_callbacks)
    signoff_pinky_swear(user=org.marketing_member, request_id=req.pk, content_hash=req.revision.content_hash)
    another_signatory = UserFactory(role=Role.SIGNATORY, role__department=org.marketing)
    with pytest.raises(ValidationError) as refused:
        signoff_decline(user=another_signatory, request_id=req.pk, reason="Again")
    assert "request" in refused.value.message_dict
