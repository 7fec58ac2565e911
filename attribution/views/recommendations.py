"""Recommendations, each shown beside the center's credited track record in its category."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.models import Recommendation
from attribution.selectors.ledger import ledger_balances
from attribution.services.recommendations import recommendation_create
from core.pages import service_errors
from core.periods import Period
from insights.models.insights import Category


class RecommendationForm(forms.Form):
    """Reads the "Write a recommendation" form; the rules are the service's, so its errors land by the field."""

    title = forms.CharField(required=False, strip=False)
    investment = forms.CharField(required=False)
    category = forms.CharField(required=False)
    case = forms.CharField(required=False, strip=False)
    expected_value = forms.CharField(required=False)


@login_required
def recommendation_list(request):
    can_write = allowed(request.user, Action.WRITE_RECOMMENDATION)
    if not (can_write or allowed(request.user, Action.VIEW_EXECUTIVE)):
        raise PermissionDenied
    form = RecommendationForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if not can_write:
            raise PermissionDenied
        with service_errors(form):
            if form.is_valid():  # every field is optional text: the service judges it
                recommendation_create(user=request.user, **form.cleaned_data)
                return redirect("recommendations")
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
            "errors": form.errors,
            "form": form.data,
            "categories": Category.choices,
            "investments": Recommendation.Investment.choices,
            "since": year - 1,
        },
        status=400 if form.errors else 200,
    )
