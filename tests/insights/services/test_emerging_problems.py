"""A new emerging problem is e-mailed to the center's leads once, not once per window it lasts."""

from datetime import timedelta

from django.core import mail

from core.models import OutboxEvent
from insights.services.emerging import emerging_issues_detect
from tests.insights.services.test_emerging import NOW, WINDOW, baseline, contacts


def _detect(capture, **kwargs):
    with capture(execute=True):
        return emerging_issues_detect(**kwargs)


def test_a_new_problem_emails_the_center_leads_once(org, django_capture_on_commit_callbacks):
    baseline("delivery_delay", [5, 6, 4, 5])
    contacts("delivery_delay", WINDOW, 30)
    assert len(_detect(django_capture_on_commit_callbacks, now=NOW)) == 1
    assert [m.to for m in mail.outbox] == [[org.lead.email]]
    message = mail.outbox[0]
    assert "delivery delay" in message.subject
    assert "/emerging-issues/" in message.body
    assert OutboxEvent.objects.filter(kind=OutboxEvent.Kind.EMERGING_PROBLEM_FLAGGED).count() == 1


def test_the_next_windows_of_the_same_problem_send_nothing_more(org, django_capture_on_commit_callbacks):
    baseline("delivery_delay", [5, 6, 4, 5])
    contacts("delivery_delay", WINDOW, 30)
    _detect(django_capture_on_commit_callbacks, now=NOW)
    following = WINDOW + timedelta(hours=1)
    for weeks_back in range(1, 5):
        contacts("delivery_delay", following - weeks_back * timedelta(days=7), 5)
    contacts("delivery_delay", following, 30)
    assert len(_detect(django_capture_on_commit_callbacks, now=NOW + timedelta(hours=1))) == 1  # flagged again
    assert _detect(django_capture_on_commit_callbacks, now=NOW + timedelta(hours=1)) == []
    assert len(mail.outbox) == 1


def test_a_problem_that_returns_after_a_quiet_spell_is_announced_again(org, settings):
    from insights.services.emerging_problems import emerging_problem_announce
    from tests.insights.factories import emerging_windows

    settings.EMERGING_PROBLEM_QUIET_HOURS = 24
    [first] = emerging_windows("delivery_delay", end=NOW - timedelta(days=3))
    [again] = emerging_windows("delivery_delay", end=NOW)
    [next_hour] = emerging_windows("delivery_delay", end=NOW + timedelta(hours=1))
    assert emerging_problem_announce(issue=first) is not None
    assert emerging_problem_announce(issue=next_hour) is None
    assert emerging_problem_announce(issue=again) is None  # next_hour is within the quiet period of it
    [later] = emerging_windows("delivery_delay", "dissatisfaction", end=NOW)
    assert emerging_problem_announce(issue=later) is not None  # another signal is another problem
