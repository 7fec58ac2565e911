"""Competency metrics against hand-computed cases, including the edge cases (empty denominators, thresholds)."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from insights.metric_definitions import metric_definitions
from insights.selectors.metrics import METRIC_KEYS, contact_metrics, contact_metrics_by_interval
from tests.insights.factories import ContactFactory

JAN = datetime(2026, 1, 1, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def january(db):
    """Nine contacts whose metrics are worked out by hand in the tests below (SHORT=5 s, target=20 s)."""
    c = ContactFactory
    c(
        channel="call",
        wait_seconds=10,
        handle_seconds=300,
        resolved_first_contact=True,
        csat=5,
        nps=10,
        started_at=at(2),
    )
    c(
        channel="call",
        wait_seconds=30,
        handle_seconds=200,
        resolved_first_contact=False,
        csat=3,
        nps=7,
        started_at=at(3),
    )
    # A short abandon: left out of everything, even its survey answers.
    c(channel="call", wait_seconds=3, handle_seconds=0, abandoned=True, resolved_first_contact=False, csat=1, nps=0,
      started_at=at(4))  # fmt: skip
    c(channel="chat", wait_seconds=60, handle_seconds=0, abandoned=True, started_at=at(5))
    c(channel="chat", wait_seconds=20, handle_seconds=600, csat=4, nps=6, started_at=at(6), queue="sales")
    c(channel="email", wait_seconds=0, handle_seconds=120, resolved_first_contact=True, csat=2, started_at=at(7))
    c(channel="survey", wait_seconds=0, handle_seconds=0, nps=9, started_at=at(8))
    c(channel="call", wait_seconds=5, handle_seconds=0, abandoned=True, started_at=at(9))  # 5 s is not short
    c(channel="call", wait_seconds=1, handle_seconds=100, csat=1, started_at=FEB)  # the end is exclusive


def test_whole_window_matches_the_hand_computed_figures(january):
    assert contact_metrics(start=JAN, end=FEB) == {
        "offered": 5,  # calls and chats, minus the short abandon
        "service_level": 0.4,  # 10 s and exactly 20 s answered in target: 2 / 5
        "average_speed_of_answer_seconds": 20.0,  # (10 + 30 + 20) / 3 answered
        "abandonment_rate": 0.4,  # 60 s and 5 s abandons: 2 / 5
        "average_handle_time_seconds": 305.0,  # (300 + 200 + 600 + 120) / 4 handled, every channel
        "first_contact_resolution": 0.6667,  # 2 true / (2 true + 1 false)
        "csat": 0.5,  # 5 and 4 of 5, 3, 4, 2
        "nps": 25.0,  # promoters 10, 9; detractor 6; passive 7: (2 - 1) / 4
    }


def test_one_channel(january):
    assert contact_metrics(start=JAN, end=FEB, channel="call") == {
        "offered": 3,
        "service_level": 0.3333,
        "average_speed_of_answer_seconds": 20.0,
        "abandonment_rate": 0.3333,
        "average_handle_time_seconds": 250.0,
        "first_contact_resolution": 0.5,
        "csat": 0.5,
        "nps": 50.0,
    }


def test_one_queue(january):
    metrics = contact_metrics(start=JAN, end=FEB, queue="sales")
    assert (metrics["offered"], metrics["service_level"], metrics["csat"], metrics["nps"]) == (1, 1.0, 1.0, -100.0)


def test_empty_denominators_give_null_never_zero(db):
    ContactFactory(channel="email", handle_seconds=0, started_at=at(2))
    assert contact_metrics(start=JAN, end=FEB) == {
        "offered": 0,
        "service_level": None,
        "average_speed_of_answer_seconds": None,
        "abandonment_rate": None,
        "average_handle_time_seconds": None,
        "first_contact_resolution": None,
        "csat": None,
        "nps": None,
    }


def test_only_short_abandons_offer_nothing(db):
    ContactFactory.create_batch(3, channel="call", wait_seconds=2, abandoned=True, handle_seconds=0, started_at=at(2))
    metrics = contact_metrics(start=JAN, end=FEB)
    assert (metrics["offered"], metrics["service_level"], metrics["abandonment_rate"]) == (0, None, None)


def test_thresholds_follow_the_settings(january, settings):
    settings.SERVICE_LEVEL_SECONDS = 30
    settings.SHORT_ABANDON_SECONDS = 6  # the 5 s abandon becomes short too
    metrics = contact_metrics(start=JAN, end=FEB)
    assert (metrics["offered"], metrics["service_level"], metrics["abandonment_rate"]) == (4, 0.75, 0.25)


def test_hourly_intervals_list_every_hour_with_nulls_for_the_empty_ones(db):
    ContactFactory(channel="call", wait_seconds=10, started_at=at(2, 10, 5))
    ContactFactory(channel="call", wait_seconds=40, started_at=at(2, 12, 59))
    rows = contact_metrics_by_interval(start=at(2, 10), end=at(2, 13), interval="hour")
    assert [r["interval_start"] for r in rows] == [at(2, 10), at(2, 11), at(2, 12)]
    assert [r["offered"] for r in rows] == [1, 0, 1]
    assert [r["service_level"] for r in rows] == [1.0, None, 0.0]
    assert set(rows[0]) == {"interval_start", *METRIC_KEYS}


def test_fifteen_minute_intervals(db):
    ContactFactory(channel="chat", wait_seconds=10, started_at=at(2, 10, 7))
    ContactFactory(channel="chat", wait_seconds=10, started_at=at(2, 10, 22))
    ContactFactory(channel="chat", wait_seconds=10, started_at=at(2, 10, 29))
    rows = contact_metrics_by_interval(start=at(2, 10), end=at(2, 11), interval="15min")
    assert [(r["interval_start"].minute, r["offered"]) for r in rows] == [(0, 1), (15, 2), (30, 0), (45, 0)]


def test_days_are_cut_at_midnight_in_the_configured_time_zone(db, settings):
    settings.TIME_ZONE = "America/New_York"
    ContactFactory(channel="call", started_at=datetime(2026, 1, 2, 3, tzinfo=UTC))  # 22:00 on 1 January there
    start = datetime(2026, 1, 1, 5, tzinfo=UTC)  # midnight in New York
    rows = contact_metrics_by_interval(start=start, end=start + timedelta(days=2), interval="day")
    assert [(r["interval_start"].date().isoformat(), r["offered"]) for r in rows] == [
        ("2026-01-01", 1),
        ("2026-01-02", 0),
    ]


def test_every_metric_has_a_plain_sentence():
    definitions = metric_definitions()
    assert [d.key for d in definitions] == list(METRIC_KEYS)
    for d in definitions:
        assert d.label and d.explanation.endswith(".") and d.unit in {"count", "fraction", "seconds", "points"}


def test_command_prints_json(january, capsys):
    call_command("contact_metrics", "--start", "2026-01-01", "--end", "2026-02-01", "--channel", "call", "--json")
    assert json.loads(capsys.readouterr().out) == contact_metrics(start=JAN, end=FEB, channel="call")


def test_command_explains_each_metric_in_plain_words(january, capsys):
    call_command("contact_metrics", "--start", "2026-01-01", "--end", "2026-02-01")
    out = capsys.readouterr().out
    assert "Service level: 40.0%" in out
    assert "The share of calls and chats answered within 20 seconds." in out


def test_api_returns_the_same_figures_with_their_explanations(january, api_as, org):
    response = api_as(org.executive).get("/api/metrics/", {"start": "2026-01-01", "end": "2026-02-01"})
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in METRIC_KEYS} == contact_metrics(start=JAN, end=FEB)
    assert [d["key"] for d in body["definitions"]] == list(METRIC_KEYS)


def test_api_intervals(january, api_as, org):
    response = api_as(org.analyst).get(
        "/api/metrics/intervals/", {"start": "2026-01-02", "end": "2026-01-04", "interval": "day", "channel": "call"}
    )
    assert response.status_code == 200
    assert [r["offered"] for r in response.json()["results"]] == [1, 1]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"end": "2026-02-01"}, "start"),
        ({"start": "someday", "end": "2026-02-01"}, "start"),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "end"),
        ({"start": "2026-01-01", "end": "2026-02-01", "channel": "fax"}, "channel"),
        ({"start": "2026-01-01", "end": "2026-02-01", "interval": "week"}, "interval"),
    ],
)
def test_api_names_the_bad_parameter(db, api_as, org, params, field):
    url = "/api/metrics/intervals/" if "interval" in params else "/api/metrics/"
    response = api_as(org.analyst).get(url, params)
    assert response.status_code == 400
    assert field in response.json()


def test_metrics_are_not_for_department_members(db, api_as, org):
    response = api_as(org.marketing_member).get("/api/metrics/", {"start": "2026-01-01", "end": "2026-02-01"})
    assert response.status_code == 403
