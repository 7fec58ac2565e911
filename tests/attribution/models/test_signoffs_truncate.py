"""PostgreSQL refuses TRUNCATE of the append-only attribution tables, whatever the session says."""

import pytest
from django.db import IntegrityError, connection, transaction

APPEND_ONLY = ["attribution_signoffrecord", "attribution_ledgertransaction", "attribution_ledgerentry"]


def _as_in_production() -> None:
    """Lift the test database's allowance inside this test's transaction (rolled back after it)."""
    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} RESET centerstage.allow_truncate")


@pytest.mark.django_db
@pytest.mark.parametrize("table", APPEND_ONLY)
def test_truncate_of_an_append_only_table_is_refused(table):
    _as_in_production()
    with (
        pytest.raises(IntegrityError, match="append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"TRUNCATE {table} CASCADE")


@pytest.mark.django_db
def test_a_session_setting_does_not_lift_the_refusal():
    _as_in_production()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL centerstage.allow_truncate = on")
        cursor.execute("TRUNCATE attribution_signoffrecord CASCADE")
