"""PostgreSQL refuses TRUNCATE of insight revisions (what a department signs), whatever the session says."""

import pytest
from django.db import IntegrityError, connection, transaction


@pytest.mark.django_db
def test_truncate_of_insight_revisions_is_refused():
    with connection.cursor() as cursor:
        # lift the test database's allowance inside this test's transaction (rolled back after it)
        cursor.execute(
            f"ALTER DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} "
            "RESET centerstage.allow_truncate"
        )
    with (
        pytest.raises(IntegrityError, match="insights_insightrevision is append-only: TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE insights_insightrevision CASCADE")


@pytest.mark.django_db(transaction=True)
def test_the_test_database_alone_allows_the_flush_between_transactional_tests():
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE insights_insightrevision CASCADE")
