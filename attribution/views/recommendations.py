"""Recommendations, each shown beside the center's credited track record in its category."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.models import Recommendation
from attribution.selectors.ledger import ledger_balances
from attribution.services.recommendations import recommendation_create
from core.periods import Period
from insights.models.insights import Category


@login_required
def recommendation_list(request):
    can_write = allowed(request.user, Action.WRITE_RECOMMENDATION)
    if not (can_write or allowed(request.user, Action.VIEW_EXECUTIVE)):
        raise PermissionDenied
    errors, form = {}, {}
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        form = request.POST
        try:
            recommendation_create(
                user=request.user,
                title=form.get("title", ""),
                investment=form.get("investment", ""),
                category=form.get("category", ""),
                case=form.get("case", ""),
                expected_value=form.get("expected_value", ""),
            )
            return redirect("recommendations")
        except ValidationError as exc:
            errors = exc.message_dict
    year = timezone.localdate().year
    record = {
        r["key"]: r
        for r in ledger_balances(
            period=Period(Period.year(year - 1).start, Period.year(year).end, "two years"), group_by="category"
        )
    }
    labels = dict(Category.choices)
    items = [
        {"rec": r, "label": labels.get(r.category, r.category), "track": record.get(r.category)}
        for r in Recommendation.objects.select_related("created_by")
    ]
    return render(
        request,
        "attribution/executive/recommendations.html",
        {
            "items": items,
            "can_write": can_write,
            "errors": errors,
            "form": form,
            "categories": Category.choices,
            "investments": Recommendation.Investment.choices,
            "since": year - 1,
        },
    )
