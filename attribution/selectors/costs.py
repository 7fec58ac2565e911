"""Reads of the center's monthly cost."""

import datetime as dt

from django.db.models import QuerySet

from attribution.models import CenterCost


def center_costs(*, start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[CenterCost]:
    """The recorded months in [start, end) (every month when not given), newest first, with who recorded each."""
    costs = CenterCost.objects.select_related("recorded_by")
    if start:
        costs = costs.filter(month__gte=start)
    if end:
        costs = costs.filter(month__lt=end)
    return costs.order_by("-month")
