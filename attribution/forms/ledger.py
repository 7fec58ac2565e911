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

    def __init__(self, *args, improvements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["improvement"].queryset = improvements


class DepartmentChoiceForm(forms.Form):
    """The improvement page's first step: which department shipped it (its insights are offered next)."""

    department = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        empty_label="Choose a department",
        error_messages={"invalid_choice": "Choose one of your departments.", "required": "Choose a department."},
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class ImprovementForm(forms.Form):
    """An improvement of the chosen department; its insight weights are an InsightWeightFormSet beside it."""

    # The service names the weights together; the page draws them as one fieldset.
    service_labels = {"insights": "Insights it was built on"}

    department = forms.ModelChoiceField(
        queryset=None,
        to_field_name="slug",
        widget=forms.HiddenInput,
        error_messages={
            "invalid_choice": "Choose one of your departments.",
            "required": "Choose one of your departments.",
        },
    )
    title = forms.CharField(required=False, max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    shipped_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class InsightWeightForm(forms.Form):
    """One insight routed to the department, and the share of the improvement it is credited with."""

    insight = forms.IntegerField(widget=forms.HiddenInput)
    weight = forms.DecimalField(
        required=False,
        max_digits=5,
        decimal_places=4,
        validators=[validate_weight],
        widget=forms.NumberInput(attrs={"step": "0.05", "min": "0", "max": "1", "inputmode": "decimal"}),
        help_text="From 0 to 1; leave blank if it was not built on this insight.",
    )


class BaseInsightWeightFormSet(forms.BaseFormSet):
    """A weight per insight routed to the chosen department, each labelled with the insight's title."""

    def __init__(self, *args, insights, **kwargs):
        self.insights = list(insights)
        kwargs.setdefault("initial", [{"insight": insight.pk} for insight in self.insights])
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i < len(self.insights):
            form.fields["weight"].label = self.insights[i].title
        return form

    def clean(self):
        offered = [insight.pk for insight in self.insights]
        posted = [form.cleaned_data.get("insight") for form in self.forms if form.cleaned_data]
        if posted != offered:
            raise forms.ValidationError("The insights routed to this department have changed; give the weights again.")

    def weights(self) -> list[tuple[Insight, Decimal]]:
        """The insights given a weight, with it, in the page's order."""
        named = zip(self.insights, (form.cleaned_data.get("weight") for form in self.forms), strict=True)
        return [(insight, weight) for insight, weight in named if weight is not None]


InsightWeightFormSet = forms.formset_factory(InsightWeightForm, formset=BaseInsightWeightFormSet, extra=0)
