"""The emerging-issues page turns an issue into a draft insight in one click, once."""

from datetime import timedelta
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from insights.models import EmergingIssue, Insight
from tests.insights.factories import ContactFactory


def _issue() -> EmergingIssue:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    issue = EmergingIssue.objects.create(
        reason_code="app_login_failure",
        window_start=now - timedelta(hours=1),
        window_end=now,
        observed=Decimal("42"),
        expected=Decimal("6"),
        score=Decimal("9.5"),
    )
    issue.sample_contacts.set(ContactFactory.create_batch(3, reason_code="app_login_failure"))
    return issue


def test_draft_an_insight_button_makes_one_draft_and_opens_it(org):
    issue = _issue()
    client = Client()
    client.force_login(org.analyst)
    page = client.get("/emerging-issues/").content.decode()
    assert f"/emerging-issues/{issue.pk}/draft-insight/" in page
    first = client.post(f"/emerging-issues/{issue.pk}/draft-insight/")
    again = client.post(f"/emerging-issues/{issue.pk}/draft-insight/")
    insight = Insight.objects.get(emerging_issue=issue)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"] == f"/insights/{insight.pk}/edit/"
    assert insight.status == "draft"
    assert insight.evidence.count() == 3


def test_department_people_cannot_draft_from_an_emerging_issue(org):
    issue = _issue()
    client = Client()
    client.force_login(org.marketing_signatory)
    assert client.post(f"/emerging-issues/{issue.pk}/draft-insight/").status_code == 403
    assert not Insight.objects.exists()
