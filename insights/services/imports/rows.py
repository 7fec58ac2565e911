"""One contact row: each column parsed, checked and (for free text) redacted, with errors that name the column."""

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from core.money import money_parse
from core.profanity import profanity_found
from core.redaction import redact
from insights.models import Channel
from insights.services.imports.parsing import ALL_COLUMNS, TEXT_MAX_CHARS

# The order of values in a parsed row: the interchange columns, then what is derived from them (`profane`, from
# the excerpt); the staging table and the insert alike.
ROW_FIELDS = (*ALL_COLUMNS, "profane")

_CHANNELS = frozenset(Channel.values)
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_MAX_INT = 2_147_483_647
_SENTIMENT_PLACES = Decimal("0.001")
_LENGTHS = {"external_id": 120, "queue": 80, "reason_code": 80, "customer_ref": 120}
# PostgreSQL refuses NUL in text (a DataError that would abort the whole batch); other C0/C1 controls are refused
# too, as no field means them. Free text may keep its tabs and line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# JSON Lines: the scalar types each column takes besides a string (and null, meaning empty).
_NUMBER = (int, float)
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "external_id": (int,),
    "channel": (),
    "started_at": (),
    "queue": (),
    "wait_seconds": _NUMBER,
    "handle_seconds": _NUMBER,
    "abandoned": (bool, int),
    "reason_code": (),
    "resolved_first_contact": (bool, int),
    "csat": _NUMBER,
    "nps": _NUMBER,
    "sentiment": _NUMBER,
    "text": (),
    "customer_ref": (int,),
    "account_value": _NUMBER,
    "retained": (bool, int),
    "sale_value": _NUMBER,
}
_JSON_NAMES = {dict: "a JSON object", list: "a JSON array", bool: "true/false", int: "a number", float: "a number"}


def _text(value, name: str) -> str:
    """A JSON value as the string the column parsers read; a value of the wrong type is refused naming the column."""
    if value is None:
        return ""
    if value.__class__ not in _JSON_TYPES[name]:  # bool is its own class here, so true is no number
        kind = _JSON_NAMES.get(value.__class__, type(value).__name__)
        raise ValueError(f"{name} must be a single {_expected(name)}, not {kind}.")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _expected(name: str) -> str:
    allowed = _JSON_TYPES[name]
    if bool in allowed:
        return "true/false value"
    if float in allowed:
        return "number (or a string holding one)"
    return "string" + (" or whole number" if int in allowed else "")


def _controls(value: str, name: str) -> None:
    """Refuse control characters (NUL first of all): they would fail the batch in PostgreSQL or corrupt the row."""
    if value.isprintable():  # the fast path: isprintable() is False for every control character
        return
    found = (_TEXT_CONTROL if name == "text" else _CONTROL).search(value)
    if found:
        char = found.group()
        what = "a NUL character" if char == "\x00" else f"a control character (U+{ord(char):04X})"
        raise ValueError(f"{name} contains {what}.")


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


def _retained(value: str, zone: ZoneInfo) -> bool | None:
    """The customer meant to leave: true if the agent kept them, false if they left; empty when not asked."""
    return _boolean(value, "retained")


def _sale_value(value: str, zone: ZoneInfo) -> Decimal | None:
    """Revenue an agent sold on the contact, by the same money rule as account_value."""
    if not value:
        return None
    try:
        return money_parse(value)
    except ValidationError as exc:
        raise ValueError(f"sale_value: {' '.join(exc.messages)}") from None


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
    ("retained", _retained),
    ("sale_value", _sale_value),
)
assert tuple(name for name, _ in _PARSERS) == ALL_COLUMNS
_TEXT_AT = ALL_COLUMNS.index("text")


class _Refused:
    """A value refused, and why (the message names the column)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


def _value_parse(value, name: str, parse: Callable[[str, ZoneInfo], object], zone: ZoneInfo):
    """One value of one column: stripped, free of control characters and parsed, or _Refused."""
    try:
        text = value.strip() if value.__class__ is str else _text(value, name)
        _controls(text, name)
        return parse(text, zone)
    except ValueError as exc:
        return _Refused(str(exc))


# Columns whose values repeat across rows (a channel, a queue, a satisfaction score, an amount): each distinct
# value is parsed once per batch. The others are nearly unique per row and are parsed one by one.
_REPEATING = frozenset(ALL_COLUMNS) - {"external_id", "started_at", "text", "customer_ref"}
_SLOW = object()  # a value the fast path leaves to `_value_parse`


# Fast paths for the nearly unique columns of a CSV batch: the common value in a few C-speed steps, anything
# else (`_SLOW`) through `_value_parse`, which gives the same value and the error. Each takes only values that
# `_value_parse` would take as they are: printable (so no control character), within the column's length.
def _external_ids_fast(values: Sequence[str], zone: ZoneInfo) -> list:
    limit = _LENGTHS["external_id"]
    return [v if (v := raw.strip()) and len(v) <= limit and v.isprintable() else _SLOW for raw in values]


def _customer_refs_fast(values: Sequence[str], zone: ZoneInfo) -> list:
    limit = _LENGTHS["customer_ref"]
    return [v if len(v := raw.strip()) <= limit and v.isprintable() and "@" not in v else _SLOW for raw in values]


def _texts_fast(values: Sequence[str], zone: ZoneInfo) -> list:
    return [redact(v) if len(v := raw.strip()) <= TEXT_MAX_CHARS and v.isprintable() else _SLOW for raw in values]


def _started_ats_fast(values: Sequence[str], zone: ZoneInfo) -> list:
    stripped = list(map(str.strip, values))
    if not (all(stripped) and all(map(str.isprintable, stripped))):
        return [_SLOW] * len(values)
    try:
        moments = list(map(datetime.fromisoformat, stripped))
    except ValueError:
        return [_SLOW] * len(values)
    return [moment if moment.tzinfo is not None else moment.replace(tzinfo=zone) for moment in moments]


_FAST = {
    "external_id": _external_ids_fast,
    "customer_ref": _customer_refs_fast,
    "text": _texts_fast,
    "started_at": _started_ats_fast,
}


def _column_parse(name: str, parse, values: Sequence, zone: ZoneInfo, *, strings: bool) -> tuple[list, list[int]]:
    """A column's parsed values (or _Refused), and the positions of the refused ones."""
    if strings and name in _REPEATING:  # only str keys: as dict keys, True, 1 and 1.0 are one key
        memo = {value: _value_parse(value, name, parse, zone) for value in set(values)}
        parsed = list(map(memo.__getitem__, values))
        refused = {value for value, result in memo.items() if result.__class__ is _Refused}
        return parsed, [i for i, value in enumerate(values) if value in refused] if refused else []
    if strings and name in _FAST:
        parsed = _FAST[name](values, zone)
        if _SLOW not in parsed:
            return parsed, []
        slow = [i for i, result in enumerate(parsed) if result is _SLOW]
        for i in slow:
            parsed[i] = _value_parse(values[i], name, parse, zone)
        return parsed, [i for i in slow if parsed[i].__class__ is _Refused]
    parsed = [_value_parse(value, name, parse, zone) for value in values]
    return parsed, [i for i, result in enumerate(parsed) if result.__class__ is _Refused]


def contact_batch_parse(
    numbers: Sequence[int], columns: Mapping[str, Sequence], *, zone: ZoneInfo, strings: bool = False
) -> tuple[list[tuple], list[tuple[int, str, str]]]:
    """Validate and redact a batch of raw rows, column by column.

    `numbers` are the rows' line numbers; `columns` maps each column the file has to its values, one per row (str
    from CSV, JSON scalars from JSON Lines; a column the file lacks reads as empty). `strings` says every value is a
    str, so repeated values are parsed once. Returns the valid rows as `(line number, *values in ROW_FIELDS order)`
    and the problems of the others as `(line number, column, message)`, in line then column order; a row's outcome
    does not depend on the rest of its batch.
    """
    count = len(numbers)
    absent = [""] * count if strings else [None] * count  # a missing column reads as empty
    parsed_columns, refused_at = [], {}
    for name, parse in _PARSERS:
        parsed, refused = _column_parse(name, parse, columns.get(name, absent), zone, strings=strings)
        parsed_columns.append(parsed)
        for i in refused:
            refused_at.setdefault(i, []).append((name, parsed[i].message))
    texts = parsed_columns[_TEXT_AT]
    valid = [
        (number, *values, profanity_found(texts[i]))  # counted per contact: a signal of anger (issue 17)
        for i, (number, *values) in enumerate(zip(numbers, *parsed_columns, strict=True))
        if i not in refused_at
    ]
    problems = [(numbers[i], name, message) for i in sorted(refused_at) for name, message in refused_at[i]]
    return valid, problems
