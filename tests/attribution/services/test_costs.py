"""center_cost_record: one figure per month, recorded by the center's lead, replaced by a later recording."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from attribution.models import CenterCost
from attribution.services.costs import center_cost_record

pytestmark = pytest.mark.django_db


def test_the_lead_records_a_month_and_a_second_recording_replaces_it(org):
    cost, created = center_cost_record(user=org.lead, month=dt.date(2026, 10, 17), amount=Decimal("5000.00"))
    assert created and cost.month == dt.date(2026, 10, 1) and cost.recorded_by == org.lead
    again, created = center_cost_record(user=org.lead, month=dt.date(2026, 10, 1), amount=Decimal("5200"), note="+ IT")
    assert not created and again.pk == cost.pk
    assert CenterCost.objects.get().amount == Decimal("5200.00") and CenterCost.objects.get().note == "+ IT"


@pytest.mark.parametrize("who", ["executive", "analyst", "marketing_member", "admin"])
def test_only_the_center_lead_records_the_cost(org, who):
    with pytest.raises(PermissionDenied):
        center_cost_record(user=getattr(org, who), month=dt.date(2026, 10, 1), amount=Decimal("1.00"))


@pytest.mark.parametrize(
    ("month", "amount", "field"),
    [
        (dt.date(2999, 1, 1), Decimal("1.00"), "month"),
        (dt.date(2026, 10, 1), Decimal("0"), "amount"),
        (dt.date(2026, 10, 1), Decimal("-5"), "amount"),
        (dt.date(2026, 10, 1), Decimal("1.001"), "amount"),
        (dt.date(2026, 10, 1), Decimal("1e20"), "amount"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(org, month, amount, field):
    with pytest.raises(ValidationError) as refused:
        center_cost_record(user=org.lead, month=month, amount=amount)
    assert field in refused.value.message_dict
    assert not CenterCost.objects.exists()


def test_the_database_refuses_two_rows_for_one_month_and_a_day_that_is_not_the_first(org):
    center_cost_record(user=org.lead, month=dt.date(2026, 10, 1), amount=Decimal("1.00"))
    for month in (dt.date(2026, 10, 1), dt.date(2026, 9, 2)):
        with pytest.raises(IntegrityError), transaction.atomic():
            CenterCost.objects.create(month=month, amount=1, currency="USD", recorded_by=org.lead)
