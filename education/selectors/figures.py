"""The center's recent figures, read from its contacts, for the staffing calculator, the quiz and listen-ins."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, QuerySet
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from education.quiz import SAMPLE_FIGURES, CenterFigures
from insights.models import Contact
from insights.models.contacts import QUEUED_CHANNELS

RECENT_DAYS = 28


def _offered(queryset: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts that count as offered: short abandons (dialled by mistake) do not."""
    return queryset.exclude(abandoned=True, wait_seconds__lt=settings.SHORT_ABANDON_SECONDS)


def recent_center_figures(*, queue: str | None = None, now: datetime | None = None) -> CenterFigures:
    """The center's recent volume per hour, handle time and worst-day abandonment, for the calculator and quiz.

    An adapter of its own (plain ORM on Contact) so education does not wait on the metrics work; the window is
    the last four weeks, or the four weeks up to the latest contact when the data is older than that.
    """
    now = now or timezone.now()
    queued = Contact.objects.filter(channel__in=QUEUED_CHANNELS)
    if queue:
        queued = queued.filter(queue=queue)
    latest = queued.filter(started_at__lte=now).aggregate(latest=Max("started_at"))["latest"]
    if latest is None:
        return SAMPLE_FIGURES
    end = min(now, latest + timedelta(seconds=1))
    window = _offered(queued.filter(started_at__gte=end - timedelta(days=RECENT_DAYS), started_at__lt=end))

    hourly = list(window.annotate(hour=TruncHour("started_at")).values("hour").annotate(n=Count("id")).order_by())
    if not hourly:
        return SAMPLE_FIGURES
    total = sum(row["n"] for row in hourly)
    by_hour_of_day: dict[int, list[int]] = defaultdict(list)
    for row in hourly:
        by_hour_of_day[timezone.localtime(row["hour"]).hour].append(row["n"])
    busiest_hour, counts = max(by_hour_of_day.items(), key=lambda item: (sum(item[1]) / len(item[1]), -item[0]))

    aht = window.filter(abandoned=False, handle_seconds__gt=0).aggregate(aht=Avg("handle_seconds"))["aht"]

    last_week = window.filter(started_at__gte=end - timedelta(days=7))
    days = list(
        last_week.annotate(day=TruncDate("started_at"))
        .values("day")
        .annotate(offered=Count("id"), abandoned=Count("id", filter=Q(abandoned=True)))
        .order_by()
    )
    worst = max(days, key=lambda row: (row["abandoned"] / row["offered"], row["day"]), default=None)
    return CenterFigures(
        hourly_contacts=total / len(hourly),
        busiest_hour=busiest_hour,
        busiest_hour_contacts=sum(counts) / len(counts),
        aht_seconds=float(aht) if aht else SAMPLE_FIGURES.aht_seconds,
        target_seconds=settings.SERVICE_LEVEL_SECONDS,
        abandonment_day=worst["day"] if worst else None,
        abandonment_rate=worst["abandoned"] / worst["offered"] if worst else None,
        contacts=total,
        is_sample=False,
    )


def contact_queues() -> list[str]:
    """Queue names seen on contacts, for the listen-in form."""
    return list(Contact.objects.exclude(queue="").order_by("queue").values_list("queue", flat=True).distinct()[:200])
