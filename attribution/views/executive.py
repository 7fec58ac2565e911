"""The executive dashboard: value first, competency second, every figure a link to the ledger."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.charts import bars, chart_height
from attribution.presenters.executive import SCORECARD_PERIOD_SENTENCE, summary_words
from attribution.selectors.executive import executive_summary
from core.pages import bad_request_page
from core.periods import Period, period_from_params


@login_required
def executive_dashboard(request: HttpRequest) -> HttpResponse:
    if not allowed(request.user, Action.VIEW_EXECUTIVE):
        raise PermissionDenied
    try:
        period = period_from_params(request.GET, default=Period.quarter_of(timezone.localdate()))
    except ValidationError as exc:
        return bad_request_page(request, exc)
    summary = summary_words(executive_summary(period=period))
    value = summary["value"]
    context = {
        "summary": summary,
        "period": period,
        "trend_bars": bars(value["trend"], "credited", width=440),
        "trend_height": chart_height(value["trend"]),
        "quarter": period.quarter_number,
        "years": range(timezone.localdate().year - 3, timezone.localdate().year + 2),
        "quarters": [1, 2, 3, 4],
        "period_query": period.query(),
        "scorecard_sentence": SCORECARD_PERIOD_SENTENCE,
        "can_see_costs": allowed(request.user, Action.VIEW_CENTER_COSTS),
        "can_decide": allowed(request.user, Action.DECIDE_RECOMMENDATION),
    }
    return render(request, "attribution/executive/dashboard.html", context)
