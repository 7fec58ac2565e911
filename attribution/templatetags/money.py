"""`{{ amount|money }}`: how every money figure reads on a page: thousands separated, two decimals."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()
CENT = Decimal("0.01")


@register.filter
def money(value) -> str:
    """21456 -> "21,456.00"; -1234.5 -> "-1,234.50"; None or a non-number -> "–" or the value as it was."""
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        return str(value)
    return f"{amount:,.2f}"
