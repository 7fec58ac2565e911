"""One way to write numbers, money, dates, times and durations, by the organisation's locale (Babel).

The locale is `LANGUAGE_CODE`, the currency `CURRENCY`, the time zone `TIME_ZONE`; pages (through the `formats`
template filters), e-mails and drafted text all call these, so "$120,000" reads the same everywhere.

    money(Decimal("120000"))                 -> "$120,000"      (no cents from 10,000 up in the short form)
    money(Decimal("58750.5"), short=False)   -> "$58,750.50"
    number(51)                               -> "51";  number(Decimal("0.5186"), 2) -> "0.52"
    date(date(2026, 12, 1))                  -> "1 Dec 2026"
    datetime(aware)                          -> "1 Dec 2026, 21:57 UTC"   (in TIME_ZONE, with its name)
    duration(200)                            -> "3 min 20 s"
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from babel import Locale, dates, numbers
from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Amounts from here up are written without cents where a short form is asked for (executive pages).
NO_CENTS_FROM = Decimal("10000")
DASH = "–"


def locale() -> Locale:
    """The organisation's Babel locale from `LANGUAGE_CODE` ("en-us" -> en_US)."""
    return Locale.parse(settings.LANGUAGE_CODE.replace("-", "_"))


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(value, *, currency: str | None = None, short: bool = False) -> str:
    """An amount with its currency symbol; `short` drops the cents from NO_CENTS_FROM up."""
    amount = _decimal(value)
    if amount is None:
        return DASH if value in (None, "") else str(value)
    code = currency or settings.CURRENCY
    if short and abs(amount) >= NO_CENTS_FROM:
        pattern = locale().currency_formats["standard"].pattern.replace(".00", "")
        return numbers.format_currency(amount, code, format=pattern, locale=locale(), currency_digits=False)
    return numbers.format_currency(amount, code, locale=locale())


def plain_amount(value) -> str:
    """An amount for machines, not readers: "1300.00" (two places, no symbol or grouping), as a figure's
    `data-amount` carries it so a page's figures can be checked against the transactions behind them."""
    amount = _decimal(value)
    return "" if amount is None else f"{amount.quantize(Decimal('0.01'))}"


def number(value, places: int | None = None) -> str:
    """A count as an integer with grouping; with `places`, that many decimals (rounded half even)."""
    amount = _decimal(value)
    if amount is None:
        return DASH if value in (None, "") else str(value)
    if places is None:
        places = 0 if amount == amount.to_integral_value() else 2
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return numbers.format_decimal(amount, format=pattern, locale=locale(), decimal_quantization=True)


def percent(value, places: int | None = None) -> str:
    """A share as a percentage: 0.2 -> "20%", 0.3333 -> "33.33%" (up to two decimals unless `places` says)."""
    amount = _decimal(value)
    if amount is None:
        return DASH
    decimals = "." + "#" * 2 if places is None else ("." + "0" * places if places else "")
    pattern = "#,##0" + decimals + "%"
    return numbers.format_percent(amount, format=pattern, locale=locale())


def date(value) -> str:
    """A day as "1 Dec 2026"; a date-time is first moved into the organisation's time zone."""
    if value in (None, ""):
        return DASH
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    return dates.format_date(value, "d MMM y", locale=locale())


def time_zone_name(value: dt.datetime | None = None) -> str:
    """The organisation's time zone as people read it ("UTC", "CET"), at `value` (or now)."""
    moment = timezone.localtime(value or timezone.now())
    return moment.tzname() or settings.TIME_ZONE


def datetime(value) -> str:
    """A moment as "1 Dec 2026, 21:57 UTC", in the organisation's time zone and named."""
    if value in (None, ""):
        return DASH
    if isinstance(value, str):  # an ISO moment from a read model's JSON
        value = parse_datetime(value) or value
    if not isinstance(value, dt.datetime):
        return date(value)
    moment = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date(moment.date())}, {moment:%H:%M} {time_zone_name(value) if timezone.is_aware(value) else ''}".rstrip()


def code_label(value) -> str:
    """A stored code as words: "app_login_failure" -> "App login failure"."""
    if value in (None, ""):
        return DASH
    if isinstance(value, list | tuple):
        return ", ".join(code_label(item) for item in value)
    words = str(value).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def duration(value) -> str:
    """Seconds (or a timedelta) as "3 min 20 s", "2 h 5 min", "4 days"."""
    if value in (None, ""):
        return DASH
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
    seconds = round(seconds)
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        parts = [f"{days} day{'s' if days != 1 else ''}"] + ([f"{hours} h"] if hours else [])
    elif hours:
        parts = [f"{hours} h"] + ([f"{minutes} min"] if minutes else [])
    elif minutes:
        parts = [f"{minutes} min"] + ([f"{secs} s"] if secs else [])
    else:
        parts = [f"{secs} s"]
    return sign + " ".join(parts)
