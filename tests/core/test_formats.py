"""One way to write figures: money, counts, shares, days, moments and durations by the organisation's locale."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from core import formats


@pytest.mark.parametrize(
    ("value", "short", "shown"),
    [
        (D("120000"), False, "$120,000.00"),
        (D("120000"), True, "$120,000"),
        (D("-58750.5"), True, "-$58,750"),
        (D("9999.5"), True, "$9,999.50"),
        (D("12.345"), False, "$12.34"),
        (None, False, "–"),
    ],
)
def test_money_has_its_symbol_and_no_cents_from_ten_thousand_in_the_short_form(value, short, shown):
    assert formats.money(value, short=short) == shown


def test_money_follows_the_configured_currency(settings):
    settings.CURRENCY = "EUR"
    assert formats.money(D("1500")) == "€1,500.00"


def test_counts_are_integers_and_decimals_are_rounded():
    assert formats.number(D("51.000")) == "51"
    assert formats.number(1234567) == "1,234,567"
    assert formats.number(D("12.540"), 1) == "12.5"
    assert formats.percent(D("0.2")) == "20%"
    assert formats.percent(D("0.3333")) == "33.33%"
    assert formats.percent(D("0.952"), 1) == "95.2%"


def test_days_read_as_day_month_year_and_moments_in_the_organisation_time_zone(settings):
    settings.TIME_ZONE = "Europe/Berlin"
    assert formats.date(dt.date(2026, 12, 1)) == "1 Dec 2026"
    moment = dt.datetime(2026, 12, 1, 21, 57, tzinfo=dt.UTC)
    with timezone.override("Europe/Berlin"):
        assert formats.datetime(moment) == "1 Dec 2026, 22:57 CET"
        assert formats.date(dt.datetime(2026, 12, 1, 23, 30, tzinfo=dt.UTC)) == "2 Dec 2026"


@pytest.mark.parametrize(
    ("seconds", "shown"), [(0, "0 s"), (200, "3 min 20 s"), (3900, "1 h 5 min"), (90000, "1 day 1 h")]
)
def test_durations_read_as_people_say_them(seconds, shown):
    assert formats.duration(seconds) == shown
    assert formats.duration(dt.timedelta(seconds=seconds)) == shown
