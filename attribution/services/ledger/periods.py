"""Accounting months: closing one, and asking whether a day falls in a closed one."""

import datetime as dt

from django.db import transaction

from accounts.policy import Action, require
from attribution.models import AccountingPeriod
from core.errors import DomainError


class PeriodClosed(DomainError):
    default_field = "period_end"


def month_of(day: dt.date) -> dt.date:
    """The first day of the day's month: the key of its accounting period and its rollups."""
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def period_is_closed(*, day: dt.date) -> bool:
    return AccountingPeriod.objects.filter(month=month_of(day)).exists()


def first_open_day(day: dt.date) -> dt.date:
    """The day itself when its month is open, else the first day of the next open month."""
    closed = set(AccountingPeriod.objects.filter(month__gte=month_of(day)).values_list("month", flat=True))
    month = month_of(day)
    if month not in closed:
        return day
    while month in closed:
        month = _next_month(month)
    return month


def closed_months(days) -> set[dt.date]:
    """The closed months among those of the given days, in one query."""
    months = {month_of(day) for day in days}
    return set(AccountingPeriod.objects.filter(month__in=months).values_list("month", flat=True))


@transaction.atomic
def period_close(*, user, month: dt.date) -> AccountingPeriod:
    """Close a month: nothing dated in it may be posted afterwards."""
    require(user, Action.CLOSE_PERIOD)
    period, _ = AccountingPeriod.objects.get_or_create(month=month_of(month), defaults={"closed_by": user})
    return period
