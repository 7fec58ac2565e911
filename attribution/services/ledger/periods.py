"""Accounting months: closing and reopening one, and asking whether a day falls in a closed one.

The rule for a closed month: an outcome whose `period_end` falls in it is refused (400 naming `period_end`), and
so is a reversal dated in it (reversals are dated today); a reclassification after a sign-off is dated into the
first open month, since it records what the sign-off changed, on the day it changed."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

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


logger = logging.getLogger(__name__)


@transaction.atomic
def period_close(*, user, month: dt.date) -> AccountingPeriod:
    """Close a month that has ended (the lead or an administrator): nothing dated in it may be posted afterwards.
    Closing a closed month returns it as it is."""
    require(user, Action.CLOSE_PERIOD)
    month = month_of(month)
    if month >= month_of(timezone.localdate()):
        raise ValidationError({"month": [f"{month:%B %Y} has not ended yet; close it once it has."]})
    period, created = AccountingPeriod.objects.get_or_create(month=month, defaults={"closed_by": user})
    if created:
        logger.info("ledger period closed", extra={"month": f"{month:%Y-%m}", "user_id": user.pk})
    return period


@transaction.atomic
def period_reopen(*, user, month: dt.date) -> None:
    """Reopen a closed month (the lead or an administrator) so that it takes postings again; reopening an open
    month does nothing."""
    require(user, Action.CLOSE_PERIOD)
    month = month_of(month)
    deleted, _ = AccountingPeriod.objects.filter(month=month).delete()
    if deleted:
        logger.info("ledger period reopened", extra={"month": f"{month:%Y-%m}", "user_id": user.pk})
