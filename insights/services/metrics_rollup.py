"""Keep the daily contact-metrics rollup (`ContactMetricsDay`) equal to counting the contacts again.

Whatever writes contacts adds them in its own transaction: the import adds each batch's new contacts
(`contact_metrics_rollup_add`), the demo seeders recount the days they filled (`contact_metrics_rollup_rebuild`).
Both write with one `INSERT … SELECT … ON CONFLICT`, the SELECT being `contact_daily_parts`, the one definition
of the parts. `manage.py contact_metrics_rollup --check` compares the rollup with the contacts; `--rebuild`
recounts it (after a change of TIME_ZONE, SHORT_ABANDON_SECONDS or SERVICE_LEVEL_SECONDS, for instance).
"""

from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from insights.models import Contact, ContactMetricsDay
from insights.selectors.metrics import PARTS, contact_daily_parts, kept_days, local_midnight, rollup_basis

_COLUMNS = ("day", "channel", *PARTS)


def _insert_sql(contacts: QuerySet, *, add: bool) -> tuple[str, list]:
    """The INSERT of the contacts' rollup rows; with `add`, a row already there (counted under the same basis)
    grows by them. Rows are written in (day, channel) order so concurrent imports lock them in the same order."""
    table = connection.ops.quote_name(ContactMetricsDay._meta.db_table)
    select, params = contact_daily_parts(contacts).query.sql_with_params()
    names = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    picked = ", ".join(f"parts.{connection.ops.quote_name(c)}" for c in _COLUMNS)
    sql = (
        f"INSERT INTO {table} (basis, {names}) SELECT %s, {picked} FROM ({select}) parts"
        " ORDER BY parts.day, parts.channel"
    )
    if add:
        grow = ", ".join(f"{p} = {table}.{p} + excluded.{p}" for p in PARTS)
        # A row counted under other settings is left stale (readers then count the contacts) until a rebuild.
        sql += f" ON CONFLICT (day, channel) DO UPDATE SET {grow} WHERE {table}.basis = excluded.basis"
    return sql, [rollup_basis(), *params]


def _insert(contacts: QuerySet, *, add: bool) -> None:
    sql, params = _insert_sql(contacts, add=add)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def contact_metrics_rollup_add(*, contacts: QuerySet) -> None:
    """Add contacts just written to the daily rollup, in the caller's transaction; each contact exactly once."""
    _insert(contacts, add=True)


def contact_metrics_rollup_add_sql() -> tuple[str, list]:
    """The INSERT that adds every row of `insights_contact` to the rollup, for a statement whose WITH clause binds
    that name to the contacts it just wrote (the import's, insights.services.imports.writing)."""
    return _insert_sql(Contact.objects.all(), add=True)


@transaction.atomic
def contact_metrics_rollup_rebuild(*, start: date | None = None, end: date | None = None) -> int:
    """Recount the rollup from the contacts for the local days [start, end) (open ends: every day whose contacts
    retention still keeps; older days are never recounted, their contacts being gone); returns how many rollup rows
    it holds for those days now."""
    start = kept_days(start)
    # Imports wait while the days are recounted, so none of their contacts is counted twice or missed.
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {ContactMetricsDay._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")
    days, contacts = ContactMetricsDay.objects.all(), Contact.objects.all()
    if start is not None:
        days, contacts = days.filter(day__gte=start), contacts.filter(started_at__gte=local_midnight(start))
    if end is not None:
        days, contacts = days.filter(day__lt=end), contacts.filter(started_at__lt=local_midnight(end))
    days.delete()
    _insert(contacts, add=False)
    return days.count()


def contact_metrics_rollup_recount(*, first: datetime, last: datetime) -> int:
    """Recount the local days from `first`'s to `last`'s, both included: for writers that may have skipped
    contacts already stored (bulk inserts ignoring conflicts), which cannot tell which ones are new."""
    zone = timezone.get_default_timezone()
    return contact_metrics_rollup_rebuild(
        start=timezone.localdate(first, zone), end=timezone.localdate(last, zone) + timedelta(days=1)
    )
