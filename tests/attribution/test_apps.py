"""Publishing opens sign-off requests through the outbox, and the insight's page shows each answer."""

from django.test import Client

from attribution.models import SignoffRequest
from insights.services.insights import insight_publish
from tests.insights.factories import ContactFactory, InsightFactory


def test_publishing_opens_requests_and_the_detail_page_shows_their_state(org, django_capture_on_commit_callbacks):
    insight = InsightFactory(
        created_by=org.analyst, departments=[org.marketing, org.sales], evidence=[ContactFactory(evidence=True)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        insight_publish(insight=insight, publisher=org.lead)
    requests = SignoffRequest.objects.filter(insight=insight)
    assert sorted(r.department.slug for r in requests) == ["marketing", "sales"]
    assert {r.status for r in requests} == {"pending"}
    client = Client()
    client.force_login(org.lead)
    page = client.get(f"/insights/{insight.pk}/").content.decode()
    assert page.count("Awaiting signature") == 2


def test_the_insight_page_offers_review_and_sign_to_a_signatory_with_an_open_request_only(
    org, django_capture_on_commit_callbacks
):
    insight = InsightFactory(
        created_by=org.analyst, departments=[org.marketing], evidence=[ContactFactory(evidence=True)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        insight_publish(insight=insight, publisher=org.lead)
    request = SignoffRequest.objects.get(insight=insight)
    link = f'href="/signoffs/requests/{request.pk}/">Review and sign</a>'
    client = Client()
    client.force_login(org.marketing_signatory)
    assert link in client.get(f"/insights/{insight.pk}/").content.decode()
    for reader in (org.marketing_member, org.lead, org.executive):
        client.force_login(reader)
        assert "Review and sign" not in client.get(f"/insights/{insight.pk}/").content.decode()
