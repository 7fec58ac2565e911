"""The center's cost, month by month: the lead records it here; executives read the return it feeds on /exec/."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from accounts.policy import Action, allowed
from attribution.selectors.costs import center_costs
from attribution.services.costs import center_cost_record
from core.money import MoneyFormField
from core.pages import service_errors
from core.periods import month_parse


class MonthFormField(forms.CharField):
    """`<input type="month">` sends `2026-10`; read by the same parser as the API."""

    widget = forms.TextInput(attrs={"type": "month"})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return month_parse(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["month"]) from None


class CenterCostForm(forms.Form):
    month = MonthFormField(label="Month")
    amount = MoneyFormField(label="Cost", allow_zero=False)
    note = forms.CharField(label="What it includes", required=False, widget=forms.Textarea(attrs={"rows": 2}))


@login_required
def center_cost_list(request):
    can_record = allowed(request.user, Action.RECORD_CENTER_COST)
    if not (can_record or allowed(request.user, Action.VIEW_CENTER_COSTS)):
        raise PermissionDenied
    form = CenterCostForm(request.POST if request.method == "POST" else None)
    if form.is_bound:
        if not can_record:
            raise PermissionDenied
        with service_errors(form):
            if form.is_valid():
                center_cost_record(user=request.user, **form.cleaned_data)
                return redirect("center-costs")
    return render(
        request,
        "attribution/executive/costs.html",
        {"form": form, "can_record": can_record, "costs": center_costs()},
        status=400 if form.errors else 200,
    )
