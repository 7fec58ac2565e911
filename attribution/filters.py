"""List filters (django-filter), shared by an API view and the page that lists the same rows, so both accept
the same parameters and refuse the same bad ones, naming the field."""

import django_filters

from accounts.models import Department
from accounts.policy import Action, department_scope
from attribution.models import ActionCommitment
from attribution.selectors.signoffs import action_commitments_overdue


def _visible_departments(request):
    """The departments whose actions the caller may see: the choices of the `department` filter."""
    departments = Department.objects.filter(is_contact_center=False).order_by("name")
    scope = department_scope(getattr(request, "user", None), Action.VIEW_SIGNOFF)
    return departments if scope is None else departments.filter(id__in=scope)


class ActionCommitmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ActionCommitment.Status.choices, label="Status", empty_label="Any status"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "Overdue only"), ("false", "Not overdue")],
        method="filter_overdue",
        label="Overdue",
        empty_label="Overdue or not",
        help_text="true: open actions past their due date; false: every other action.",
    )
    department = django_filters.ModelChoiceFilter(
        queryset=_visible_departments,
        to_field_name="slug",
        label="Department",
        empty_label="Every department",
        help_text="Department slug.",
    )

    class Meta:
        model = ActionCommitment
        fields = ["status", "overdue", "department"]

    def filter_overdue(self, queryset, name, value):
        return action_commitments_overdue(queryset, overdue=value == "true")
