"""The evidence trail: sent with its channel, delivered once, viewed with address and agent, answers, reminders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from attribution.models import SignoffEvent
from attribution.services.reminders import signoff_reminders_send
from attribution.services.signoffs import signoff_requests_open_for_event
from attribution.services.trail import signoff_request_opened
from tests.attribution.factories import revision_published as publish


@pytest.fixture
def req(org):
    _, event = publish(org, org.marketing)
    return signoff_requests_open_for_event(event=event)[0]


def _kinds(req) -> list[str]:
    return list(SignoffEvent.objects.filter(request=req).order_by("at", "id").values_list("kind", flat=True))


def test_opening_a_request_sends_it_once_with_the_channel_and_the_publisher(org, req):
    sent = SignoffEvent.objects.get(request=req, kind="sent")
    assert sent.channel == "email" and sent.actor == org.lead and "Marketing" in sent.detail
    _, event = publish(org, org.marketing, insight=req.insight)
    signoff_requests_open_for_event(event=event)
    signoff_requests_open_for_event(event=event)  # a redelivered event writes nothing twice
    assert SignoffEvent.objects.filter(kind="sent").count() == 2


def test_delivered_is_the_first_opening_and_each_sign_page_shown_is_viewed(org, req):
    where = {"ip_address": "203.0.113.7", "user_agent": "Firefox"}
    signoff_request_opened(user=org.marketing_member, request=req, channel="email link", viewed=False, **where)
    signoff_request_opened(user=org.marketing_signatory, request=req, channel="page", viewed=True, **where)
    signoff_request_opened(user=org.marketing_signatory, request=req, channel="page", viewed=True, **where)
    assert _kinds(req) == ["sent", "delivered", "viewed", "viewed"]
    delivered = SignoffEvent.objects.get(request=req, kind="delivered")
    assert delivered.channel == "email link" and delivered.actor == org.marketing_member
    viewed = SignoffEvent.objects.filter(request=req, kind="viewed").first()
    assert (viewed.ip_address, viewed.user_agent) == ("203.0.113.7", "Firefox")


def test_people_outside_the_department_leave_no_trace(org, req):
    for reader in (org.lead, org.executive, org.sales_signatory):
        signoff_request_opened(user=reader, request=req, channel="page", viewed=True, ip_address=None, user_agent="")
    assert _kinds(req) == ["sent"]


def test_reminders_and_escalations_are_in_the_trail_with_their_recipients(org, req):
    signoff_reminders_send(now=timezone.now() + timedelta(days=30))
    reminded = SignoffEvent.objects.get(request=req, kind="reminded")
    escalated = SignoffEvent.objects.get(request=req, kind="escalated")
    assert org.marketing_signatory.email in reminded.detail and org.executive.email in escalated.detail
