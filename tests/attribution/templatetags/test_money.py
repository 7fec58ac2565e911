"""How figures read on a page: money with its symbol, thousands-separated, two decimals; durations in words."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from attribution.templatetags.money import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("21456"), "$21,456.00"),
        (Decimal("1234567.5"), "$1,234,567.50"),
        (Decimal("-1234.5"), "-$1,234.50"),
        (Decimal("0"), "$0.00"),
        ("99.999", "$100.00"),  # half-even rounding to the cent
        ("12.345", "$12.34"),
        (None, "–"),
        ("", "–"),
        ("n/a", "n/a"),
    ],
)
def test_money(value, shown):
    assert money(value) == shown


def test_money_in_a_template():
    html = Template("{% load money %}{{ v|money }}").render(Context({"v": Decimal("2500")}))
    assert html == "$2,500.00"


@pytest.mark.parametrize(
    ("seconds", "long", "short"),
    [
        (0, "0 seconds", "0 s"),
        (1, "1 second", "1 s"),
        (21.2, "21 seconds", "21 s"),
        (60, "1 minute", "1 min"),
        (372.5, "6 minutes 12 seconds", "6 min 12 s"),  # 372.5 rounds half-even to 372
        (3900, "1 hour 5 minutes", "1 h 5 min"),
        (7205, "2 hours", "2 h"),
    ],
)
def test_durations_read_as_people_say_them(seconds, long, short):
    from insights.metric_definitions import duration_text

    assert duration_text(seconds) == long
    assert duration_text(seconds, short=True) == short
