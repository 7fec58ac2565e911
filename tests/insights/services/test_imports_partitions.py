"""The import on month-partitioned contacts: idempotent across months, a moved row is a conflict, a missing month
is made on demand, and the counts stay exact."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from insights.models import Contact, ContactKey, ContactMetricsDay
from insights.services.imports import contacts_import
from tests.insights.services.test_imports_contacts_import import row, write_csv

THREE_MONTHS = ("2026-01-05T10:00:00Z", "2026-02-10T11:00:00Z", "2026-03-31T23:30:00Z")


@pytest.fixture(params=[True, False], ids=["copy", "batched"])
def copy(request):
    return request.param


def _partition_of(external_id: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM insights_contact WHERE external_id = %s", [external_id])
        return cursor.fetchone()[0]


def test_reimporting_a_file_whose_rows_fall_in_three_months_creates_no_duplicate(db, tmp_path, copy):
    rows = [row(f"c{i}", started_at=moment) for i, moment in enumerate(THREE_MONTHS)]
    first = contacts_import(path=write_csv(tmp_path, *rows), source="crm", copy=copy)
    again = contacts_import(path=write_csv(tmp_path, *rows, name="again.csv"), source="crm", copy=copy)
    assert (first.created, first.duplicates, first.rejected) == (3, 0, 0)
    assert (again.created, again.duplicates, again.rejected) == (0, 3, 0)
    assert Contact.objects.count() == 3 and ContactKey.objects.count() == 3
    assert {_partition_of(f"c{i}") for i in range(3)} == {
        "insights_contact_y2026m01",
        "insights_contact_y2026m02",
        "insights_contact_y2026m03",
    }
    assert sum(ContactMetricsDay.objects.values_list("n_offered", flat=True)) == 3  # counted once


def test_a_row_moved_to_another_month_is_a_conflict_naming_started_at(db, tmp_path, copy):
    contacts_import(path=write_csv(tmp_path, row("c1"), row("c2")), source="crm", copy=copy)
    corrected = write_csv(tmp_path, row("c1", started_at="2026-02-01T09:00:00Z"), row("c2"), name="fixed.csv")
    job = contacts_import(path=corrected, source="crm", copy=copy)
    assert (job.rows, job.created, job.duplicates, job.rejected) == (2, 0, 1, 1)
    error = job.row_errors.get()
    assert (error.row_number, error.field) == (2, "started_at")  # line 2: the header is line 1
    assert "stored with started_at 2026-01-05" in error.message
    assert Contact.objects.get(external_id="c1").started_at == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert Contact.objects.count() == 2


def test_the_same_key_twice_in_one_file_with_two_times_lands_once_and_rejects_the_other(db, tmp_path, copy):
    path = write_csv(tmp_path, row("c1"), row("c1", started_at="2026-03-01T09:00:00Z"), row("c1"))
    job = contacts_import(path=path, source="crm", copy=copy)
    assert (job.rows, job.created, job.duplicates, job.rejected) == (3, 1, 1, 1)
    assert job.row_errors.get().row_number == 3
    assert Contact.objects.get().started_at == datetime(2026, 1, 5, 10, tzinfo=UTC)


def test_a_month_without_a_partition_is_made_by_the_import(db, tmp_path, copy):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE insights_contact_y2026m06")
    job = contacts_import(path=write_csv(tmp_path, row("june", started_at="2026-06-15T12:00:00Z")), source="crm")
    assert job.created == 1
    assert _partition_of("june") == "insights_contact_y2026m06"


def test_a_row_older_than_retention_is_rejected_naming_started_at(db, tmp_path, copy):
    old = (timezone.now() - timedelta(days=31 * 26)).isoformat()
    job = contacts_import(path=write_csv(tmp_path, row("old", started_at=old), row("c1")), source="crm", copy=copy)
    assert (job.created, job.rejected) == (1, 1)
    error = job.row_errors.get()
    assert error.field == "started_at" and "CONTACT_RETENTION_MONTHS" in error.message


def test_the_same_external_id_from_two_sources_is_two_contacts(db, tmp_path, copy):
    contacts_import(path=write_csv(tmp_path, row("c1")), source="crm", copy=copy)
    job = contacts_import(path=write_csv(tmp_path, row("c1", started_at=THREE_MONTHS[2])), source="phone", copy=copy)
    assert (job.created, job.rejected) == (1, 0)
