"""The month partitions of insights_contact: made ahead by beat, on demand by the import, dropped by retention.

The SQL function `insights_contact_partitions_ensure` (migration 0010_contact_partitioned_by_month) is the one
definition of a partition (a UTC month, insights_contact_yYYYYmMM); this module calls it.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from insights.models import ContactKey, EmergingIssue, InsightEvidence
from insights.selectors.metrics import contact_retention_horizon

logger = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class RetentionResult:
    horizon: datetime
    partitions_dropped: list[str]
    rows_deleted: int  # from the month the horizon falls in, by row


# The bounds of each month partition, read back from the catalogue: FOR VALUES FROM ('…') TO ('…').
_PARTITIONS = r"""
SELECT name, bounds[1]::timestamptz, bounds[2]::timestamptz FROM (
    SELECT c.relname AS name, regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''(.+)''\) TO \(''(.+)''\)')
        AS bounds
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'insights_contact'::regclass
) p ORDER BY 2
"""


def _partitions() -> list[tuple[str, datetime, datetime]]:
    """Every month partition of insights_contact as (name, lower bound, upper bound), oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(_PARTITIONS)
        return cursor.fetchall()


def _unlink(cursor, contacts: str, params: list) -> None:
    """Remove what points at the contacts selected by `contacts` (evidence links, sample contacts, their keys)."""
    for table in (InsightEvidence._meta.db_table, EmergingIssue.sample_contacts.through._meta.db_table):
        cursor.execute(f"DELETE FROM {table} WHERE contact_id IN (SELECT id FROM {contacts} AS c)", params)
    cursor.execute(
        f"DELETE FROM {ContactKey._meta.db_table} k USING {contacts} AS c"
        ' WHERE k.source = c.source COLLATE "C" AND k.external_id = c.external_id COLLATE "C"',
        params,
    )


@transaction.atomic
def contacts_retention_apply(*, now: datetime | None = None) -> RetentionResult:
    """Remove contacts older than CONTACT_RETENTION_MONTHS: whole months by dropping their partitions, the rest of
    the month the horizon falls in by row; their keys, evidence links and sample-contact links go with them. The
    daily metric rollup and published revisions (frozen statistics, no personal data) are not touched."""
    horizon = contact_retention_horizon(now)
    dropped, deleted = [], 0
    with connection.cursor() as cursor:
        for name, lower, upper in _partitions():
            table = connection.ops.quote_name(name)
            if upper <= horizon:
                _unlink(cursor, table, [])
                cursor.execute(f"DROP TABLE {table}")
                dropped.append(name)
            elif lower < horizon:  # the month the horizon falls in
                expired = f"(SELECT * FROM {table} WHERE started_at < %s)"
                _unlink(cursor, expired, [horizon])
                cursor.execute(f"DELETE FROM {table} WHERE started_at < %s", [horizon])
                deleted += cursor.rowcount
    logger.info("contact retention: horizon %s, dropped %s, deleted %s rows", horizon.isoformat(), dropped, deleted)
    return RetentionResult(horizon=horizon, partitions_dropped=dropped, rows_deleted=deleted)
