"""The executive summary as figures: value first, competency second, in a fixed number of queries.

Every money figure comes from `ledger_balances`, the same selector the balances API uses, so nothing on
the executive's page is computed differently from the ledger API. The figures here are typed (Decimals,
ints, dates); `attribution.presenters.executive` turns them into the words of the page, the board pack and
the API.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from attribution.selectors.ledger import (
    CENTER_DISPUTED,
    CENTER_SECURED,
    CENTER_UNSECURED,
    Period,
    ledger_balances,
)
from attribution.selectors.recommendations import RecommendationFigure, recommendation_figures
from attribution.selectors.signoffs import department_scorecards
from attribution.selectors.value import (
    DirectValueMetrics,
    ValueComparison,
    comparison_periods,
    direct_value_metrics,
    ledger_months,
    value_comparison,
)
from insights.selectors.metrics import METRIC_KEYS, contact_metrics_by_month

ZERO = Decimal("0.00")

# The competency section's metrics: every rate and score the metrics selector computes (not the raw volume),
# in its order, keyed as in `insights.metric_definitions`.
COMPETENCY_METRICS = tuple(key for key in METRIC_KEYS if key != "offered")


@dataclass(frozen=True)
class CreditFigures:
    """The center's credit in a span; credited = secured + unsecured + disputed."""

    secured: Decimal
    unsecured: Decimal
    disputed: Decimal

    @property
    def credited(self) -> Decimal:
        return self.secured + self.unsecured + self.disputed


@dataclass(frozen=True)
class TrendPoint(CreditFigures):
    """One month's credit (the month's first day)."""

    month: dt.date


@dataclass(frozen=True)
class LedgerRowFigure(CreditFigures):
    """One `ledger_balances` row: the center's credit and the departments' own share for one group."""

    key: str | int | None
    department: Decimal


@dataclass(frozen=True)
class CategoryFigure(LedgerRowFigure):
    """Credit in one business area (`key` is the insight category, None when not assigned)."""


@dataclass(frozen=True)
class DepartmentFigure(LedgerRowFigure):
    """Credit from one department (`key` is its slug)."""


@dataclass(frozen=True)
class InsightFigure(LedgerRowFigure):
    """Credit for one insight (`key` is its id); `title` is None when the insight is gone."""

    title: str | None


@dataclass(frozen=True)
class Pipeline:
    """Published insights no improvement has been built on yet, and what they were estimated to be worth."""

    insights: int
    estimated_value: Decimal


@dataclass(frozen=True)
class ValueFigures:
    period: CreditFigures
    year_to_date: CreditFigures
    year_to_date_period: Period
    by_category: tuple[CategoryFigure, ...]
    by_department: tuple[DepartmentFigure, ...]
    top_insights: tuple[InsightFigure, ...]
    trend: tuple[TrendPoint, ...]
    improvements_shipped: int
    pipeline: Pipeline


@dataclass(frozen=True)
class EarlyWarning:
    """One emerging issue (a reason and a signal) flagged in the period, however many windows it lasted."""

    reason_code: str
    signal: str
    first_flagged_at: dt.datetime
    last_flagged_at: dt.datetime
    windows: int
    hours_to_insight: Decimal | None  # from the first flag to the first insight, to a tenth of an hour
    insight_ids: tuple[int, ...]
    credited: Decimal


@dataclass(frozen=True)
class Scorecard:
    """One department's record with the requests received in the period (see `department_scorecards`)."""

    department_id: int
    department: str
    slug: str
    received: int
    signed: int
    pinky_sworn: int
    declined: int
    pending: int
    median_days_to_sign: Decimal | None
    actions: int
    actions_overdue: int
    actions_on_time_pct: Decimal | None


@dataclass(frozen=True)
class MonthFigure:
    month: dt.date
    value: Decimal | None


@dataclass(frozen=True)
class CompetencyFigure:
    """One metric (`key` as in `insights.metric_definitions`) for the period and month by month."""

    key: str
    value: Decimal | None
    trend: tuple[MonthFigure, ...]


@dataclass(frozen=True)
class ExecutiveSummary:
    period: Period
    currency: str
    value: ValueFigures
    early_warning: tuple[EarlyWarning, ...]
    partnership: tuple[Scorecard, ...]
    competency: tuple[CompetencyFigure, ...]
    value_against_cost: ValueComparison
    direct_value: DirectValueMetrics
    recommendations: tuple[RecommendationFigure, ...]
    listen_in: dict  # education.selectors.listen_in_summary: executives who listened in, and each session


def _decimal(value: float | None) -> Decimal | None:
    """A measured float as the Decimal that prints the same (the selectors round them already)."""
    return None if value is None else Decimal(str(value))


def _month_starts(period: Period) -> list[dt.date]:
    months, day = [], period.start
    while day < period.end:
        months.append(day)
        day = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _credit(rows: list[dict]) -> CreditFigures:
    return CreditFigures(*(sum((r[k] for r in rows), ZERO) for k in ("secured", "unsecured", "disputed")))


def _ledger_row(cls, row: dict, **extra):
    return cls(
        secured=row["secured"],
        unsecured=row["unsecured"],
        disputed=row["disputed"],
        key=row["key"],
        department=row["department"],
        **extra,
    )


def competency(*, period: Period) -> tuple[CompetencyFigure, ...]:
    """The period's seven metrics and their values month by month, from the contacts' one definition of each
    (insights.selectors.metrics) read from its daily rollup: one query whatever the number of contacts."""
    by_month = contact_metrics_by_month(start=period.start, end=period.end)
    monthly = {row["month"]: row for row in by_month["months"]}
    months = _month_starts(period)
    return tuple(
        CompetencyFigure(
            key=key,
            value=_decimal(by_month["total"][key]),
            trend=tuple(MonthFigure(month, _decimal(monthly[month][key])) for month in months),
        )
        for key in COMPETENCY_METRICS
    )


def executive_summary(*, period: Period) -> ExecutiveSummary:
    """Value first (all from the ledger's rollups), then competency, in a fixed number of queries whatever the
    data and the period's length. One read of the month totals serves the year to date, the trend and the
    comparisons with earlier periods."""
    periods = [p for p in (_year_to_date(period), *comparison_periods(period)) if p is not None]
    months = ledger_months(periods=periods)
    return ExecutiveSummary(
        period=period,
        currency=settings.CURRENCY,
        value=value_figures(period=period, months=months),
        early_warning=early_warning(period=period),
        partnership=scorecards(period=period),
        competency=competency(period=period),
        value_against_cost=value_comparison(period=period, ledger=months),
        direct_value=direct_value_metrics(period=period),
        recommendations=recommendation_figures(),
        listen_in=listen_in(period=period),
    )


def listen_in(*, period: Period) -> dict:
    """Executives who sat in with an agent in the period, and what each session led to (two queries)."""
    from education.selectors import listen_in_summary

    zone = timezone.get_current_timezone()
    return listen_in_summary(
        start=dt.datetime.combine(period.start, dt.time.min, tzinfo=zone),
        end=dt.datetime.combine(period.end, dt.time.min, tzinfo=zone),
    )


def scorecards(*, period: Period) -> tuple[Scorecard, ...]:
    """Each department's record with the requests received in the period (`department_scorecards`)."""
    return tuple(
        Scorecard(
            **{
                **card,
                "median_days_to_sign": _decimal(card["median_days_to_sign"]),
                "actions_on_time_pct": _decimal(card["actions_on_time_pct"]),
            }
        )
        for card in department_scorecards(start=period.start, end=period.end)
    )


def category_figures(*, period: Period) -> tuple[CategoryFigure, ...]:
    """The period's credit by business area, largest first (one query)."""
    return tuple(_ledger_row(CategoryFigure, r) for r in ledger_balances(period=period, group_by="category"))


def _year_to_date(period: Period) -> Period:
    return Period(dt.date(period.start.year, 1, 1), period.end, f"{period.start.year} to date")


def _credit_months(ytd: Period, months: dict | None) -> dict:
    """{month: {"secured", "unsecured", "disputed", "department"}} for the year to date: from `ledger_months`
    when the caller read it, else one read of the balances by month."""
    if months is None:
        return {row["key"]: row for row in ledger_balances(period=ytd, group_by="month")}
    accounts = {"secured": CENTER_SECURED, "unsecured": CENTER_UNSECURED, "disputed": CENTER_DISPUTED}
    return {
        month: {
            **{name: balances.get(account, ZERO).quantize(ZERO) for name, account in accounts.items()},
            "department": balances.get("department", ZERO).quantize(ZERO),
        }
        for month, balances in months.items()
        if ytd.start <= month < ytd.end
    }


def value_figures(*, period: Period, months: dict | None = None) -> ValueFigures:
    """The value section: four reads of the ledger's balances (three with `months`, from `ledger_months`
    over the year to date), improvements shipped and the pipeline."""
    ytd = _year_to_date(period)
    by_department = ledger_balances(period=period, group_by="department")
    top_insights = [r for r in ledger_balances(period=period, group_by="insight", limit=5) if r["key"]]
    # One read of the year to date by month gives the trend, the period and the year-to-date totals.
    by_month = _credit_months(ytd, months)
    months = _month_starts(period)
    titles = _insight_titles([r["key"] for r in top_insights])
    return ValueFigures(
        period=_credit([by_month[m] for m in months if m in by_month]),
        year_to_date=_credit(list(by_month.values())),
        year_to_date_period=ytd,
        by_category=category_figures(period=period),
        by_department=tuple(_ledger_row(DepartmentFigure, r) for r in by_department),
        top_insights=tuple(_ledger_row(InsightFigure, r, title=titles.get(r["key"])) for r in top_insights),
        trend=tuple(TrendPoint(**vars(_credit([by_month[m]] if m in by_month else [])), month=m) for m in months),
        **_improvements_and_pipeline(period),
    )


def _improvements_and_pipeline(period: Period) -> dict:
    """Improvements shipped in the period, and the value at stake in published insights that no
    improvement has been built on yet (two queries)."""
    from attribution.models import Improvement
    from insights.models import Insight, InsightStatus

    shipped = Improvement.objects.filter(shipped_on__gte=period.start, shipped_on__lt=period.end).count()
    pipeline = Insight.objects.filter(status=InsightStatus.PUBLISHED, improvement_weights__isnull=True).aggregate(
        value=Sum("estimated_value"), count=Count("id")
    )
    return {
        "improvements_shipped": shipped,
        "pipeline": Pipeline(insights=pipeline["count"], estimated_value=pipeline["value"] or ZERO),
    }


def _insight_titles(ids: list[int]) -> dict[int, str]:
    """Each insight's title by id (one query)."""
    from insights.models import Insight

    return dict(Insight.objects.filter(pk__in=ids).values_list("pk", "title"))


def early_warning(*, period: Period, limit: int = 20) -> tuple[EarlyWarning, ...]:
    """Emerging issues flagged in the period, one row per issue: the flags of one reason and signal (one per
    window the spike lasted) are grouped, with when it was first flagged, in how many windows, how fast any of
    them became an insight and what those insights were worth (read from the same `ledger_balances` rows as the
    rest of the page). Newest first; two queries, and a third when any of them became an insight."""
    from insights.models import EmergingIssue, Insight

    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(period.end, dt.time.min, tzinfo=zone)
    flags = EmergingIssue.objects.filter(detected_at__gte=start, detected_at__lt=end)
    issues = list(
        flags.values("reason_code", "signal")
        .annotate(
            first_flagged_at=Min("detected_at"),
            last_flagged_at=Max("detected_at"),
            windows=Count("id"),
        )
        .order_by("-first_flagged_at", "reason_code", "signal")[:limit]
    )
    insights: dict = {}
    for iid, reason, signal, created in Insight.objects.filter(
        emerging_issue__in=flags.filter(reason_code__in={i["reason_code"] for i in issues})
    ).values_list("id", "emerging_issue__reason_code", "emerging_issue__signal", "created_at"):
        insights.setdefault((reason, signal), []).append((created, iid))
    written_up = {iid for found in insights.values() for _, iid in found}
    credited_by_insight = {
        row["key"]: row["secured"] + row["unsecured"] + row["disputed"]
        for row in (ledger_balances(period=period, group_by="insight", insight_ids=written_up) if written_up else [])
    }
    return tuple(
        _warning(issue, sorted(insights.get((issue["reason_code"], issue["signal"]), [])), credited_by_insight)
        for issue in issues
    )


def _warning(issue: dict, found: list[tuple[dt.datetime, int]], credited_by_insight: dict) -> EarlyWarning:
    """One grouped issue, with the insights written from any of its flags (oldest first)."""
    hours = None
    if found:
        hours = _decimal(round(max((found[0][0] - issue["first_flagged_at"]).total_seconds(), 0) / 3600, 1))
    return EarlyWarning(
        reason_code=issue["reason_code"],
        signal=issue["signal"],
        first_flagged_at=timezone.localtime(issue["first_flagged_at"]),
        last_flagged_at=timezone.localtime(issue["last_flagged_at"]),
        windows=issue["windows"],
        hours_to_insight=hours,
        insight_ids=tuple(iid for _, iid in found),
        credited=sum((credited_by_insight.get(iid, ZERO) for _, iid in found), ZERO),
    )
