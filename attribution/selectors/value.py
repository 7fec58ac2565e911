"""The center's value against its cost, for a period and the two it is compared with, in two queries.

Value is what the ledger credits the center: attributed (its share of other departments' improvements:
secured, unsecured and disputed) and direct (its own retention saves and agent sales, credited in full to
`center:direct`). Cost is what the lead recorded month by month (`CenterCost`). A month with no cost recorded
is never taken as free: net value and return are worked out over the months whose cost is known, and the
months missing are named.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from attribution.models import CenterCost, LedgerMonthTotal
from attribution.selectors.ledger import CENTER_ACCOUNTS, DEPARTMENT_PREFIX, VALUE_REALISED_PREFIX
from core.periods import Period

ZERO = Decimal("0.00")
CENTER_DIRECT = "center:direct"
RETENTION_SAVES = "retention_saves"
AGENT_SALES = "agent_sales"
DIRECT_KINDS = (RETENTION_SAVES, AGENT_SALES)


@dataclass(frozen=True)
class PeriodValue:
    """One period's value, cost, and what follows from them. `costed_value` is the value of the months whose
    cost is recorded; net value and return use it, so a missing month is neither free nor worthless."""

    period: Period
    attributed: Decimal
    retention_saves: Decimal
    agent_sales: Decimal
    cost: Decimal
    costed_value: Decimal
    costed_months: tuple[dt.date, ...]
    missing_cost_months: tuple[dt.date, ...]

    @property
    def direct(self) -> Decimal:
        return self.retention_saves + self.agent_sales

    @property
    def value(self) -> Decimal:
        return self.attributed + self.direct

    @property
    def net_value(self) -> Decimal | None:
        return self.costed_value - self.cost if self.costed_months else None

    @property
    def return_per_unit(self) -> Decimal | None:
        """Value returned for every 1.00 of cost, to two places (None with no cost recorded)."""
        if not self.costed_months or self.cost <= 0:
            return None
        return (self.costed_value / self.cost).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class ValueComparison:
    """The period, and the periods it is compared with: the one before and, for a quarter, the same quarter a
    year earlier (`year_ago` is None for a whole year, whose previous period is the year before already)."""

    current: PeriodValue
    previous: PeriodValue
    year_ago: PeriodValue | None


def comparison_periods(period: Period) -> tuple[Period, Period, Period | None]:
    """(the period, the one before it, the same quarter a year earlier or None for a whole year)."""
    quarter = period.quarter_number
    year_ago = Period.quarter(period.year_number - 1, quarter) if quarter else None
    return period, period.previous(), year_ago


def _months(period: Period) -> list[dt.date]:
    months, day = [], period.start
    while day < period.end:
        months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _months_condition(periods) -> Q:
    condition = Q()
    for period in periods:
        condition |= Q(month__gte=period.start, month__lt=period.end)
    return condition


def ledger_months(*, periods) -> dict[dt.date, dict[str, Decimal]]:
    """{month: {account: balance}} over every month of the periods, departments' accounts summed into
    "department": one query of the month totals (LedgerMonthTotal), whatever the periods' length."""
    ledger: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    rows = (
        LedgerMonthTotal.objects.filter(_months_condition(periods))
        .values("month", "account")
        .annotate(total=Sum("amount"))
        .values_list("month", "account", "total")
    )
    for month, account, total in rows:
        if account.startswith(DEPARTMENT_PREFIX):
            account = "department"
        ledger[month][account] = ledger[month].get(account, ZERO) + total
    return ledger


def _period_value(period: Period, ledger: dict, costs: dict, this_month: dt.date) -> PeriodValue:
    attributed = retention = sales = cost = costed_value = ZERO
    costed, missing = [], []
    for month in _months(period):
        accounts = ledger.get(month, {})
        month_attributed = sum((accounts.get(a, ZERO) for a in CENTER_ACCOUNTS), ZERO)
        month_retention = -accounts.get(VALUE_REALISED_PREFIX + RETENTION_SAVES, ZERO)
        month_sales = -accounts.get(VALUE_REALISED_PREFIX + AGENT_SALES, ZERO)
        attributed += month_attributed
        retention += month_retention
        sales += month_sales
        if month in costs:
            costed.append(month)
            cost += costs[month]
            costed_value += month_attributed + month_retention + month_sales
        elif month <= this_month:  # a month not yet begun has no cost to miss
            missing.append(month)
    return PeriodValue(
        period=period,
        attributed=attributed.quantize(ZERO),
        retention_saves=retention.quantize(ZERO),
        agent_sales=sales.quantize(ZERO),
        cost=cost.quantize(ZERO),
        costed_value=costed_value.quantize(ZERO),
        costed_months=tuple(costed),
        missing_cost_months=tuple(missing),
    )


def value_comparison(*, period: Period, today: dt.date | None = None, ledger: dict | None = None) -> ValueComparison:
    """Value, cost, net value and return for the period, the period before and the same quarter a year
    earlier: two queries whatever the periods' length (the ledger's month totals and the recorded costs), one
    when the caller read `ledger_months` over these periods already."""
    current, previous, year_ago = comparison_periods(period)
    periods = [p for p in (current, previous, year_ago) if p is not None]
    if ledger is None:
        ledger = ledger_months(periods=periods)
    costs = dict(CenterCost.objects.filter(_months_condition(periods)).values_list("month", "amount"))
    this_month = (today or timezone.localdate()).replace(day=1)
    current_value, previous_value, *rest = (_period_value(p, ledger, costs, this_month) for p in periods)
    return ValueComparison(current=current_value, previous=previous_value, year_ago=rest[0] if rest else None)


@dataclass(frozen=True)
class DirectValueMetrics:
    """The center's own saves and sales in the months of a period that have been posted (`months_posted`)."""

    months_posted: tuple[dt.date, ...]
    months_not_posted: tuple[dt.date, ...]  # ended months whose posting has not run yet
    retention_saves: Decimal
    agent_sales: Decimal
    asked_to_leave: int
    saves: int
    saves_without_value: int
    handled: int
    sales: int

    @property
    def save_rate(self) -> Decimal | None:
        """Saves ÷ contacts that asked to leave."""
        return Decimal(self.saves) / self.asked_to_leave if self.asked_to_leave else None

    @property
    def cross_sell_conversion(self) -> Decimal | None:
        """Contacts with a sale ÷ contacts an agent handled."""
        return Decimal(self.sales) / self.handled if self.handled else None


def direct_value_metrics(*, period: Period, today: dt.date | None = None) -> DirectValueMetrics:
    """The save rate and cross-sell conversion, from the monthly direct postings (a row a month, one query)."""
    from attribution.models import DirectValuePosting

    rows = list(DirectValuePosting.objects.filter(month__gte=period.start, month__lt=period.end).order_by("month"))
    posted = tuple(row.month for row in rows)
    this_month = (today or timezone.localdate()).replace(day=1)
    ended = [m for m in _months(period) if m < this_month]
    return DirectValueMetrics(
        months_posted=posted,
        months_not_posted=tuple(m for m in ended if m not in posted),
        **{
            name: sum((getattr(row, name) for row in rows), ZERO if name in DIRECT_KINDS else 0)
            for name in (*DIRECT_KINDS, "asked_to_leave", "saves", "saves_without_value", "handled", "sales")
        },
    )
