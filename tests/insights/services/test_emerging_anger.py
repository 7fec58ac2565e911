"""The third emerging-issue signal: more angry (profane) customers than the reason's own baseline share."""

from datetime import timedelta

from insights.models import EmergingIssue
from insights.services.emerging import emerging_issues_detect
from insights.services.insights import insight_draft_from_emerging_issue
from tests.insights.services.test_emerging import NOW, WEEK, WINDOW, baseline, contacts


def test_more_angry_customers_than_usual_is_flagged_at_normal_volume(db):
    baseline("refund", [30, 30, 30, 30])
    contacts("refund", WINDOW - 2 * WEEK + timedelta(hours=3), 6, profane=True)  # a few angry ones are normal
    contacts("refund", WINDOW, 15, profane=True)
    contacts("refund", WINDOW, 15)
    [issue] = emerging_issues_detect(now=NOW)
    assert issue.signal == EmergingIssue.Signal.ANGER
    assert float(issue.observed) == 0.5
    assert issue.score >= 4
    assert issue.sample_contacts.count() == 5 and all(c.profane for c in issue.sample_contacts.all())


def test_the_usual_share_of_angry_customers_is_not_flagged(db):
    baseline("refund", [30, 30, 30, 30])
    for weeks_back in range(1, 5):
        contacts("refund", WINDOW - weeks_back * WEEK + timedelta(hours=3), 6, profane=True)
    contacts("refund", WINDOW, 6, profane=True)
    contacts("refund", WINDOW, 24)
    assert emerging_issues_detect(now=NOW) == []


def test_an_anger_spike_drafts_an_insight_about_angry_customers(org):
    baseline("refund", [30, 30, 30, 30])
    contacts("refund", WINDOW, 20, profane=True, text="shit useless")
    [issue] = [i for i in emerging_issues_detect(now=NOW) if i.signal == EmergingIssue.Signal.ANGER]
    draft = insight_draft_from_emerging_issue(issue=issue, author=org.analyst)
    assert draft.title == "More angry customers than usual about “Refund”"  # the code in words (issue 18)
