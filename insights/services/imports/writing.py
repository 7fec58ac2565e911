"""Writing a batch of parsed contact rows: `COPY` into a staging table and one statement that inserts what is new
and adds it to the daily metrics rollup, or (when asked) plain batched inserts. Either way a row whose key is
stored with another `started_at` is returned as a conflict (a stored contact never moves between months).

A batch's rows are `(row_number, *ROW_FIELDS values)`. The contacts' idempotency key lives in ContactKey (the
partitioned contacts cannot hold a unique index on it); writers of one source take a transaction-level advisory
lock, so two imports of overlapping files never both find a key missing.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from insights.models import Contact, ContactKey
from insights.selectors.metrics import rollup_basis
from insights.services.imports.rows import ROW_FIELDS
from insights.services.metrics_rollup import contact_metrics_rollup_add, contact_metrics_rollup_add_sql

_STAGING = "contact_import_staging"
# The staging table's columns: name, the type its COPY rows are sent as (binary: no text to format or parse on
# either side), and its declaration. The order is the batch rows' order: row_number, then ROW_FIELDS.
_STAGING_COLUMNS = (
    ("row_number", "int4", "integer"),
    ("external_id", "varchar", 'varchar(120) COLLATE "C"'),
    ("channel", "varchar", "varchar(10)"),
    ("started_at", "timestamptz", "timestamptz"),
    ("queue", "varchar", "varchar(80)"),
    ("wait_seconds", "int4", "integer"),
    ("handle_seconds", "int4", "integer"),
    ("abandoned", "bool", "boolean"),
    ("reason_code", "varchar", "varchar(80)"),
    ("resolved_first_contact", "bool", "boolean"),
    ("csat", "int2", "smallint"),
    ("nps", "int2", "smallint"),
    ("sentiment", "numeric", "numeric(4, 3)"),
    ("text", "text", "text"),
    ("customer_ref", "varchar", "varchar(120)"),
    ("account_value", "numeric", "numeric(18, 2)"),
    ("retained", "bool", "boolean"),
    ("sale_value", "numeric", "numeric(18, 2)"),
    ("profane", "bool", "boolean"),
)
assert tuple(name for name, _, _ in _STAGING_COLUMNS) == ("row_number", *ROW_FIELDS)
_STAGING_DDL = (
    f"CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} ("
    + ", ".join(f"{name} {declared}" for name, _, declared in _STAGING_COLUMNS)
    + ") ON COMMIT DELETE ROWS"
)
_COPY_TYPES = [sent for _, sent, _ in _STAGING_COLUMNS]
_FIELD_LIST = ", ".join(ROW_FIELDS)
STARTED_AT = 1 + ROW_FIELDS.index("started_at")  # the position of started_at in a batch row
_LOCK = "SELECT pg_advisory_xact_lock(hashtextextended('insights_contact_key:' || %s, 0))"


@dataclass(frozen=True)
class Conflict:
    """A row whose source + external_id is stored with another started_at."""

    row_number: int
    stored_started_at: datetime


Batch = list[tuple]
NextBatch = Callable[[], Batch | None]
BatchWriter = Callable[..., tuple[int, list[Conflict], Batch | None]]


def _insert_new_sql() -> tuple[str, list]:
    """One statement: insert the staged rows whose key is new (the first of each key in the batch) and add them to
    the rollup. The rollup's SELECT reads `insights_contact`, which a WITH item of that name shadows with the rows
    just inserted, so it counts exactly them without reading them back. Compiled once for the settings the rollup
    depends on (`rollup_basis`), not once a batch."""
    return _insert_new_sql_for(rollup_basis())


@functools.lru_cache(maxsize=4)
def _insert_new_sql_for(basis: str) -> tuple[str, list]:
    table = connection.ops.quote_name(Contact._meta.db_table)
    keys = connection.ops.quote_name(ContactKey._meta.db_table)
    rollup = contact_metrics_rollup_add_sql()
    return (
        f"""
        WITH staged AS (
            SELECT DISTINCT ON (external_id) * FROM {_STAGING} ORDER BY external_id, row_number
        ), new AS (
            INSERT INTO {table} (source, import_job_id, {_FIELD_LIST})
            SELECT %s, %s, {_FIELD_LIST} FROM staged s
            WHERE NOT EXISTS (SELECT FROM {keys} k WHERE k.source = %s AND k.external_id = s.external_id)
            RETURNING *
        ), {table} AS (SELECT * FROM new),
        rollup AS ({rollup[0]} RETURNING 1)
        SELECT count(*) FROM new
    """,
        rollup[1],
    )


def _conflicts(cursor, source: str) -> list[Conflict]:
    keys = connection.ops.quote_name(ContactKey._meta.db_table)
    cursor.execute(
        f"SELECT s.row_number, k.started_at FROM {_STAGING} s JOIN {keys} k"
        " ON k.source = %s AND k.external_id = s.external_id WHERE k.started_at <> s.started_at ORDER BY 1",
        [source],
    )
    return [Conflict(number, stored) for number, stored in cursor.fetchall()]


def batch_write_copy(
    *, rows: Batch, source: str, job_id: int, parse_next: NextBatch
) -> tuple[int, list[Conflict], Batch | None]:
    """COPY the batch into the session's staging table, then insert what is new; returns (new, conflicts, next
    batch). The insert is sent in pipeline mode, so Python parses the next batch while PostgreSQL writes this one.
    """
    with connection.cursor() as cursor, connection.cursor() as lock:
        cursor.execute(_STAGING_DDL)
        cursor.execute(f"TRUNCATE {_STAGING}")  # ON COMMIT does it too, but not inside a caller's transaction
        if not rows:
            return 0, [], parse_next()
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        with raw.copy(f"COPY {_STAGING} (row_number, {_FIELD_LIST}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(_COPY_TYPES)
            for row in rows:
                copy.write_row(row)
        sql, rollup_params = _insert_new_sql()
        with connection.connection.pipeline():
            lock.cursor.execute(_LOCK, [source])
            raw.execute(sql, [source, job_id, source, *rollup_params])
            upcoming = parse_next()
        created = raw.fetchone()[0]
        conflicts = _conflicts(cursor, source) if created < len(rows) else []
        return created, conflicts, upcoming


def batch_write_inserts(
    *, rows: Batch, source: str, job_id: int, parse_next: NextBatch
) -> tuple[int, list[Conflict], Batch | None]:
    """Batched ORM inserts (`copy=False`): skip keys already stored or seen earlier in the batch."""
    with connection.cursor() as cursor:
        cursor.execute(_LOCK, [source])
    stored = ContactKey.objects.filter(source=source, external_id__in=[row[1] for row in rows])
    known = dict(stored.values_list("external_id", "started_at"))
    new, conflicts = [], []
    for row in rows:
        external_id, started_at = row[1], row[STARTED_AT]
        if external_id in known:
            if known[external_id] != started_at:
                conflicts.append(Conflict(row[0], known[external_id]))
            continue
        known[external_id] = started_at
        new.append(Contact(source=source, import_job_id=job_id, **dict(zip(ROW_FIELDS, row[1:], strict=True))))
    Contact.objects.bulk_create(new, batch_size=500)
    if new:
        times = [contact.started_at for contact in new]
        written = Contact.objects.filter(
            pk__in=[contact.pk for contact in new], started_at__gte=min(times), started_at__lte=max(times)
        )
        contact_metrics_rollup_add(contacts=written)
    return len(new), conflicts, parse_next()
