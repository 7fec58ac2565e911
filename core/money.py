"""The money vocabulary: one size, one rounding rule and one parser for every amount in the product.

Amounts are `Decimal` with two places in the organisation's currency (`settings.CURRENCY`). They are parsed
once, at the edge (a serializer or form field), and services receive `Decimal`s they never re-parse.
"""

from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

MONEY_MAX_DIGITS = 18
MONEY_PLACES = 2
MONEY_QUANTUM = Decimal(1).scaleb(-MONEY_PLACES)  # 0.01
MONEY_ROUNDING = ROUND_HALF_EVEN
# The largest amount the database column holds is 10**16 - 0.01; keep a margin of 100x so that sums of a
# month's postings in one rollup row cannot overflow it.
MONEY_LIMIT = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_PLACES - 2)
ZERO = Decimal("0.00")

_ASCII_NUMBER = frozenset("0123456789.-+")


def money_quantize(value: Decimal) -> Decimal:
    """Round to cents with the product's one rounding rule (banker's rounding)."""
    return value.quantize(MONEY_QUANTUM, rounding=MONEY_ROUNDING)


def money_parse(raw: object, *, allow_negative: bool = False, allow_zero: bool = True) -> Decimal:
    """Parse an amount typed or sent by a person or program; raises ValidationError with a plain message.

    Accepts a `Decimal`, an `int`, or a string of ASCII digits with at most one point and two decimals
    (`"1200"`, `"1200.5"`, `"1200.50"`). Refuses floats (they are not exact), separators (`1_000`, `1,000`),
    non-ASCII digits, exponents, NaN and infinity, and amounts past `MONEY_LIMIT`.
    """
    if isinstance(raw, (bool, float)):
        raise ValidationError('Give the amount as a string of digits, e.g. "1200.50", not as a float.')
    if isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not text or not set(text) <= _ASCII_NUMBER or text.count(".") > 1 or "-" in text[1:] or "+" in text[1:]:
            raise ValidationError(f"{_clip(raw)!r} is not an amount: use digits and at most one point, e.g. 1200.50.")
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValidationError(f"{_clip(raw)!r} is not an amount: use digits, e.g. 1200.50.") from None
    else:
        raise ValidationError('Give the amount as a string of digits, e.g. "1200.50".')
    if not value.is_finite():
        raise ValidationError("The amount must be a finite number.")
    if value != value.quantize(MONEY_QUANTUM, rounding=MONEY_ROUNDING):
        raise ValidationError(f"Amounts have at most {MONEY_PLACES} decimal places.")
    if abs(value) >= MONEY_LIMIT:
        raise ValidationError(f"The amount must be less than {MONEY_LIMIT:,}.")
    if value < 0 and not allow_negative:
        raise ValidationError("The amount cannot be negative.")
    if value == 0 and not allow_zero:
        raise ValidationError("The amount must be more than zero.")
    return money_quantize(value)


def _clip(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


class MoneyField(models.DecimalField):
    """A model column for an amount: 18 digits, 2 places."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MONEY_MAX_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        # Migrations record a plain DecimalField, so moving the vocabulary never needs a migration.
        return name, "django.db.models.DecimalField", args, kwargs


# The OpenAPI document describes an amount as DRF's DecimalField did: a string of digits with two places at most.
_MONEY_PATTERN = rf"^-?\d{{0,{MONEY_MAX_DIGITS - MONEY_PLACES - 2}}}(?:\.\d{{0,{MONEY_PLACES}}})?$"


@extend_schema_field({"type": "string", "format": "decimal", "pattern": _MONEY_PATTERN})
class MoneySerializerField(serializers.Field):
    """An API amount: parsed with `money_parse`, rendered as a string with two places."""

    default_error_messages = {"invalid": "{message}"}

    def __init__(self, *, allow_negative: bool = False, allow_zero: bool = True, **kwargs):
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> Decimal:
        try:
            return money_parse(data, allow_negative=self.allow_negative, allow_zero=self.allow_zero)
        except ValidationError as exc:
            self.fail("invalid", message=" ".join(exc.messages))

    def to_representation(self, value) -> str:
        return str(money_quantize(Decimal(value)))


class MoneyFormField(forms.CharField):
    """A form amount: the same parser as the API, so a page and a program accept exactly the same input."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, allow_negative: bool = False, allow_zero: bool = True, **kwargs):
        self.allow_negative = allow_negative
        self.allow_zero = allow_zero
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return money_parse(value, allow_negative=self.allow_negative, allow_zero=self.allow_zero)
