"""The month partitions of insights_contact: made ahead by beat, on demand by the import.

The SQL function `insights_contact_partitions_ensure` (migration 0010_contact_partitioned_by_month) is the one
definition of a partition (a UTC month, insights_contact_yYYYYmMM); this module calls it.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone


def contact_partitions_ensure(*, first: datetime, last: datetime) -> int:
    """Make every missing month partition from `first`'s month to `last`'s (UTC); returns how many it made."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT insights_contact_partitions_ensure(%s, %s)", [first, last])
        return cursor.fetchone()[0]


def contact_partitions_ahead(*, now: datetime | None = None) -> int:
    """Beat, daily: make this month's partition and the next CONTACT_PARTITIONS_AHEAD_MONTHS; returns how many."""
    now = now or timezone.now()
    return contact_partitions_ensure(
        first=now, last=now + timedelta(days=31 * settings.CONTACT_PARTITIONS_AHEAD_MONTHS)
    )
