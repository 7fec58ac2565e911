"""The emerging-issues page: one row per problem (a reason and a signal) with its flagged windows in a sparkline."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from accounts.policy import Action, allowed, require
from insights.models import EmergingIssue
from insights.selectors.emerging import (
    PLAIN_SIGNALS,
    emerging_issue_list,
    emerging_problem_rows,
    emerging_problem_summary,
    emerging_problems,
    emerging_reasons_visible,
)


@login_required
def emerging_issues(request):
    """Problems customers raise, flagged early: the center's staff and executives see every one, department
    people those whose reasons the center has routed to them."""
    require(request.user, Action.VIEW_EMERGING_ISSUES)
    signal = request.GET.get("signal") or None
    if signal not in EmergingIssue.Signal.values:
        signal = None
    reasons = emerging_reasons_visible(user=request.user)
    page = Paginator(emerging_problem_rows(signal=signal, reason_codes=reasons), 25).get_page(request.GET.get("page"))
    problems = emerging_problems(page.object_list)
    center_staff = allowed(request.user, Action.VIEW_CONTACTS)
    latest = {}
    if center_staff and problems:
        latest = emerging_issue_list().in_bulk([p.latest_issue_id for p in problems])
    rows = [
        {"problem": p, "summary": emerging_problem_summary(p), "latest": latest.get(p.latest_issue_id)}
        for p in problems
    ]
    context = {
        "page": page,
        "rows": rows,
        "signal": signal,
        "signals": [(value, PLAIN_SIGNALS.get(value, label)) for value, label in EmergingIssue.Signal.choices],
        "center_staff": center_staff,
        "scoped": reasons is not None,
    }
    return render(request, "insights/emerging_issues.html", context)
