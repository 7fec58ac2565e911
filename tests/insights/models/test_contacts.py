"""Contact on a month-partitioned table: the ORM works with `id` as its pk, and the database keeps the key exact."""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction

from insights.models import Contact, ContactKey, EmergingIssue

JANUARY = datetime(2026, 1, 5, 10, tzinfo=UTC)


def _contact(external_id="c1", started_at=JANUARY, **fields) -> Contact:
    return Contact.objects.create(
        source="crm", external_id=external_id, channel="call", started_at=started_at, **fields
    )


def test_the_orm_creates_reads_updates_and_deletes_a_contact_by_id(db):
    contact = _contact(reason_code="billing")
    assert Contact.objects.get(pk=contact.pk).reason_code == "billing"
    contact.reason_code = "refund"
    contact.save(update_fields=["reason_code"])
    assert Contact.objects.filter(pk__in=[contact.pk]).get().reason_code == "refund"
    issue = EmergingIssue.objects.create(
        reason_code="refund", window_start=JANUARY, window_end=JANUARY, observed=1, expected=1, score=1
    )
    issue.sample_contacts.set([contact.pk])
    assert list(issue.sample_contacts.all()) == [contact]
    contact.delete()
    assert not Contact.objects.exists() and not issue.sample_contacts.exists()


def test_the_table_is_partitioned_by_month_with_the_partition_key_in_its_primary_key(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_partkeydef('insights_contact'::regclass)")
        assert cursor.fetchone()[0] == "RANGE (started_at)"
        cursor.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'insights_contact_pkey'")
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, started_at)"


def test_every_insert_writes_its_key_and_a_duplicate_key_is_refused_in_another_month(db):
    _contact()
    assert ContactKey.objects.get().started_at == JANUARY
    with pytest.raises(IntegrityError, match="insights_contact_key_pkey"), transaction.atomic():
        _contact(started_at=datetime(2026, 3, 1, tzinfo=UTC))
    with pytest.raises(IntegrityError, match="insights_contact_key_pkey"), transaction.atomic():
        Contact.objects.bulk_create([Contact(source="crm", external_id="c1", channel="chat", started_at=JANUARY)])
    assert Contact.objects.count() == 1


def test_a_stored_contact_cannot_be_moved_even_with_raw_sql(db):
    contact = _contact()
    with pytest.raises(IntegrityError, match="keeps its source, external_id and started_at"), transaction.atomic():
        Contact.objects.filter(pk=contact.pk).update(started_at=datetime(2026, 2, 1, tzinfo=UTC))
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE insights_contact SET external_id = 'c2' WHERE id = %s", [contact.pk])
    Contact.objects.filter(pk=contact.pk).update(queue="billing")  # other columns may change
