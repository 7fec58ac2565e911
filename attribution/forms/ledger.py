"""The ledger's forms: the improvement and outcome pages, and the transaction query the page and the API
share. Money, weights and dates are parsed here, with the same rules as the API's serializers."""

from decimal import Decimal

from django import forms

from attribution.models import Improvement, LedgerTransaction, OutcomeKind, validate_weight
from core.money import MoneyFormField
from core.query import AsciiIntegerField
from insights.models import Insight


class TransactionQueryForm(forms.Form):
    """`?account=center:secured&category=...&start=2026-10-01&end=2027-01-01`: the entry conditions hold for
    one entry together. `account=center` is any of the center's accounts; `start` (or `month`) without `end`
    is that month alone; `kind` and `date` are the transaction's own."""

    department = forms.CharField(required=False, help_text="Department slug.")
    insight = AsciiIntegerField(required=False, min_value=1)
    category = forms.CharField(required=False)
    account = forms.CharField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *LedgerTransaction.Kind.choices])
    date = forms.DateField(required=False, help_text="The transaction's effective day.")
    month = forms.DateField(required=False, help_text="Any day of the entries' month.")
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)


class OutcomeForm(forms.Form):
    improvement = forms.ModelChoiceField(
        queryset=Improvement.objects.none(),
        error_messages={
            "invalid_choice": "Choose one of your department's improvements.",
            "required": "Choose one of your department's improvements.",
        },
    )
    kind = forms.ChoiceField(choices=OutcomeKind.choices)
    amount = MoneyFormField(allow_zero=False)
    period_start = forms.DateField(error_messages={"invalid": "Give dates as YYYY-MM-DD."})
    period_end = forms.DateField(error_messages={"invalid": "Give dates as YYYY-MM-DD."})
    method = forms.CharField(required=False)
    idempotency_key = forms.CharField(required=False, max_length=120)
    forecast = forms.BooleanField(required=False)

    def __init__(self, *args, improvements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement"].queryset = improvements


class ImprovementForm(forms.Form):
    """An improvement and one `weight_<insight id>` field per insight it may be built on (blank: not used)."""

    # The service names the weights together; the page draws them as one fieldset.
    service_labels = {"insights": "Insights it was built on"}

    department = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        error_messages={
            "invalid_choice": "Choose one of your departments.",
            "required": "Choose one of your departments.",
        },
    )
    title = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False)
    shipped_on = forms.DateField(error_messages={"invalid": "Give the date as YYYY-MM-DD."})

    def __init__(self, *args, departments, insights, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.insights = list(insights)
        for insight in self.insights:
            self.fields[f"weight_{insight.pk}"] = forms.DecimalField(
                required=False, max_digits=5, decimal_places=4, validators=[validate_weight]
            )

    def weight_rows(self) -> list[tuple[Insight, forms.BoundField]]:
        """Each insight beside its weight field, for the page to draw the field's errors next to it."""
        return [(insight, self[f"weight_{insight.pk}"]) for insight in self.insights]

    def weights(self) -> list[tuple[Insight, Decimal]]:
        """The insights given a weight, with it, in the page's order."""
        named = [(insight, self.cleaned_data.get(f"weight_{insight.pk}")) for insight in self.insights]
        return [(insight, weight) for insight, weight in named if weight is not None]
