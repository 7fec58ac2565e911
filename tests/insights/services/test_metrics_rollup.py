"""The daily contact-metrics rollup: kept by the import in its transaction, always giving the figures
`contact_metrics` counts from the contacts, checkable and rebuildable from the command line."""

import importlib
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from insights.models import ContactMetricsDay
from insights.selectors.metrics import (
    contact_metrics,
    contact_metrics_by_month,
    contact_metrics_rollup_differences,
    local_midnight,
)
from insights.services import imports
from tests.insights.factories import ContactFactory, contacts_imported

pytestmark = pytest.mark.django_db

Q1 = (date(2026, 1, 1), date(2026, 4, 1))
MONTHS = [(date(2026, 1, 1), date(2026, 2, 1)), (date(2026, 2, 1), date(2026, 3, 1)), (date(2026, 3, 1), Q1[1])]


def counted(start: date, end: date) -> dict:
    """What `contact_metrics` counts from the contacts between the two local midnights."""
    return contact_metrics(start=local_midnight(start), end=local_midnight(end))


def assert_rollup_gives_what_the_contacts_give(django_assert_num_queries) -> dict:
    with django_assert_num_queries(1):  # the rollup was read, not the contacts
        by_month = contact_metrics_by_month(start=Q1[0], end=Q1[1])
    assert by_month["total"] == counted(*Q1)
    assert [m["month"] for m in by_month["months"]] == [start for start, _ in MONTHS]
    for (start, end), month in zip(MONTHS, by_month["months"], strict=True):
        assert {k: v for k, v in month.items() if k != "month"} == counted(start, end)
    assert contact_metrics_rollup_differences() == []
    return by_month


# What a file might hold: values around the thresholds (5 s short abandon, 20 s target), times around
# midnights and month ends (read in the configured time zone), every answer present or missing.
contact_rows = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(["call", "chat", "email", "social", "survey"]),
        "started_at": st.datetimes(min_value=datetime(2025, 12, 31, 12), max_value=datetime(2026, 4, 1, 12)),
        "wait_seconds": st.integers(0, 40) | st.integers(0, 5000),
        "handle_seconds": st.integers(0, 3) | st.integers(0, 2000),
        "abandoned": st.booleans(),
        "resolved_first_contact": st.none() | st.booleans(),
        "csat": st.none() | st.integers(1, 5),
        "nps": st.none() | st.integers(0, 10),
    }
)


@pytest.fixture(params=["UTC", "America/New_York"])
def zone(request, settings, monkeypatch):
    """The configured time zone (set once per test: not once per example), small batches."""
    settings.TIME_ZONE = request.param
    monkeypatch.setattr(imports.jobs, "BATCH_ROWS", 7)  # several batches, each in its own transaction
    return request.param


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "batched"])
@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(contact_rows, min_size=1, max_size=30))
def test_imported_contacts_give_the_rollup_the_figures_counted_from_the_contacts(
    rows, zone, copy, tmp_path, django_assert_num_queries
):
    job = contacts_imported(tmp_path, *rows, copy=copy)  # examples pile up on the same days: they must add up
    assert job.created == len(rows)
    assert_rollup_gives_what_the_contacts_give(django_assert_num_queries)


@pytest.mark.parametrize("copy", [True, False], ids=["copy", "batched"])
def test_importing_the_same_file_again_adds_nothing(copy, tmp_path, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(imports.jobs, "BATCH_ROWS", 2)
    first = contacts_imported(
        tmp_path, *({"started_at": f"2026-02-0{d}T10:00:00Z", "wait_seconds": d} for d in range(1, 6))
    )
    before = assert_rollup_gives_what_the_contacts_give(django_assert_num_queries)
    again = imports.contacts_import(path=first.file_path, source="test", copy=copy)
    assert (again.created, again.duplicates) == (0, 5)
    assert assert_rollup_gives_what_the_contacts_give(django_assert_num_queries) == before


def test_changed_thresholds_count_the_contacts_until_the_rollup_is_rebuilt(tmp_path, settings, capsys):
    contacts_imported(
        tmp_path,
        {"started_at": "2026-01-05T10:00:00Z", "wait_seconds": 25},
        {"started_at": "2026-01-05T11:00:00Z", "wait_seconds": 10},
        {"started_at": "2026-03-05T11:00:00Z", "wait_seconds": 6, "abandoned": "true", "handle_seconds": 0},
    )
    assert contact_metrics_by_month(start=Q1[0], end=Q1[1])["total"]["service_level"] == pytest.approx(1 / 3, abs=1e-4)
    settings.SERVICE_LEVEL_SECONDS = 30
    settings.SHORT_ABANDON_SECONDS = 7  # the 6 s abandon becomes a short one
    stale = contact_metrics_by_month(start=Q1[0], end=Q1[1])
    assert stale["total"] == counted(*Q1) and stale["total"]["service_level"] == 1.0
    assert len(contact_metrics_rollup_differences()) == 2  # both stored rows were counted under other settings
    with pytest.raises(CommandError, match="2 rollup rows differ"):
        call_command("contact_metrics_rollup", "--check")
    assert "2026-01-05 call: differs in basis" in capsys.readouterr().out
    call_command("contact_metrics_rollup", "--rebuild")
    call_command("contact_metrics_rollup", "--check")
    assert contact_metrics_by_month(start=Q1[0], end=Q1[1]) == stale
    assert ContactMetricsDay.objects.count() == 1  # 5 March held only the abandon that is short now


def test_check_finds_contacts_written_around_the_import_and_rebuild_counts_them(tmp_path, capsys):
    contacts_imported(tmp_path, {"started_at": "2026-02-10T09:00:00Z"})
    ContactFactory(started_at=datetime.fromisoformat("2026-02-10T15:00:00+00:00"), wait_seconds=50)
    ContactFactory(started_at=datetime.fromisoformat("2026-03-01T15:00:00+00:00"), channel="chat")
    with pytest.raises(CommandError, match="2 rollup rows differ"):
        call_command("contact_metrics_rollup", "--check", "--start", "2026-01-01", "--end", "2026-04-01")
    out = capsys.readouterr().out
    assert "2026-02-10 call: differs in n_offered, n_answered, total_wait, n_handled, total_handle" in out
    assert "2026-03-01 chat: missing" in out
    call_command("contact_metrics_rollup", "--rebuild", "--start", "2026-02-10", "--end", "2026-02-11")
    assert [(d["day"], d["channel"]) for d in contact_metrics_rollup_differences()] == [(date(2026, 3, 1), "chat")]
    call_command("contact_metrics_rollup", "--rebuild")
    assert "Recounted the rollup from the contacts: 2 rows" in capsys.readouterr().out
    call_command("contact_metrics_rollup", "--check")


def test_command_refuses_a_bad_date():
    with pytest.raises(CommandError, match="--start must be a date"):
        call_command("contact_metrics_rollup", "--check", "--start", "yesterday")


def test_the_migration_backfill_counts_like_the_rollup(tmp_path):
    contacts_imported(
        tmp_path,
        *(
            {"started_at": f"2026-01-{d:02d}T23:30:00Z", "wait_seconds": 3 * d, "abandoned": d % 4 == 0}
            for d in range(1, 20)
        ),
    )
    expected = list(ContactMetricsDay.objects.values())
    ContactMetricsDay.objects.all().delete()
    migration = importlib.import_module("insights.migrations.0005_contact_metrics_day")
    migration.backfill(apps, SimpleNamespace(connection=connection))  # all it uses of a schema editor
    assert list(ContactMetricsDay.objects.values("day", "channel", "basis", "n_offered", "total_wait")) == [
        {k: row[k] for k in ("day", "channel", "basis", "n_offered", "total_wait")} for row in expected
    ]
    assert contact_metrics_rollup_differences() == []


def test_demo_contacts_come_with_their_rollup():
    from insights.demo import seed_contacts

    seed_contacts(count=800, days=20)
    assert ContactMetricsDay.objects.exists()
    assert contact_metrics_rollup_differences() == []
