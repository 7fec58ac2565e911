"""The `formats` template filters write figures as core.formats does."""

import datetime as dt
from decimal import Decimal as D

from django.template import Context, Template


def _render(source: str, **context) -> str:
    return Template("{% load formats %}" + source).render(Context(context))


def test_the_filters_write_money_counts_days_and_durations():
    html = _render(
        "{{ a|money }}|{{ a|money:'short' }}|{{ n|number }}|{{ s|percent }}|{{ d|date }}|{{ t|duration }}",
        a=D("120000"),
        n=D("51.000"),
        s=D("0.2"),
        d=dt.date(2026, 12, 1),
        t=200,
    )
    assert html == "$120,000.00|$120,000|51|20%|1 Dec 2026|3 min 20 s"


def test_date_with_a_django_format_string_is_django_s_date_filter():
    assert _render('{{ d|date:"Y" }}', d=dt.date(2026, 12, 1)) == "2026"


def test_datetime_names_the_time_zone():
    moment = dt.datetime(2026, 12, 1, 21, 57, tzinfo=dt.UTC)
    assert _render("{{ m|datetime }}", m=moment) == "1 Dec 2026, 21:57 UTC"
