"""One contact row: each column parsed, checked and (for free text) redacted, with errors that name the column."""

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from core.money import money_parse
from insights.models import Channel
from insights.redaction import redact
from insights.services.imports.parsing import COLUMNS, TEXT_MAX_CHARS

# The order of values in a parsed row: the interchange columns, the staging table and the insert alike.
ROW_FIELDS = COLUMNS

_CHANNELS = frozenset(Channel.values)
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_MAX_INT = 2_147_483_647
_SENTIMENT_PLACES = Decimal("0.001")
_LENGTHS = {"external_id": 120, "queue": 80, "reason_code": 80, "customer_ref": 120}


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole(value: str, name: str, low: int, high: int) -> int:
    if not value.isdigit() or not value.isascii():
        if value.startswith("-") and value[1:].isdigit():
            raise ValueError(f"{name} cannot be negative (got {value}).")
        raise ValueError(f"{name} must be a whole number (got {value[:40]!r}).")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high} (got {number}).")
    return number


def _boolean(value: str, name: str) -> bool | None:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if lowered == "":
        return None
    raise ValueError(f"{name} must be true/false, 1/0 or yes/no (got {value[:40]!r}).")


def _bounded(name: str) -> Callable[[str, ZoneInfo], str]:
    limit = _LENGTHS[name]

    def parse(value: str, zone: ZoneInfo) -> str:
        if len(value) > limit:
            raise ValueError(f"{name} is longer than {limit} characters.")
        return value

    return parse


def _external_id(value: str, zone: ZoneInfo) -> str:
    if not value:
        raise ValueError("external_id is required.")
    if len(value) > _LENGTHS["external_id"]:
        raise ValueError(f"external_id is longer than {_LENGTHS['external_id']} characters.")
    return value


def _channel(value: str, zone: ZoneInfo) -> str:
    lowered = value.lower()
    if lowered not in _CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(Channel.values)} (got {value[:40]!r}).")
    return lowered


def _started_at(value: str, zone: ZoneInfo) -> datetime:
    if not value:
        raise ValueError("started_at is required.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"started_at must be an ISO 8601 date and time (got {value[:40]!r}).") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _seconds(name: str) -> Callable[[str, ZoneInfo], int]:
    return lambda value, zone: _whole(value, name, 0, _MAX_INT) if value else 0


def _abandoned(value: str, zone: ZoneInfo) -> bool:
    return bool(_boolean(value, "abandoned"))


def _resolved(value: str, zone: ZoneInfo) -> bool | None:
    return _boolean(value, "resolved_first_contact")


def _csat(value: str, zone: ZoneInfo) -> int | None:
    return _whole(value, "csat", 1, 5) if value else None


def _nps(value: str, zone: ZoneInfo) -> int | None:
    return _whole(value, "nps", 0, 10) if value else None


def _sentiment(value: str, zone: ZoneInfo) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"sentiment must be a number (got {value[:40]!r}).") from None
    if not number.is_finite():
        raise ValueError(f"sentiment must be a finite number (got {value[:40]!r}).")
    if not -1 <= number <= 1:
        raise ValueError(f"sentiment must be between -1 and 1 (got {value[:40]}).")
    return number.quantize(_SENTIMENT_PLACES)


def _excerpt(value: str, zone: ZoneInfo) -> str:
    if len(value) > TEXT_MAX_CHARS:
        raise ValueError(f"text is longer than {TEXT_MAX_CHARS} characters ({len(value)}).")
    if "\x00" in value:
        raise ValueError("text contains a NUL character.")
    return redact(value)


def _customer_ref(value: str, zone: ZoneInfo) -> str:
    if "@" in value:
        raise ValueError("customer_ref must be a pseudonymous reference, not an e-mail address.")
    if len(value) > _LENGTHS["customer_ref"]:
        raise ValueError(f"customer_ref is longer than {_LENGTHS['customer_ref']} characters.")
    return value


def _account_value(value: str, zone: ZoneInfo) -> Decimal | None:
    """The account's revenue, by the product's one money rule (`core.money`), as the API and pages take it."""
    if not value:
        return None
    try:
        return money_parse(value)
    except ValidationError as exc:
        raise ValueError(f"account_value: {' '.join(exc.messages)}") from None


# One parser per column, in ROW_FIELDS order; each raises ValueError with a message naming its column.
_PARSERS: tuple[tuple[str, Callable[[str, ZoneInfo], object]], ...] = (
    ("external_id", _external_id),
    ("channel", _channel),
    ("started_at", _started_at),
    ("queue", _bounded("queue")),
    ("wait_seconds", _seconds("wait_seconds")),
    ("handle_seconds", _seconds("handle_seconds")),
    ("abandoned", _abandoned),
    ("reason_code", _bounded("reason_code")),
    ("resolved_first_contact", _resolved),
    ("csat", _csat),
    ("nps", _nps),
    ("sentiment", _sentiment),
    ("text", _excerpt),
    ("customer_ref", _customer_ref),
    ("account_value", _account_value),
)
assert tuple(name for name, _ in _PARSERS) == ROW_FIELDS


def contact_row_parse(raw: dict, *, zone: ZoneInfo) -> tuple[tuple | None, list[tuple[str, str]]]:
    """Validate and redact one raw row: (values in ROW_FIELDS order, []) or (None, [(field, message), ...])."""
    values = []
    problems: list[tuple[str, str]] = []
    get = raw.get
    for name, parse in _PARSERS:
        value = get(name)
        try:
            values.append(parse(value.strip() if value.__class__ is str else _text(value), zone))
        except ValueError as exc:
            problems.append((name, str(exc)))
    if problems:
        return None, problems
    return tuple(values), problems
