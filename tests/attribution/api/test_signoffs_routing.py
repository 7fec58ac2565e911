"""The reason an insight was routed to a department, typed on the insight form, is what its signatories read on the
sign page and in the request API, frozen in the revision: a changed reason is a new revision with a new hash."""

import re

from django.test import Client

from attribution.services.signoffs import signoff_requests_open_for_event
from core.models import OutboxEvent
from insights.models import Insight
from insights.services.insights import insight_publish
from tests.insights.factories import ContactFactory


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _published_request(org, insight):
    insight_publish(insight=insight, publisher=org.lead)
    event = OutboxEvent.objects.filter(kind="insight.published", insight=insight).latest("pk")
    return next(r for r in signoff_requests_open_for_event(event=event) if r.department == org.marketing)


def _shown_reason(page: str) -> str:
    match = re.search(r'<dd id="shown-routing-reason">(.*?)</dd>', page, re.S)
    assert match, page[:2000]
    return match.group(1).strip()


def test_the_reason_typed_at_routing_is_shown_to_the_signatory_and_a_new_one_moves_the_hash(org, api_as):
    contact = ContactFactory(evidence=True)
    response = _logged_in(org.analyst).post(
        "/insights/new/",
        {
            "title": "Customers cancel after the second price rise",
            "category": "customer_experience",
            "estimated_value": "250000",
            "value_assumptions": "1,000 cancellations × 250 average annual revenue.",
            "departments": ["marketing", "sales"],
            "reason_marketing": "Your spring campaign announced the rise; 40% of callers quote it.",
            "evidence": [contact.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    insight = Insight.objects.get()
    req = _published_request(org, insight)
    signatory = org.marketing_signatory
    body = api_as(signatory).get(f"/api/signoff-requests/{req.pk}/").json()
    assert body["shown"]["routing_reason"] == "Your spring campaign announced the rise; 40% of callers quote it."
    page = _logged_in(signatory).get(f"/signoffs/requests/{req.pk}/").content.decode()
    assert _shown_reason(page) == "Your spring campaign announced the rise; 40% of callers quote it."

    # Only the reason changes: Sales stays routed (keeping its empty reason), nothing else is touched.
    routing = [
        {"department": "marketing", "reason": "Changed: the rise was in the renewal letter."},
        {"department": "sales"},
    ]
    assert (
        api_as(org.analyst).patch(f"/api/insights/{insight.pk}/", {"routing": routing}, format="json").status_code
        == 200
    )
    newer = _published_request(org, insight)
    again = api_as(signatory).get(f"/api/signoff-requests/{newer.pk}/").json()
    assert again["shown"]["routing_reason"] == "Changed: the rise was in the renewal letter."
    assert again["content_hash"] != body["content_hash"]
    assert _shown_reason(_logged_in(signatory).get(f"/signoffs/requests/{newer.pk}/").content.decode()) == (
        "Changed: the rise was in the renewal letter."
    )


def test_a_department_routed_without_a_reason_is_told_none_was_recorded(org, api_as):
    contact = ContactFactory(evidence=True)
    response = _logged_in(org.analyst).post(
        "/insights/new/",
        {
            "title": "Customers cancel after the second price rise",
            "category": "customer_experience",
            "estimated_value": "250000",
            "value_assumptions": "Guess.",
            "departments": ["marketing"],
            "evidence": [contact.pk],
        },
    )
    assert response.status_code == 302
    req = _published_request(org, Insight.objects.get())
    assert (
        api_as(org.marketing_signatory).get(f"/api/signoff-requests/{req.pk}/").json()["shown"]["routing_reason"] == ""
    )
    page = _logged_in(org.marketing_signatory).get(f"/signoffs/requests/{req.pk}/").content.decode()
    assert _shown_reason(page) == "No reason was recorded when it was routed."
