"""Chain anchors are append-only in PostgreSQL, like the records they anchor."""

import pytest
from django.db import IntegrityError, connection, transaction

from attribution.models import ChainAnchor


@pytest.fixture
def anchor(db):
    return ChainAnchor.objects.create(sequence=1, record_hash="a" * 64)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE attribution_chainanchor SET record_hash = 'b' WHERE id = %s",
        "DELETE FROM attribution_chainanchor WHERE id = %s",
    ],
)
def test_update_and_delete_of_an_anchor_are_refused(anchor, sql):
    with (
        pytest.raises(IntegrityError, match="chain anchors are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [anchor.pk])
    assert ChainAnchor.objects.get().record_hash == "a" * 64


def test_truncate_of_anchors_is_refused(anchor):
    with connection.cursor() as cursor:
        # lift the test database's allowance inside this test's transaction (rolled back after it)
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} RESET centerstage.allow_truncate")
    with (
        pytest.raises(IntegrityError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE attribution_chainanchor")
