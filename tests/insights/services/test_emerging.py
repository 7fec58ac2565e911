"""Emerging issues: spikes against each reason's own baseline, flagged once per window, never on steady noise."""

import math
import random
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from insights.models import Contact, EmergingIssue
from insights.services.emerging import emerging_issues_detect, window_floor
from insights.services.imports import COLUMNS
from tests.insights.factories import ContactFactory

NOW = datetime(2026, 3, 4, 15, 40, tzinfo=UTC)  # a Wednesday afternoon
WINDOW = datetime(2026, 3, 4, 15, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def contacts(reason: str, start: datetime, count: int, **fields) -> None:
    step = timedelta(minutes=30) / max(count, 1)
    Contact.objects.bulk_create(
        [ContactFactory.build(reason_code=reason, started_at=start + i * step, **fields) for i in range(count)]
    )


def baseline(reason: str, per_window: list[int], **fields) -> None:
    """The same window in each of the previous weeks (most recent first)."""
    for weeks_back, count in enumerate(per_window, start=1):
        contacts(reason, WINDOW - weeks_back * WEEK, count, **fields)


def test_a_volume_spike_is_flagged_with_its_figures_and_samples(db):
    baseline("delivery_delay", [5, 6, 4, 5])
    contacts("delivery_delay", WINDOW, 30)
    [issue] = emerging_issues_detect(now=NOW)
    assert (issue.reason_code, issue.signal) == ("delivery_delay", EmergingIssue.Signal.VOLUME)
    assert (issue.window_start, issue.window_end) == (WINDOW, WINDOW + timedelta(hours=1))
    assert (issue.observed, issue.expected) == (30, 5)
    assert issue.score >= 4
    assert issue.sample_contacts.count() == 5
    assert all(c.reason_code == "delivery_delay" for c in issue.sample_contacts.all())


def test_each_spike_is_flagged_once_however_often_the_check_runs(db):
    baseline("delivery_delay", [5, 6, 4, 5])
    contacts("delivery_delay", WINDOW, 30)
    assert len(emerging_issues_detect(now=NOW)) == 1
    assert emerging_issues_detect(now=NOW) == []
    assert emerging_issues_detect(now=NOW + timedelta(minutes=10)) == []
    assert EmergingIssue.objects.count() == 1


def test_a_busy_reason_at_its_usual_level_is_not_flagged(db):
    baseline("billing", [40, 44, 38, 41])
    contacts("billing", WINDOW, 46)
    assert emerging_issues_detect(now=NOW) == []


def test_fewer_contacts_than_the_minimum_are_never_flagged(db, settings):
    settings.EMERGING_MIN_COUNT = 10
    baseline("rare", [0, 0, 1, 0])
    contacts("rare", WINDOW, 9)
    assert emerging_issues_detect(now=NOW) == []


def test_no_judgement_without_two_weeks_of_history(db):
    contacts("new_reason", WINDOW - WEEK, 2)  # only one earlier week holds any data
    contacts("new_reason", WINDOW, 40)
    assert emerging_issues_detect(now=NOW) == []


def test_a_new_reason_with_history_elsewhere_is_flagged(db):
    baseline("other", [5, 5, 5, 5])  # the center has four weeks of data; this reason has none
    contacts("recall_notice", WINDOW, 20)
    [issue] = emerging_issues_detect(now=NOW)
    assert (issue.reason_code, issue.expected) == ("recall_notice", 0)


def test_a_dissatisfaction_spike_is_flagged_even_at_normal_volume(db):
    baseline("refund", [30, 30, 30, 30], csat=5)
    contacts("refund", WINDOW - 2 * WEEK + timedelta(hours=3), 20, csat=1)  # some unhappy customers are normal
    contacts("refund", WINDOW, 18, csat=1)
    contacts("refund", WINDOW, 10, csat=4)
    [issue] = emerging_issues_detect(now=NOW)
    assert issue.signal == EmergingIssue.Signal.DISSATISFACTION
    assert float(issue.observed) == pytest.approx(18 / 28, abs=0.001)
    assert float(issue.expected) == pytest.approx(21 / 142, abs=0.001)
    assert all(c.csat == 1 for c in issue.sample_contacts.all())


def test_negative_sentiment_counts_where_there_is_no_csat(db):
    baseline("refund", [30, 30, 30, 30], sentiment="0.2")
    contacts("refund", WINDOW, 25, sentiment="-0.8")
    signals = {issue.signal for issue in emerging_issues_detect(now=NOW)}
    assert EmergingIssue.Signal.DISSATISFACTION in signals


def _poisson(rng: random.Random, rate: float) -> int:
    limit, k, p = math.exp(-rate), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_steady_traffic_with_normal_noise_raises_no_flag(db):
    """Five weeks of hourly Poisson traffic with a daily rhythm for four reasons; the last three days are checked."""
    rng = random.Random(7)
    start = window_floor(NOW - 5 * WEEK, 60)
    rates = {"billing": 12.0, "delivery": 6.0, "password": 3.0, "upgrade": 1.5}
    rows = []
    hour = start
    while hour <= NOW:
        rhythm = 0.3 + 0.7 * math.sin(math.pi * (hour.hour % 24) / 24)
        for reason, rate in rates.items():
            for _ in range(_poisson(rng, rate * rhythm)):
                rows.append(
                    ContactFactory.build(
                        reason_code=reason,
                        started_at=hour + timedelta(seconds=rng.randrange(3600)),
                        csat=rng.choice([1, 2, 3, 4, 4, 5, 5, 5, None, None]),
                        sentiment=None,
                    )
                )
        hour += timedelta(hours=1)
    Contact.objects.bulk_create([c for c in rows if c.started_at <= NOW], batch_size=2000)
    assert emerging_issues_detect(now=NOW, since=NOW - timedelta(days=3)) == []
    assert not EmergingIssue.objects.exists()


def _csv(rows: list[dict]) -> bytes:
    lines = [",".join(COLUMNS)]
    lines += [",".join(str(r.get(c, "")) for c in COLUMNS) for r in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.worker
def test_an_imported_spike_is_flagged_within_60_seconds_by_a_real_worker(live_worker, api_as, org, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    now = datetime.now(UTC)
    window = window_floor(now, settings.EMERGING_WINDOW_MINUTES)
    for weeks_back in range(1, 5):  # a quiet baseline: 3 a window in the same hour of earlier weeks
        contacts("card_declined", window - weeks_back * WEEK, 3)
    elapsed = max((now - window).total_seconds(), 1)
    spike = [
        {
            "external_id": f"spike-{i}",
            "channel": "chat",
            "started_at": (window + timedelta(seconds=elapsed * i / 40)).isoformat(),
            "reason_code": "card_declined",
            "csat": 1,
            "text": "My card keeps being declined",
        }
        for i in range(40)
    ]
    upload = SimpleUploadedFile("spike.csv", _csv(spike), content_type="text/csv")
    started = time.monotonic()
    response = api_as(org.analyst).post("/api/imports/", {"file": upload, "source": "chat"}, format="multipart")
    assert response.status_code == 202, response.content
    while time.monotonic() - started < 60:
        issue = EmergingIssue.objects.filter(reason_code="card_declined", signal="volume").first()
        if issue is not None:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the spike was not flagged within 60 seconds")
    assert issue.window_start == window
    assert issue.observed == 40
    assert Contact.objects.filter(source="chat").count() == 40


def test_celery_beat_runs_the_check_every_few_minutes(settings):
    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["insights.emerging-issues-detect"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 600


def test_an_issue_carries_what_a_draft_insight_needs(db):
    from insights.selectors.emerging import emerging_issue_draft_material

    baseline("delivery_delay", [5, 6, 4, 5])
    contacts("delivery_delay", WINDOW, 30)
    [issue] = emerging_issues_detect(now=NOW)
    material = emerging_issue_draft_material(issue)
    assert material["title"] == "Emerging: delivery delay — more contacts than usual"
    assert "30 contacts" in material["summary"]
    assert len(material["contact_ids"]) == 5
    assert (material["statistics"]["observed"], material["statistics"]["expected"]) == (30.0, 5.0)
