"""Writing a batch of parsed contact rows: `COPY` into a staging table and one `INSERT ... ON CONFLICT DO NOTHING`,
or (when asked) plain batched inserts; either way the new contacts' counts join the daily metrics rollup."""

from collections.abc import Callable

from django.db import connection
from django.db.models.expressions import RawSQL

from insights.models import Contact
from insights.services.imports.rows import ROW_FIELDS
from insights.services.metrics_rollup import contact_metrics_rollup_add

_STAGING = "contact_import_staging"
_NEW = "contact_import_new"  # the ids of the contacts a batch created, for the metrics rollup
_STAGING_DDL = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} (
    external_id varchar(120), channel varchar(10), started_at timestamptz, queue varchar(80),
    wait_seconds integer, handle_seconds integer, abandoned boolean, reason_code varchar(80),
    resolved_first_contact boolean, csat smallint, nps smallint, sentiment numeric(4, 3), text text,
    customer_ref varchar(120), account_value numeric(18, 2), profane boolean
) ON COMMIT DELETE ROWS;
CREATE TEMPORARY TABLE IF NOT EXISTS {_NEW} (id bigint) ON COMMIT DELETE ROWS
"""
_FIELD_LIST = ", ".join(ROW_FIELDS)


Batch = list[tuple]
NextBatch = Callable[[], Batch | None]
BatchWriter = Callable[..., tuple[int, Batch | None]]


def batch_write_copy(*, rows: Batch, source: str, job_id: int, parse_next: NextBatch) -> tuple[int, Batch | None]:
    """COPY the batch into the session's staging table, then insert what is new; returns (new, next batch).

    The INSERT and the rollup's update are sent in pipeline mode, so Python parses the next batch while
    PostgreSQL writes this one.
    """
    with connection.cursor() as cursor:
        cursor.execute(_STAGING_DDL)
        cursor.execute(f"TRUNCATE {_STAGING}, {_NEW}")  # ON COMMIT does it too, but not inside a caller's transaction
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        if not rows:
            return 0, parse_next()
        with raw.copy(f"COPY {_STAGING} ({_FIELD_LIST}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with connection.connection.pipeline():
            raw.execute(
                f"WITH new AS (INSERT INTO {Contact._meta.db_table} (source, import_job_id, {_FIELD_LIST}) "
                f"SELECT %s, %s, {_FIELD_LIST} FROM {_STAGING} "
                f"ON CONFLICT (source, external_id) DO NOTHING RETURNING id) INSERT INTO {_NEW} SELECT id FROM new",
                [source, job_id],
            )
            created = RawSQL(f"SELECT id FROM {_NEW}", [])  # noqa: S611 - a constant table name, no input
            contact_metrics_rollup_add(contacts=Contact.objects.filter(pk__in=created))
            upcoming = parse_next()
        return raw.rowcount, upcoming


def batch_write_inserts(*, rows: Batch, source: str, job_id: int, parse_next: NextBatch) -> tuple[int, Batch | None]:
    """Batched ORM inserts (`copy=False`): skip keys already stored or seen earlier in the batch."""
    ids = [row[0] for row in rows]
    known = set(Contact.objects.filter(source=source, external_id__in=ids).values_list("external_id", flat=True))
    new = []
    for row in rows:
        if row[0] in known:
            continue
        known.add(row[0])
        new.append(Contact(source=source, import_job_id=job_id, **dict(zip(ROW_FIELDS, row, strict=True))))
    Contact.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if new:
        # This job's rows among the keys it just wrote: what it created, not what a concurrent import did.
        written = Contact.objects.filter(
            source=source, import_job_id=job_id, external_id__in=[c.external_id for c in new]
        )
        contact_metrics_rollup_add(contacts=written)
    return len(new), parse_next()
