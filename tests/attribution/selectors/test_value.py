"""value_comparison: value, cost, net value and return for a period and the two it is compared with; a month
with no cost is named, never counted as free."""

import datetime as dt
from decimal import Decimal

import pytest

from attribution.selectors.value import value_comparison
from core.periods import Period
from tests.attribution.factories import OutcomeFactory, center_cost_recorded

pytestmark = pytest.mark.django_db


def _credit(org, day: dt.date, amount: str, **traits) -> None:
    OutcomeFactory(department=org.marketing, amount=amount, day=day, **traits)


def test_three_periods_value_cost_net_and_return(org, django_assert_num_queries):
    _credit(org, dt.date(2026, 7, 5), "3000.00")
    _credit(org, dt.date(2026, 8, 5), "400.00", unsecured=True)
    _credit(org, dt.date(2026, 4, 5), "1000.00")  # the quarter before
    _credit(org, dt.date(2025, 9, 5), "500.00")  # the same quarter a year earlier
    for month in (7, 8, 9):
        center_cost_recorded(month=dt.date(2026, month, 1), amount="500.00")
    center_cost_recorded(month=dt.date(2026, 4, 1), amount="1000.00")
    with django_assert_num_queries(2):
        comparison = value_comparison(period=Period.quarter(2026, 3), today=dt.date(2026, 12, 2))
    now = comparison.current
    assert (now.value, now.attributed, now.direct, now.cost) == (Decimal("3400.00"), Decimal("3400.00"), 0, 1500)
    assert now.net_value == Decimal("1900.00") and now.return_per_unit == Decimal("2.27")
    assert not now.missing_cost_months
    before = comparison.previous
    assert before.period.label == "2026-Q2" and before.value == Decimal("1000.00")
    # Only April has a cost: May and June are named missing, and the return covers April alone.
    assert before.missing_cost_months == (dt.date(2026, 5, 1), dt.date(2026, 6, 1))
    assert before.costed_value == Decimal("1000.00") and before.return_per_unit == Decimal("1.00")
    year_ago = comparison.year_ago
    assert year_ago.period.label == "2025-Q3" and year_ago.value == Decimal("500.00")
    assert year_ago.net_value is None and year_ago.return_per_unit is None and len(year_ago.missing_cost_months) == 3


def test_months_not_yet_begun_are_not_missing_and_a_year_has_no_separate_year_ago(org):
    center_cost_recorded(month=dt.date(2026, 10, 1), amount="100.00")
    comparison = value_comparison(period=Period.quarter(2026, 4), today=dt.date(2026, 10, 20))
    assert comparison.current.missing_cost_months == ()
    whole = value_comparison(period=Period.year(2026), today=dt.date(2026, 10, 20))
    assert whole.year_ago is None and whole.previous.period.label == "2025"
    assert len(whole.current.missing_cost_months) == 9  # January to September
