"""The list: filters, full-text search, ordering, and a constant number of queries as data grows."""

from decimal import Decimal

import pytest
from django.utils import timezone

from insights.models import Contact, Insight, InsightEvidence, InsightRevision, InsightStatus
from insights.services.insights import insight_publish
from tests.insights.factories import ContactFactory, InsightFactory


def test_filters_by_status_department_and_category(org, api_as):
    a = InsightFactory(created_by=org.analyst, departments=[org.marketing], evidence=[ContactFactory(evidence=True)])
    b = InsightFactory(
        created_by=org.analyst,
        departments=[org.sales],
        evidence=[ContactFactory(evidence=True)],
        category="risk_avoidance",
    )
    insight_publish(insight=a, publisher=org.lead)
    client = api_as(org.lead)

    def ids(query):
        response = client.get(f"/api/insights/?{query}")
        assert response.status_code == 200, response.json()
        return [r["id"] for r in response.json()["results"]]

    assert ids("status=published") == [a.pk]
    assert ids("status=draft") == [b.pk]
    assert ids("department=sales") == [b.pk]
    assert ids("category=risk_avoidance") == [b.pk]
    assert client.get("/api/insights/?status=lost").status_code == 400
    assert "ordering" in client.get("/api/insights/?ordering=password").json()


def test_full_text_search_matches_words_in_title_and_summary(org, api_as):
    refunds = InsightFactory(created_by=org.analyst, title="Refunds take three weeks", summary="Customers wait.")
    InsightFactory(created_by=org.analyst, title="Login fails on tablets", summary="The app crashes.")
    client = api_as(org.analyst)
    assert [r["id"] for r in client.get("/api/insights/?q=refund").json()["results"]] == [refunds.pk]
    assert [r["id"] for r in client.get("/api/insights/?q=waiting customers").json()["results"]] == [refunds.pk]


def test_ordering_by_value_puts_the_biggest_first_and_missing_values_last(org, api_as):
    small = InsightFactory(created_by=org.analyst, estimated_value=Decimal("10.00"))
    big = InsightFactory(created_by=org.analyst, estimated_value=Decimal("90000.00"))
    unknown = InsightFactory(created_by=org.analyst, estimated_value=None)
    rows = api_as(org.analyst).get("/api/insights/?ordering=-estimated_value").json()["results"]
    assert [r["id"] for r in rows] == [big.pk, small.pk, unknown.pk]


def _bulk_insights(org, n: int) -> None:
    """n insights, half published (with revisions routed to Marketing), each with two evidence links."""
    now = timezone.now()
    contacts = Contact.objects.bulk_create(
        Contact(source="bulk", external_id=str(i), channel="call", started_at=now, reason_code="x") for i in range(4)
    )
    insights = Insight.objects.bulk_create(
        Insight(
            title=f"Insight {i}",
            summary="Summary",
            category="efficiency",
            estimated_value=Decimal(i),
            created_by=org.analyst,
            status=InsightStatus.PUBLISHED if i % 2 else InsightStatus.DRAFT,
        )
        for i in range(n)
    )
    Insight.departments.through.objects.bulk_create(
        Insight.departments.through(insight_id=i.pk, department_id=org.marketing.pk) for i in insights
    )
    InsightEvidence.objects.bulk_create(InsightEvidence(insight=i, contact=c) for i in insights for c in contacts[:2])
    revisions = InsightRevision.objects.bulk_create(
        InsightRevision(
            insight=i,
            number=1,
            content={
                "evidence": [
                    {
                        "contact_id": c.pk,
                        "note": "",
                        "channel": "call",
                        "started_at": now.isoformat(),
                        "reason_code": "x",
                        "csat": None,
                        "sentiment": None,
                        "text": "",
                    }
                    for c in contacts[:2]
                ],
                "summary": "",
                "customer_voice": [],
                "value_assumptions": "",
                "statistics": {},
            },
            canonical_json="{}",
            content_hash="0" * 64,
            published_by=org.lead,
            title=i.title,
            category=i.category,
            estimated_value=i.estimated_value,
            evidence_count=2,
        )
        for i in insights
        if i.status == InsightStatus.PUBLISHED
    )
    InsightRevision.departments.through.objects.bulk_create(
        InsightRevision.departments.through(insightrevision_id=r.pk, department_id=org.marketing.pk) for r in revisions
    )
    for revision in revisions:
        Insight.objects.filter(pk=revision.insight_id).update(current_revision=revision)


@pytest.mark.parametrize("n", [5, 500])
@pytest.mark.parametrize("role", ["analyst", "member", "executive"])
def test_list_query_count_is_constant(org, api_as, django_assert_max_num_queries, n, role):
    _bulk_insights(org, n)
    client = api_as(org.by_role()[role])
    with django_assert_max_num_queries(6):
        response = client.get("/api/insights/?ordering=-estimated_value&page_size=100")
    assert response.status_code == 200
    assert response.json()["count"] == (n if role == "analyst" else n // 2)


@pytest.mark.parametrize("n", [5, 500])
def test_detail_query_count_is_constant(org, api_as, django_assert_max_num_queries, n):
    _bulk_insights(org, n)
    insight = Insight.objects.filter(status=InsightStatus.PUBLISHED).first()
    for user in (org.analyst, org.marketing_member):
        client = api_as(user)
        with django_assert_max_num_queries(9):
            assert client.get(f"/api/insights/{insight.pk}/").status_code == 200
