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
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractMinute, Floor, Trunc
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from insights.models import Contact
from insights.models.contacts import QUEUED_CHANNELS

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


def _contacts(*, start: datetime, end: datetime, channel: str | None, queue: str | None) -> QuerySet:
    contacts = Contact.objects.filter(started_at__gte=start, started_at__lt=end).exclude(
        abandoned=True, wait_seconds__lt=settings.SHORT_ABANDON_SECONDS
    )
    if channel:
        contacts = contacts.filter(channel=channel)
    if queue:
        contacts = contacts.filter(queue=queue)
    return contacts


def _aggregates() -> dict:
    queued = Q(channel__in=QUEUED_CHANNELS)
    answered = queued & Q(abandoned=False)
    return {
        "n_offered": Count("id", filter=queued),
        "n_in_target": Count("id", filter=answered & Q(wait_seconds__lte=settings.SERVICE_LEVEL_SECONDS)),
        "n_abandoned": Count("id", filter=queued & Q(abandoned=True)),
        "mean_wait": Avg("wait_seconds", filter=answered),
        "mean_handle": Avg("handle_seconds", filter=Q(abandoned=False, handle_seconds__gt=0)),
        "n_resolved": Count("id", filter=Q(resolved_first_contact=True)),
        "n_resolution_known": Count("id", filter=Q(resolved_first_contact__isnull=False)),
        "n_csat": Count("id", filter=Q(csat__isnull=False)),
        "n_csat_good": Count("id", filter=Q(csat__gte=4)),
        "n_nps": Count("id", filter=Q(nps__isnull=False)),
        "n_promoters": Count("id", filter=Q(nps__gte=9)),
        "n_detractors": Count("id", filter=Q(nps__lte=6)),
    }


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(part / whole, 4)


def _seconds(value) -> float | None:
    return None if value is None else round(float(value), 1)


def _metrics(row: dict) -> dict:
    nps = None
    if row["n_nps"]:
        nps = round(100 * (row["n_promoters"] - row["n_detractors"]) / row["n_nps"], 1)
    return {
        "offered": row["n_offered"],
        "service_level": _share(row["n_in_target"], row["n_offered"]),
        "average_speed_of_answer_seconds": _seconds(row["mean_wait"]),
        "abandonment_rate": _share(row["n_abandoned"], row["n_offered"]),
        "average_handle_time_seconds": _seconds(row["mean_handle"]),
        "first_contact_resolution": _share(row["n_resolved"], row["n_resolution_known"]),
        "csat": _share(row["n_csat_good"], row["n_csat"]),
        "nps": nps,
    }


def contact_metrics(*, start: datetime, end: datetime, channel: str | None = None, queue: str | None = None) -> dict:
    """The competency metrics of contacts started in [start, end), optionally for one channel or queue."""
    row = _contacts(start=start, end=end, channel=channel, queue=queue).aggregate(**_aggregates())
    return _metrics(row)


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
    empty = dict.fromkeys(_aggregates(), 0) | {"mean_wait": None, "mean_handle": None}
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


__all__ = ["INTERVALS", "METRIC_KEYS", "contact_metrics", "contact_metrics_by_interval", "metrics_window"]
