"""Drafting an insight from an emerging issue pre-fills title, evidence and statistics."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from insights.models import EmergingIssue, Insight
from insights.services.insights import insight_draft_from_emerging_issue
from tests.insights.factories import ContactFactory


@pytest.fixture
def issue(db):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - timedelta(hours=1)
    samples = ContactFactory.create_batch(
        evidence=True,
        size=3,
        started_at=start + timedelta(minutes=10),
        reason_code="card-declined",
        text="My card was declined again.",
    )
    ContactFactory(evidence=True, started_at=start + timedelta(minutes=20), reason_code="other")
    issue = EmergingIssue.objects.create(
        reason_code="card-declined",
        window_start=start,
        window_end=start + timedelta(hours=1),
        observed=Decimal("3"),
        expected=Decimal("0.5"),
        score=Decimal("4.2"),
    )
    issue.sample_contacts.set(samples)
    return issue


def test_draft_is_prefilled_from_the_issue(org, issue):
    insight = insight_draft_from_emerging_issue(issue=issue, author=org.analyst)
    assert "Card declined" in insight.title
    assert insight.status == "draft"
    assert insight.emerging_issue == issue
    assert set(insight.evidence.values_list("contact_id", flat=True)) == set(
        issue.sample_contacts.values_list("pk", flat=True)
    )
    stats = insight.statistics
    assert stats["evidence_count"] == 3
    assert stats["window_volume"] == 4
    assert stats["matching_count"] == 3
    assert stats["share_of_volume"] == "0.7500"
    assert stats["window_start"] == issue.window_start.isoformat()
    assert insight.customer_voice == ["My card was declined again."] * 3


def test_drafting_twice_returns_the_same_draft(org, issue):
    first = insight_draft_from_emerging_issue(issue=issue, author=org.analyst)
    again = insight_draft_from_emerging_issue(issue=issue, author=org.lead)
    assert first.pk == again.pk
    assert Insight.objects.count() == 1


def test_the_api_drafts_from_an_issue_for_center_staff_only(org, issue, api_as):
    assert (
        api_as(org.marketing_member)
        .post("/api/insights/from-emerging-issue/", {"emerging_issue": issue.pk})
        .status_code
        == 403
    )
    response = api_as(org.analyst).post("/api/insights/from-emerging-issue/", {"emerging_issue": issue.pk})
    assert response.status_code == 201
    assert response.json()["evidence_count"] == 3


def test_the_drafted_summary_reads_as_words_not_stored_figures(org, issue):
    summary = insight_draft_from_emerging_issue(issue=issue, author=org.analyst).summary
    assert "we had 3 contacts about **Card declined**, where hardly any would be usual" in summary
    assert "3.000" not in summary and "score" not in summary and "card-declined" not in summary
