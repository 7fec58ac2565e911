"""The executive dashboard: value first, competency second, every figure a link to the ledger."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.charts import bars, chart_height
from attribution.selectors.executive import executive_summary
from attribution.selectors.ledger import Period
from attribution.selectors.signoffs import SCORECARD_PERIOD_SENTENCE


def period_from_query(params) -> Period:
    """?year=&quarter= (quarter optional: whole year); defaults to the current quarter."""
    today = timezone.localdate()
    try:
        year = int(params.get("year") or today.year)
    except ValueError:
        raise ValidationError({"year": ["Give a year such as 2026."]}) from None
    quarter = params.get("quarter")
    if quarter in (None, ""):
        return Period.quarter(year, (today.month - 1) // 3 + 1) if "year" not in params else Period.year(year)
    if quarter not in ("1", "2", "3", "4"):
        raise ValidationError({"quarter": ["Give a quarter from 1 to 4."]})
    return Period.quarter(year, int(quarter))


def period_query(period: Period) -> str:
    """The query string that chooses this period again (?year=&quarter=)."""
    year, _, quarter = period.label.partition("-Q")
    return f"year={year}&quarter={quarter}" if quarter else f"year={year}"


@login_required
def executive_dashboard(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, Action.VIEW_EXECUTIVE):
        raise PermissionDenied
    try:
        period = period_from_query(request.GET)
    except ValidationError as exc:
        return HttpResponse(" ".join(m for ms in exc.message_dict.values() for m in ms), status=400)
    summary = executive_summary(period=period)
    value = summary["value"]
    context = {
        "summary": summary,
        "period": period,
        "trend_bars": bars(value["trend"], "credited", width=440),
        "trend_height": chart_height(value["trend"]),
        "quarter": int(period.label[-1]) if "-Q" in period.label else None,
        "years": range(timezone.localdate().year - 3, timezone.localdate().year + 2),
        "quarters": [1, 2, 3, 4],
        "period_query": period_query(period),
        "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
    }
    return render(request, "attribution/executive/dashboard.html", context)
