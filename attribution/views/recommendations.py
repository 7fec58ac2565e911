"""Recommendations, each shown beside the center's credited track record in its category."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.policy import Action, allowed
from attribution.models import Recommendation, RecommendationDecision
from attribution.selectors.ledger import ledger_balances
from attribution.selectors.recommendations import recommendation_status, recommendations_with_decisions
from attribution.services.recommendations import recommendation_create, recommendation_decide
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
        {
            "rec": r,
            "label": labels.get(r.category, r.category),
            "track": record.get(r.category),
            "decisions": list(r.decisions.all()),
            "status": recommendation_status(r)[0],
        }
        for r in recommendations_with_decisions()
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


class DecisionForm(forms.Form):
    answer = forms.CharField(required=False)
    reason = forms.CharField(required=False, strip=False)


@login_required
def recommendation_decide_page(request, pk: int):
    """An executive answers one recommendation: approve, decline with a reason, or ask for more."""
    if not allowed(request.user, Action.DECIDE_RECOMMENDATION):
        raise PermissionDenied
    recommendation = get_object_or_404(recommendations_with_decisions(), pk=pk)
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        with service_errors(form):
            if form.is_valid():  # free text: the service judges it
                recommendation_decide(recommendation=recommendation, user=request.user, **form.cleaned_data)
                return redirect(reverse("executive-dashboard") + "#decisions-h")
    status, latest = recommendation_status(recommendation)
    return render(
        request,
        "attribution/executive/decide.html",
        {
            "rec": recommendation,
            "label": dict(Category.choices).get(recommendation.category, recommendation.category),
            "status": status,
            "latest": latest,
            "form": form,
            "answers": RecommendationDecision.Answer.choices,
        },
        status=400 if form.errors else 200,
    )
