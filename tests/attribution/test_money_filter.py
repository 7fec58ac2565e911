"""Every money figure on a page reads the same way: thousands separated, two decimals."""

from decimal import Decimal

import pytest
from django.template import Context, Template

from attribution.templatetags.money import money


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("21456"), "21,456.00"),
        (Decimal("1234567.5"), "1,234,567.50"),
        (Decimal("-1234.5"), "-1,234.50"),
        (Decimal("0"), "0.00"),
        ("99.999", "100.00"),  # half-even rounding to the cent
        ("12.345", "12.34"),
        (None, "–"),
        ("", "–"),
        ("n/a", "n/a"),
    ],
)
def test_money(value, shown):
    assert money(value) == shown


def test_money_in_a_template():
    html = Template("{% load money %}{{ v|money }}").render(Context({"v": Decimal("2500")}))
    assert html == "2,500.00"
