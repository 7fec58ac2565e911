"""Month partitions made ahead, and retention end to end on PostgreSQL partitions: whole months dropped, the
horizon's month trimmed by row, links and keys removed, rollups and published revisions kept."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from insights.models import Contact, ContactKey, ContactMetricsDay, EmergingIssue, InsightEvidence
from insights.services.contact_partitions import contact_partitions_ahead, contacts_retention_apply
from tests.insights.factories import InsightFactory, contacts_imported


def _partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'insights_contact'::regclass"
        )
        return {name for (name,) in cursor.fetchall()}


def _month(moment: datetime, months: int) -> datetime:
    """The first moment (UTC) of the month `months` after `moment`'s."""
    index = moment.year * 12 + moment.month - 1 + months
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def _name(month: datetime) -> str:
    return f"insights_contact_y{month:%Y}m{month:%m}"


@pytest.fixture
def months():
    """A month well inside retention today (A), the month before it, and a month after it."""
    a = _month(timezone.now(), -6)
    return {"before": _month(a, -1), "a": a, "after": _month(a, 2)}


def test_the_months_ahead_are_made_once(db, settings):
    settings.CONTACT_PARTITIONS_AHEAD_MONTHS = 3
    far = _month(timezone.now(), 40)
    assert contact_partitions_ahead(now=far) == 4  # that month and the three after it
    assert contact_partitions_ahead(now=far) == 0
    assert {_name(_month(far, i)) for i in range(4)} <= _partitions()


def test_retention_drops_old_months_trims_the_horizon_month_and_keeps_rollups_and_revisions(
    db, tmp_path, settings, months
):
    settings.CONTACT_RETENTION_MONTHS = 25
    a = months["a"]
    contacts_imported(
        tmp_path,
        {"external_id": "expired-month", "started_at": months["before"] + timedelta(days=10), "csat": "1"},
        {"external_id": "expired-day", "started_at": a + timedelta(days=2)},
        {"external_id": "kept-day", "started_at": a + timedelta(days=20)},
        {"external_id": "kept-month", "started_at": months["after"] + timedelta(days=1)},
    )
    old = Contact.objects.get(external_id="expired-month")
    insight = InsightFactory(evidence=[old], published=True)
    revision = insight.revisions.get()
    issue = EmergingIssue.objects.create(
        reason_code="x", window_start=old.started_at, window_end=old.started_at, observed=1, expected=1, score=1
    )
    issue.sample_contacts.set([old])
    rollup = list(ContactMetricsDay.objects.values_list("day", "channel", "n_offered", "n_csat"))

    # 25 months after A's tenth day: the horizon is A's tenth day.
    result = contacts_retention_apply(now=_month(a, 25) + timedelta(days=9))

    assert result.horizon == a + timedelta(days=9)
    assert _name(months["before"]) in result.partitions_dropped and _name(a) not in result.partitions_dropped
    assert result.rows_deleted == 1
    assert _name(months["before"]) not in _partitions() and _name(a) in _partitions()
    assert set(Contact.objects.values_list("external_id", flat=True)) == {"kept-day", "kept-month"}
    assert set(ContactKey.objects.values_list("external_id", flat=True)) == {"kept-day", "kept-month"}
    assert not InsightEvidence.objects.filter(insight=insight).exists()
    assert not issue.sample_contacts.exists()
    assert list(ContactMetricsDay.objects.values_list("day", "channel", "n_offered", "n_csat")) == rollup
    assert insight.revisions.get().content == revision.content  # the frozen statistics stay

    again = contacts_retention_apply(now=_month(a, 25) + timedelta(days=9))
    assert (again.partitions_dropped, again.rows_deleted) == ([], 0)


def test_the_beat_runs_both_jobs_daily_and_the_command_runs_them_now(db, settings, capsys):
    assert settings.CELERY_BEAT_SCHEDULE["insights.contacts-retention"]["schedule"] == 86400.0
    assert settings.CELERY_BEAT_SCHEDULE["insights.contact-partitions-ahead"]["schedule"] == 86400.0
    call_command("contacts_retention")
    assert "month partitions dropped" in capsys.readouterr().out
