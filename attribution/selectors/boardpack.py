"""What the board pack lists beyond the executive summary: the improvements shipped in the period and the
value waiting on a department's signature."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from attribution.models import Improvement, SignoffRequest, SignoffStatus
from core.periods import Period

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ShippedImprovement:
    title: str
    department: str
    shipped_on: dt.date
    insights: int


@dataclass(frozen=True)
class AwaitingSignature:
    """Open sign-off requests, the insights they ask about, and those insights' estimated value."""

    requests: int
    insights: int
    estimated_value: Decimal


def improvements_shipped(*, period: Period, limit: int = 25) -> tuple[ShippedImprovement, ...]:
    """The improvements shipped in the period, newest first (one query)."""
    rows = (
        Improvement.objects.filter(shipped_on__gte=period.start, shipped_on__lt=period.end)
        .annotate(insight_count=Count("insight_weights"))
        .order_by("-shipped_on", "-id")
        .values_list("title", "department__name", "shipped_on", "insight_count")[:limit]
    )
    return tuple(ShippedImprovement(*row) for row in rows)


def awaiting_signature() -> AwaitingSignature:
    """Sign-off requests still open today and the estimated value of the insights they ask about (two
    queries: an insight asked of two departments counts its value once)."""
    pending = SignoffRequest.objects.filter(status=SignoffStatus.PENDING)
    requests = pending.aggregate(requests=Count("id"), insights=Count("insight", distinct=True))
    from insights.models import Insight

    value = Insight.objects.filter(pk__in=pending.values("insight")).aggregate(value=Sum("estimated_value"))["value"]
    return AwaitingSignature(requests["requests"], requests["insights"], value or ZERO)
