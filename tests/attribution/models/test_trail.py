"""PostgreSQL keeps the sign-off evidence trail append-only: UPDATE, DELETE and TRUNCATE refused, even in raw SQL."""

import pytest
from django.db import IntegrityError, InternalError, connection, transaction

from attribution.models import SignoffEvent
from attribution.services.signoffs import signoff_requests_open_for_event
from tests.attribution.factories import revision_published as publish
from tests.attribution.models.test_signoffs_truncate import _as_in_production


@pytest.fixture
def event(org):
    _, published = publish(org, org.marketing)
    request = signoff_requests_open_for_event(event=published)[0]
    return SignoffEvent.objects.get(request=request, kind=SignoffEvent.Kind.SENT)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE attribution_signoffevent SET detail = 'rewritten' WHERE id = %s",
        "DELETE FROM attribution_signoffevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_a_trail_event_cannot_be_changed_or_removed_even_with_raw_sql(event, sql):
    with (
        pytest.raises((IntegrityError, InternalError), match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert SignoffEvent.objects.get(pk=event.pk).detail == event.detail


def test_the_orm_cannot_update_a_trail_event_either(event):
    with pytest.raises((IntegrityError, InternalError), match="append-only"), transaction.atomic():
        SignoffEvent.objects.filter(pk=event.pk).update(channel="forged")


@pytest.mark.django_db
def test_truncate_of_the_trail_is_refused():
    _as_in_production()
    with (
        pytest.raises(IntegrityError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE attribution_signoffevent CASCADE")
