"""Reads of outcomes beside the ledger: forecasts (expected value, never credited), one outcome's page, and the
accounting months with their state."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet, Sum
from django.utils import timezone

from attribution.models import AccountingPeriod, LedgerEntry, LedgerTransaction, Outcome
from core.periods import Period

ZERO = Decimal("0.00")


def outcomes_expected(*, department_ids: Collection[int] | None, today: dt.date | None = None) -> QuerySet[Outcome]:
    """Forecasts still expected: their period ends after today (a forecast whose period has ended is stale: the
    value realised is recorded as an outcome of its own). `department_ids` None: every department."""
    today = today or timezone.localdate()
    qs = Outcome.objects.filter(forecast=True, period_end__gt=today).select_related("improvement__department")
    if department_ids is not None:
        qs = qs.filter(improvement__department_id__in=department_ids)
    return qs.order_by("period_end", "id")


def forecast_total(*, period: Period, department_ids: Collection[int] | None = None) -> Decimal:
    """Expected value in `period`: the forecasts still expected whose period ends in it (one query). What the
    executive view shows as "expected", beside (never inside) the value credited."""
    total = (
        outcomes_expected(department_ids=department_ids)
        .filter(period_end__gte=period.start, period_end__lt=period.end)
        .aggregate(total=Sum("amount"))["total"]
    )
    return total or ZERO


def outcome_for_page(*, pk: int, department_ids: Collection[int] | None) -> Outcome:
    """One outcome with its improvement and its transactions' entries; another department's is DoesNotExist."""
    qs = Outcome.objects.select_related("improvement__department", "recorded_by").prefetch_related(
        Prefetch(
            "transactions",
            LedgerTransaction.objects.order_by("id").prefetch_related(
                Prefetch("entries", LedgerEntry.objects.select_related("department"))
            ),
        )
    )
    if department_ids is not None:
        qs = qs.filter(improvement__department_id__in=department_ids)
    return qs.get(pk=pk)


@dataclass(frozen=True)
class MonthState:
    month: dt.date
    closed: AccountingPeriod | None
    ended: bool

    @property
    def key(self) -> str:
        return f"{self.month:%Y-%m}"


def accounting_months(*, count: int = 12, today: dt.date | None = None) -> list[MonthState]:
    """The current month and the `count` - 1 before it, newest first, each with its closing (None when open)."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    closed = AccountingPeriod.objects.filter(month__in=months).select_related("closed_by").in_bulk(field_name="month")
    current = today.replace(day=1)
    return [MonthState(month=m, closed=closed.get(m), ended=m < current) for m in months]
