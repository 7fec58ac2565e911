"""`{% load formats %}`: the site's one way to write figures (core.formats, by the organisation's locale).

    {{ amount|money }}  "$58,750.00"     {{ amount|money:"short" }}  "$120,000" (executive pages)
    {{ count|number }}  "51"             {{ score|number:2 }}        "12.54"
    {{ share|percent }} "20%"            {{ day|date }}              "1 Dec 2026"
    {{ moment|datetime }} "1 Dec 2026, 21:57 UTC"                    {{ seconds|duration }} "3 min 20 s"
    {{ amount|plain_amount }} "58750.00" (a figure's data-amount, for checking it against its transactions)

`date` with a Django format string (`{{ d|date:"Y" }}`) still means Django's own filter.
"""

from django import template
from django.template import defaultfilters

from core import formats

register = template.Library()


@register.filter
def money(value, style: str = "") -> str:
    """An amount with its currency symbol; "short" leaves the cents off from 10,000 up."""
    return formats.money(value, short=style == "short")


@register.filter
def plain_amount(value) -> str:
    """An amount as "1300.00" for a `data-amount` attribute (no symbol, no grouping)."""
    return formats.plain_amount(value)


@register.filter
def number(value, places=None) -> str:
    """A count as a grouped integer; `number:2` with two decimals."""
    return formats.number(value, None if places in (None, "") else int(places))


@register.filter
def percent(value, places=None) -> str:
    """A share (0.2) as "20%"; `percent:1` with one decimal."""
    return formats.percent(value, None if places in (None, "") else int(places))


@register.filter(name="date")
def date(value, django_format: str | None = None) -> str:
    """A day as "1 Dec 2026"; with a Django format string, Django's `date` filter."""
    if django_format:
        return defaultfilters.date(value, django_format)
    return formats.date(value)


@register.filter(name="datetime")
def datetime(value) -> str:
    """A moment in the organisation's time zone, named: "1 Dec 2026, 21:57 UTC"."""
    return formats.datetime(value)


@register.filter
def code_label(value) -> str:
    """A stored code as words: "app_login_failure" -> "App login failure"."""
    return formats.code_label(value)


@register.filter
def duration(value) -> str:
    """Seconds or a timedelta as "3 min 20 s"."""
    return formats.duration(value)
