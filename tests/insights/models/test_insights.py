"""Revisions are immutable: PostgreSQL refuses UPDATE and DELETE, whatever the path."""

import pytest
from django.db import DatabaseError, connection, transaction

from insights.models import InsightRevision
from insights.services.insights import insight_publish


@pytest.fixture
def revision(org, draft):
    return insight_publish(insight=draft, publisher=org.lead)


def test_revision_cannot_be_updated_even_with_raw_sql(revision):
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE insights_insightrevision SET title = 'tampered' WHERE id = %s", [revision.pk])
    revision.refresh_from_db()
    assert revision.title != "tampered"


def test_revision_cannot_be_deleted_even_with_raw_sql(revision):
    with pytest.raises(DatabaseError, match="immutable"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM insights_insightrevision WHERE id = %s", [revision.pk])
    assert InsightRevision.objects.filter(pk=revision.pk).exists()


def test_revision_cannot_be_changed_through_the_orm(revision):
    with pytest.raises(DatabaseError), transaction.atomic():
        InsightRevision.objects.filter(pk=revision.pk).update(content_hash="0" * 64)
    revision.refresh_from_db()
    assert revision.content_hash != "0" * 64
