"""The ledger's forms: the improvement and outcome pages, and the transaction query the page and the API
share. Money, weights and dates are parsed here, with the same rules as the API's serializers."""

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import Department
from attribution.models import Improvement, LedgerTransaction, OutcomeKind, validate_weight
from attribution.selectors.ledger import CENTER_ACCOUNTS
from attribution.selectors.transactions import TransactionQuery
from attribution.selectors.value import AGENT_SALES, RETENTION_SAVES
from core.money import MoneyFormField
from core.periods import period_from_params
from core.query import is_ascii_integer
from insights.models import Insight
from insights.models.insights import Category


class InsightsField(forms.Field):
    """`insight` given once or more: an insight's id, or `none` for entries on no insight."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> tuple[int | None, ...]:
        values = [v.strip() for v in (value or []) if v.strip()]
        if not all(v == "none" or is_ascii_integer(v) and int(v) > 0 for v in values):
            raise ValidationError("Give an insight's number, or none for entries on no insight.", code="invalid")
        ids = tuple(None if v == "none" else int(v) for v in values)
        known = set(Insight.objects.filter(pk__in=[i for i in ids if i]).values_list("pk", flat=True))
        missing = [str(i) for i in ids if i is not None and i not in known]
        if missing:
            raise ValidationError(f"No insight numbered {', '.join(missing)}.", code="unknown")
        return ids


def _account_choices() -> str:
    families = ", ".join(ACCOUNT_FAMILIES)
    return f"Give one of {families}, {', '.join(CENTER_ACCOUNTS)}, department:<slug> or value_realised:<kind>."


ACCOUNT_FAMILIES = ("center", "department", "value_realised")
# The center's own value is realised on these accounts too (the /exec/ figures link to them).
DIRECT_VALUE_KINDS = (RETENTION_SAVES, AGENT_SALES)


def safe_return_path(value: str) -> str:
    """A same-site path to return to (`/exec/?year=2026`), or a ValidationError: never another site."""
    value = value.strip()
    if not value.startswith("/") or value.startswith(("//", "/\\")) or "\\" in value:
        raise ValidationError("Give a path on this site, starting with /.", code="off_site")
    if not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        raise ValidationError("Give a path on this site, starting with /.", code="off_site")
    return value


class TransactionQueryForm(forms.Form):
    """`?account=center:secured&category=...&start=2026-10-01&end=2027-01-01`: the entry conditions hold for
    one entry together. `account=center` (`department`, `value_realised`) is any account of that family;
    `year`/`quarter` (core.periods), `month` or `start` without `end` (that month alone) choose the period;
    `kind` is the outcome's kind (a transaction's kind - posting, reversal, reclassification - is accepted too);
    `date` is the transaction's effective day; `next` is the same-site page to go back to. Unknown values are
    refused naming their parameter."""

    department = forms.CharField(required=False, help_text="Department slug.")
    insight = InsightsField(required=False, help_text="An insight id (repeatable), or none.")
    category = forms.CharField(required=False, help_text="A business area, or none for not assigned.")
    account = forms.CharField(required=False)
    kind = forms.ChoiceField(
        required=False, choices=[("", "Any kind"), *OutcomeKind.choices, *LedgerTransaction.Kind.choices]
    )
    date = forms.DateField(required=False, help_text="The transaction's effective day.")
    month = forms.DateField(required=False, help_text="Any day of the entries' month.")
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    year = forms.CharField(required=False)
    quarter = forms.CharField(required=False)
    next = forms.CharField(required=False, max_length=2000)

    def department_rows(self) -> list[tuple[int, str, str]]:
        """Every department as (id, slug, name), read once for the fields and the filter's words."""
        if not hasattr(self, "_departments"):
            self._departments = list(Department.objects.order_by("name").values_list("pk", "slug", "name"))
        return self._departments

    def _department_exists(self, slug: str) -> bool:
        return any(row[1] == slug for row in self.department_rows())

    def clean_department(self) -> str:
        slug = self.cleaned_data["department"].strip()
        if slug and not self._department_exists(slug):
            raise ValidationError(f"No department {slug!r}.", code="unknown")
        return slug

    def clean_category(self) -> str | None:
        value = self.cleaned_data["category"].strip()
        if not value:
            return None
        if value == "none":
            return ""
        if value not in Category.values:
            raise ValidationError(f"Give one of {', '.join(Category.values)}, or none.", code="unknown")
        return value

    def clean_account(self) -> str:
        value = self.cleaned_data["account"].strip()
        family, _, name = value.partition(":")
        valid = (
            value in ("", *ACCOUNT_FAMILIES, *CENTER_ACCOUNTS)
            or family == "department"
            and self._department_exists(name)
            or family == "value_realised"
            and name in (*OutcomeKind.values, *DIRECT_VALUE_KINDS)
        )
        if not valid:
            raise ValidationError(_account_choices(), code="unknown")
        return value

    def clean_next(self) -> str:
        value = self.cleaned_data["next"]
        return safe_return_path(value) if value.strip() else ""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if data.get("month"):
            start, end = start or data["month"].replace(day=1), end
        if data.get("year") or data.get("quarter"):
            if start or end:
                raise ValidationError({"year": ["Choose the period with year/quarter or with start/end, not both."]})
            period = period_from_params(data)
            start, end = period.start, period.end
        if start and not end:
            end = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1)  # that month alone
        if start and end and end <= start:
            raise ValidationError({"end": ["The end must come after the start."]})
        data["start"], data["end"] = start, end
        return data

    def query(self) -> TransactionQuery:
        """The typed query the selector answers."""
        data = self.cleaned_data
        kind = data["kind"]
        is_transaction_kind = kind in LedgerTransaction.Kind.values
        return TransactionQuery(
            account=data["account"],
            department=data["department"],
            insights=data["insight"] or (),
            category=data["category"],
            kind="" if is_transaction_kind else kind,
            transaction_kind=kind if is_transaction_kind else "",
            date=data["date"],
            start=data["start"],
            end=data["end"],
        )


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
