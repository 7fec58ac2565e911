"""The executive summary: value first, competency second, in a fixed number of queries.

Every money figure comes from `ledger_balances`, the same selector the balances API uses, so nothing on
the executive's page is computed differently from the ledger API.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from attribution.selectors.ledger import Period, ledger_balances
from attribution.selectors.signoffs import department_scorecards
from insights.models.insights import Category
from insights.selectors.metrics import contact_metrics_by_month

ZERO = Decimal("0.00")
CATEGORY_LABELS = dict(Category.choices)


def _months(period: Period) -> list[Period]:
    months, day = [], period.start
    while day < period.end:
        nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
        months.append(Period(day, nxt, f"{day:%b %Y}"))
        day = nxt
    return months


def _totals(rows: list[dict]) -> dict:
    out = {k: sum((r[k] for r in rows), ZERO) for k in ("secured", "unsecured", "disputed")}
    out["credited"] = out["secured"] + out["unsecured"] + out["disputed"]
    return out


def _center_keys(m: dict) -> dict:
    """A contact-metrics result keyed as the dashboard shows it."""
    return {
        "service_level": m["service_level"],
        "average_speed_of_answer": m["average_speed_of_answer_seconds"],
        "abandonment": m["abandonment_rate"],
        "handle_time": m["average_handle_time_seconds"],
        "first_contact_resolution": m["first_contact_resolution"],
        "csat": m["csat"],
        "nps": m["nps"],
    }


def competency(*, period: Period) -> dict:
    """The competency section: the period's seven metrics, each in a plain sentence with its value month by
    month, from the contacts' one definition of each (insights.selectors.metrics) read from its daily rollup:
    one query whatever the number of contacts."""
    by_month = contact_metrics_by_month(start=period.start, end=period.end)
    metrics = _center_keys(by_month["total"])
    monthly = {row["month"]: _center_keys(row) for row in by_month["months"]}
    trend = [(month.label, monthly[month.start]) for month in _months(period)]
    return {"metrics": metrics, "sentences": _with_trend(_sentences(metrics), trend)}


def duration_text(seconds, *, short: bool = False) -> str:
    """Seconds as a person says them: "45 seconds", "6 minutes 13 seconds", "1 hour 5 minutes"
    (short: "45 s", "6 min 13 s", "1 h 5 min")."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    units = (("h", "hour"), ("min", "minute"), ("s", "second"))
    parts = [(n, unit) for n, unit in zip((hours, minutes, secs), units, strict=True) if n]
    if hours:
        parts = parts[:2] if minutes else parts[:1]
    if not parts:
        parts = [(0, units[2])]
    if short:
        return " ".join(f"{n} {abbr}" for n, (abbr, _) in parts)
    return " ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, (_, word) in parts)


def _sentences(m: dict) -> list[dict]:
    """Plain-English sentences for each metric (stand-in for the insights issue's wording)."""

    def pct(x):
        return None if x is None else f"{x * 100:.0f}%"

    items = [
        (
            "service_level",
            "Answered quickly",
            "{} of customers who waited were answered within {} seconds.",
            pct(m["service_level"]),
            settings.SERVICE_LEVEL_SECONDS,
        ),
        (
            "average_speed_of_answer",
            "Time to answer",
            "On average a customer waited {} to reach someone.",
            None if m["average_speed_of_answer"] is None else duration_text(m["average_speed_of_answer"]),
            None,
        ),
        (
            "abandonment",
            "Gave up waiting",
            "{} of customers hung up or left before anyone answered.",
            pct(m["abandonment"]),
            None,
        ),
        (
            "handle_time",
            "Time spent helping",
            "Each conversation took {} on average.",
            None if m["handle_time"] is None else duration_text(m["handle_time"]),
            None,
        ),
        (
            "first_contact_resolution",
            "Solved the first time",
            "{} of problems were solved in a single conversation.",
            pct(m["first_contact_resolution"]),
            None,
        ),
        ("csat", "Happy customers", "{} of customers who rated us gave 4 or 5 out of 5.", pct(m["csat"]), None),
        (
            "nps",
            "Would recommend us",
            "Customers who would recommend us {} critics by {} points (on a scale from -100 to 100).",
            None if m["nps"] is None else ("outnumber" if m["nps"] >= 0 else "are outnumbered by"),
            None if m["nps"] is None else f"{abs(m['nps']):.0f}",
        ),
    ]
    out = []
    for key, label, text, value, extra in items:
        if value is None:
            sentence = "Not enough conversations this period to say."
        else:
            sentence = text.format(value, extra) if extra is not None else text.format(value)
        out.append({"key": key, "label": label, "value": m[key], "sentence": sentence})
    return out


def executive_summary(*, period: Period) -> dict:
    """Value first (all from `ledger_balances`), then competency, in a fixed number of queries whatever the
    data and the period's length."""
    ytd = Period(dt.date(period.start.year, 1, 1), period.end, f"{period.start.year} to date")
    by_category = ledger_balances(period=period, group_by="category")
    by_department = ledger_balances(period=period, group_by="department")
    top_insights = ledger_balances(period=period, group_by="insight", limit=5)
    # One read of the year to date by month gives the trend, the period and the year-to-date totals.
    by_month = {row["key"]: row for row in ledger_balances(period=ytd, group_by="month")}
    months = _months(period)
    trend = [
        {"month": m.start.isoformat(), "label": m.label, **_totals([by_month[m.start]] if m.start in by_month else [])}
        for m in months
    ]
    return {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "currency": settings.CURRENCY,
        },
        "value": {
            "period": _totals([by_month[m.start] for m in months if m.start in by_month]),
            "year_to_date": _totals(list(by_month.values())),
            "ytd_period": {"start": ytd.start.isoformat(), "end": ytd.end.isoformat()},
            "by_category": [
                {
                    **r,
                    "label": CATEGORY_LABELS.get(r["key"], "Not assigned"),
                    "credited": r["secured"] + r["unsecured"] + r["disputed"],
                }
                for r in by_category
            ],
            "by_department": by_department,
            "top_insights": _with_titles(
                [{**r, "credited": r["secured"] + r["unsecured"] + r["disputed"]} for r in top_insights if r["key"]]
            ),
            "trend": trend,
            **_improvements_and_pipeline(period),
        },
        "early_warning": early_warning(period=period),
        "partnership": department_scorecards(start=period.start, end=period.end),
        "competency": competency(period=period),
    }


def _trend_text(key: str, value) -> str:
    if value is None:
        return "–"
    if key in ("service_level", "abandonment", "first_contact_resolution", "csat"):
        return f"{value * 100:.0f}%"
    if key == "nps":
        return f"{value:+.0f}"
    return duration_text(value, short=True)


def _with_trend(sentences: list[dict], monthly: list[tuple[str, dict]]) -> list[dict]:
    """Each metric's value month by month across the period, oldest first, from (label, metrics) pairs."""
    return [
        {
            **item,
            "trend": [
                {"month": label, "value": m[item["key"]], "text": _trend_text(item["key"], m[item["key"]])}
                for label, m in monthly
            ],
        }
        for item in sentences
    ]


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
        "pipeline": {"insights": pipeline["count"], "estimated_value": pipeline["value"] or ZERO},
    }


def _with_titles(rows: list[dict]) -> list[dict]:
    """Name each insight row by its title (one query)."""
    from insights.models import Insight

    titles = dict(Insight.objects.filter(pk__in=[r["key"] for r in rows]).values_list("pk", "title"))
    return [{**r, "title": titles.get(r["key"], f"Insight {r['key']}")} for r in rows]


SIGNAL_LABELS = {
    "volume": "More contacts than usual",
    "dissatisfaction": "More unhappy customers than usual",
}


def early_warning(*, period: Period, limit: int = 20) -> list[dict]:
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
    out = []
    for issue in issues:
        found = sorted(insights.get((issue["reason_code"], issue["signal"]), []))
        hours = None
        if found:
            hours = round(max((found[0][0] - issue["first_flagged_at"]).total_seconds(), 0) / 3600, 1)
        out.append(
            {
                "topic": issue["reason_code"].replace("_", " ").replace("-", " "),
                "reason_code": issue["reason_code"],
                "signal": issue["signal"],
                "signal_label": SIGNAL_LABELS.get(issue["signal"], issue["signal"]),
                "first_flagged_at": timezone.localtime(issue["first_flagged_at"]).isoformat(),
                "last_flagged_at": timezone.localtime(issue["last_flagged_at"]).isoformat(),
                "windows": issue["windows"],
                "hours_to_insight": hours,
                "insight_ids": [iid for _, iid in found],
                "credited": sum((credited_by_insight.get(iid, ZERO) for _, iid in found), ZERO),
            }
        )
    return out
