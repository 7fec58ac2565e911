"""Competency metrics with the industry's standard definitions, computed by the database.

* Queued contacts are calls and chats. Short abandons (abandoned after waiting less than
  SHORT_ABANDON_SECONDS) are left out of every metric; offered = queued contacts that are not
  short abandons.
* service level = offered contacts answered within SERVICE_LEVEL_SECONDS ÷ offered.
* average speed of answer = mean wait of answered queued contacts.
* abandonment rate = abandoned offered contacts ÷ offered.
* average handle time = mean handle_seconds of handled contacts (not abandoned, handle > 0), all channels.
* first contact resolution = resolved ÷ (resolved + not resolved); unknown is left out.
* CSAT = share of CSAT answers that are 4 or 5. NPS = % of 9–10 minus % of 0–6, in points.

An empty denominator gives None (JSON null), never 0. Rates are fractions from 0 to 1.
The plain-English explanation of each metric is in insights.metric_definitions.

Every metric is computed from additive parts (counts and sums, `PARTS`), so the parts of days add up to the
parts of a quarter. `contact_metrics` counts them from the contacts; `contact_metrics_by_month` reads the
daily rollup (`ContactMetricsDay`) the import keeps with the same parts, and gives the same figures.
"""

import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractMinute, Floor, Trunc, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from insights.models import Contact, ContactMetricsDay
from insights.models.contacts import QUEUED_CHANNELS

logger = logging.getLogger(__name__)

METRIC_KEYS = (
    "offered",
    "service_level",
    "average_speed_of_answer_seconds",
    "abandonment_rate",
    "average_handle_time_seconds",
    "first_contact_resolution",
    "csat",
    "nps",
)
INTERVALS = {"15min": timedelta(minutes=15), "hour": timedelta(hours=1), "day": timedelta(days=1)}
MAX_INTERVALS = 20_000


# The counts and sums the metrics are computed from; ContactMetricsDay has one field for each.
PARTS = (
    "n_offered",
    "n_in_target",
    "n_abandoned",
    "n_answered",
    "total_wait",
    "n_handled",
    "total_handle",
    "n_resolved",
    "n_resolution_known",
    "n_csat",
    "n_csat_good",
    "n_nps",
    "n_promoters",
    "n_detractors",
)


def _offered_only(contacts: QuerySet) -> QuerySet:
    """Leave out short abandons, which no metric counts."""
    return contacts.exclude(abandoned=True, wait_seconds__lt=settings.SHORT_ABANDON_SECONDS)


def _contacts(*, start: datetime, end: datetime, channel: str | None, queue: str | None) -> QuerySet:
    contacts = _offered_only(Contact.objects.filter(started_at__gte=start, started_at__lt=end))
    if channel:
        contacts = contacts.filter(channel=channel)
    if queue:
        contacts = contacts.filter(queue=queue)
    return contacts


def _aggregates() -> dict:
    """The parts as aggregates over contacts that are not short abandons."""
    queued = Q(channel__in=QUEUED_CHANNELS)
    answered = queued & Q(abandoned=False)
    handled = Q(abandoned=False, handle_seconds__gt=0)
    aggregates = {
        "n_offered": Count("id", filter=queued),
        "n_in_target": Count("id", filter=answered & Q(wait_seconds__lte=settings.SERVICE_LEVEL_SECONDS)),
        "n_abandoned": Count("id", filter=queued & Q(abandoned=True)),
        "n_answered": Count("id", filter=answered),
        "total_wait": Sum("wait_seconds", filter=answered, default=0),
        "n_handled": Count("id", filter=handled),
        "total_handle": Sum("handle_seconds", filter=handled, default=0),
        "n_resolved": Count("id", filter=Q(resolved_first_contact=True)),
        "n_resolution_known": Count("id", filter=Q(resolved_first_contact__isnull=False)),
        "n_csat": Count("id", filter=Q(csat__isnull=False)),
        "n_csat_good": Count("id", filter=Q(csat__gte=4)),
        "n_nps": Count("id", filter=Q(nps__isnull=False)),
        "n_promoters": Count("id", filter=Q(nps__gte=9)),
        "n_detractors": Count("id", filter=Q(nps__lte=6)),
    }
    assert tuple(aggregates) == PARTS
    return aggregates


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def _mean(total: int, count: int) -> float | None:
    return None if not count else round(total / count, 1)


def _metrics(row: dict) -> dict:
    """The figures from the parts (a sum over no rows may be None: it counts as 0)."""
    p = {name: row[name] or 0 for name in PARTS}
    nps = None
    if p["n_nps"]:
        nps = round(100 * (p["n_promoters"] - p["n_detractors"]) / p["n_nps"], 1)
    return {
        "offered": p["n_offered"],
        "service_level": _share(p["n_in_target"], p["n_offered"]),
        "average_speed_of_answer_seconds": _mean(p["total_wait"], p["n_answered"]),
        "abandonment_rate": _share(p["n_abandoned"], p["n_offered"]),
        "average_handle_time_seconds": _mean(p["total_handle"], p["n_handled"]),
        "first_contact_resolution": _share(p["n_resolved"], p["n_resolution_known"]),
        "csat": _share(p["n_csat_good"], p["n_csat"]),
        "nps": nps,
    }


def contact_metrics(*, start: datetime, end: datetime, channel: str | None = None, queue: str | None = None) -> dict:
    """The competency metrics of contacts started in [start, end), optionally for one channel or queue."""
    row = _contacts(start=start, end=end, channel=channel, queue=queue).aggregate(**_aggregates())
    return _metrics(row)


# --- The daily rollup ----------------------------------------------------------------------------


def rollup_basis() -> str:
    """What the rollup's parts depend on besides the contacts: the day boundaries and the two thresholds."""
    return (
        f"{settings.TIME_ZONE}; short abandon < {settings.SHORT_ABANDON_SECONDS} s;"
        f" in target <= {settings.SERVICE_LEVEL_SECONDS} s"
    )


def contact_daily_parts(contacts: QuerySet) -> QuerySet:
    """The rollup rows of these contacts: {"day", "channel", *PARTS} per local day (TIME_ZONE) and channel."""
    day = TruncDate("started_at", tzinfo=ZoneInfo(settings.TIME_ZONE))
    return _offered_only(contacts).values("channel", day=day).annotate(**_aggregates()).order_by("day", "channel")


def contact_retention_horizon(now: datetime | None = None) -> datetime:
    """The first moment whose contacts are kept: CONTACT_RETENTION_MONTHS calendar months before `now` (UTC; a day
    the earlier month lacks becomes its last). Older contacts are removed; the rollup's days before it stay."""
    now = (now or timezone.now()).astimezone(UTC)
    months = now.year * 12 + now.month - 1 - settings.CONTACT_RETENTION_MONTHS
    year, month = divmod(months, 12)
    month += 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return now.replace(year=year, month=month, day=min(now.day, (following - timedelta(days=1)).day))


def kept_days(start: date | None) -> date:
    """`start`, moved forward to the first local day whose contacts are all still kept (retention)."""
    first = timezone.localdate(contact_retention_horizon(), ZoneInfo(settings.TIME_ZONE)) + timedelta(days=1)
    return first if start is None or start < first else start


def local_midnight(day: date) -> datetime:
    """The day's first moment in TIME_ZONE: where the rollup's days begin."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.TIME_ZONE))


def _month_starts(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month < end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def contact_metrics_by_month(*, start: date, end: date) -> dict:
    """The metrics of contacts started on the local days [start, end): {"total": metrics, "months": [{"month":
    first day, **metrics}, ...]} with every calendar month listed, oldest first. One query on the daily rollup;
    the figures equal `contact_metrics` between the same midnights in TIME_ZONE. If any row was counted under
    other settings (see `rollup_basis`) it counts the contacts instead, and logs that a rebuild is due."""
    rows = list(
        ContactMetricsDay.objects.filter(day__gte=start, day__lt=end)
        .values(month=TruncMonth("day"))
        .annotate(**{name: Sum(name) for name in PARTS}, stale=Count("id", filter=~Q(basis=rollup_basis())))
        .order_by("month")
    )
    if any(row["stale"] for row in rows):
        logger.warning(
            "contact metrics rollup was counted under other settings than %r: reading the contacts instead; "
            "run `manage.py contact_metrics_rollup --rebuild`",
            rollup_basis(),
        )
        zone = ZoneInfo(settings.TIME_ZONE)
        contacts = _contacts(start=local_midnight(start), end=local_midnight(end), channel=None, queue=None)
        rows = [
            {**row, "month": row["month"].astimezone(zone).date()}
            for row in contacts.values(month=Trunc("started_at", "month", tzinfo=zone))
            .annotate(**_aggregates())
            .order_by("month")
        ]
    found = {row["month"]: row for row in rows}
    empty = dict.fromkeys(PARTS, 0)
    months = [found.get(month, empty) for month in _month_starts(start, end)]
    total = {name: sum(row[name] or 0 for row in months) for name in PARTS}
    return {
        "total": _metrics(total),
        "months": [{"month": m, **_metrics(row)} for m, row in zip(_month_starts(start, end), months, strict=True)],
    }


def contact_metrics_rollup_differences(*, start: date | None = None, end: date | None = None) -> list[dict]:
    """Where the rollup differs from counting the contacts again, for the local days [start, end) (open ends:
    every day kept by retention; the rollup outlives the contacts, so older days are not compared): one {"day",
    "channel", "stored", "counted"} per differing row, the parts as dicts (None where a row is missing), a row
    counted under other settings always differing. Empty when the rollup is right."""
    start = kept_days(start)
    days, contacts = ContactMetricsDay.objects.all(), Contact.objects.all()
    if start is not None:
        days, contacts = days.filter(day__gte=start), contacts.filter(started_at__gte=local_midnight(start))
    if end is not None:
        days, contacts = days.filter(day__lt=end), contacts.filter(started_at__lt=local_midnight(end))
    basis = rollup_basis()
    counted = {
        (row["day"], row["channel"]): {**{p: row[p] or 0 for p in PARTS}, "basis": basis}
        for row in contact_daily_parts(contacts)
    }
    stored = {(row["day"], row["channel"]): row for row in days.values("day", "channel", "basis", *PARTS)}
    out = []
    for key in sorted(counted.keys() | stored.keys()):
        was = stored.get(key)
        if was is not None:
            was = {k: v for k, v in was.items() if k not in ("day", "channel")}
        if was != counted.get(key):
            out.append({"day": key[0], "channel": key[1], "stored": was, "counted": counted.get(key)})
    return out


def _interval_starts(start: datetime, end: datetime, interval: str, zone: ZoneInfo) -> list[datetime]:
    local = start.astimezone(zone)
    if interval == "day":
        day = local.date()
        starts = []
        while True:
            moment = datetime.combine(day, time.min, tzinfo=zone)
            if moment >= end:
                return starts
            starts.append(moment)
            day += timedelta(days=1)
    step = INTERVALS[interval]
    first = local.replace(minute=0 if interval == "hour" else local.minute - local.minute % 15, second=0, microsecond=0)
    starts = []
    moment = first
    while moment < end:
        starts.append(moment)
        moment = (moment.astimezone(UTC) + step).astimezone(zone)  # absolute steps: DST-safe
    return starts


def contact_metrics_by_interval(
    *,
    start: datetime,
    end: datetime,
    interval: str = "hour",
    channel: str | None = None,
    queue: str | None = None,
) -> list[dict]:
    """The metrics per interval ("15min", "hour" or "day", in TIME_ZONE), every interval listed, oldest first.

    Each item is {"interval_start": aware datetime, **contact_metrics keys}.
    """
    if interval not in INTERVALS:
        raise ValidationError({"interval": [f"interval must be one of {', '.join(INTERVALS)}."]})
    if (end - start) / INTERVALS[interval] > MAX_INTERVALS:
        raise ValidationError({"interval": [f"That is more than {MAX_INTERVALS:,} intervals; choose a longer one."]})
    zone = ZoneInfo(settings.TIME_ZONE)
    contacts = _contacts(start=start, end=end, channel=channel, queue=queue)
    kind = "day" if interval == "day" else "hour"
    contacts = contacts.annotate(bucket=Trunc("started_at", kind, tzinfo=zone))
    group = ["bucket"]
    if interval == "15min":
        contacts = contacts.annotate(quarter=Floor(ExtractMinute("started_at") / 15))
        group.append("quarter")
    rows = contacts.values(*group).annotate(**_aggregates()).order_by(*group)
    found = {}
    for row in rows:
        bucket = row["bucket"]
        if interval == "15min":
            bucket = bucket + timedelta(minutes=15 * int(row["quarter"]))
        found[bucket] = row
    empty = dict.fromkeys(PARTS, 0)
    result = []
    for moment in _interval_starts(start, end, interval, zone):
        result.append({"interval_start": moment, **_metrics(found.get(moment, empty))})
    return result


def _moment(value: str, name: str, zone: ZoneInfo) -> datetime:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: [f"{name} is required (a date such as 2026-01-01, or an ISO 8601 time)."]})
    try:
        moment = parse_datetime(value)
        if moment is None:
            day: date | None = parse_date(value)
            if day is None:
                raise ValueError
            moment = datetime.combine(day, time.min)
    except ValueError:
        raise ValidationError({name: [f"{name} must be a date such as 2026-01-01 or an ISO 8601 time."]}) from None
    return moment.replace(tzinfo=zone) if timezone.is_naive(moment) else moment


def metrics_window(*, start: str, end: str) -> tuple[datetime, datetime]:
    """Parse a [start, end) window given as dates or ISO 8601 times; dates are midnights in TIME_ZONE."""
    zone = ZoneInfo(settings.TIME_ZONE)
    first, last = _moment(start, "start", zone), _moment(end, "end", zone)
    if last <= first:
        raise ValidationError({"end": ["end must be after start."]})
    return first, last


__all__ = [
    "INTERVALS",
    "METRIC_KEYS",
    "PARTS",
    "contact_daily_parts",
    "contact_metrics",
    "contact_metrics_by_interval",
    "contact_metrics_by_month",
    "contact_metrics_rollup_differences",
    "contact_retention_horizon",
    "kept_days",
    "local_midnight",
    "metrics_window",
    "rollup_basis",
]
