"""The center's direct value: each ended month's retention saves and agent sales, counted from the contacts and
posted in full to the center (no department share), once per month however many times it runs."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, require
from attribution.models import DirectValuePosting, LedgerTransaction
from attribution.selectors.ledger import VALUE_REALISED_PREFIX
from attribution.selectors.value import AGENT_SALES, CENTER_DIRECT, RETENTION_SAVES
from attribution.services.ledger.periods import first_open_day
from attribution.services.ledger.rollups import Line, transaction_write
from insights.models import Contact

ZERO = Decimal("0.00")
# The business area each kind of direct value serves, as an insight's category would say it.
CATEGORIES = {RETENTION_SAVES: "customer_experience", AGENT_SALES: "financial_growth"}


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def direct_value_counts(*, month: dt.date) -> dict:
    """The month's saves, sales and what they are worth, from its contacts (local time): one query."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(_next_month(month), dt.time.min, tzinfo=zone)
    asked = Q(reason_code__in=settings.SAVE_REASON_CODES) | Q(retained__isnull=False)
    saved = Q(retained=True)
    counts = Contact.objects.filter(started_at__gte=start, started_at__lt=end).aggregate(
        retention_saves=Sum("account_value", filter=saved, default=ZERO),
        agent_sales=Sum("sale_value", default=ZERO),
        asked_to_leave=Count("id", filter=asked),
        saves=Count("id", filter=saved),
        saves_without_value=Count("id", filter=saved & Q(account_value__isnull=True)),
        handled=Count("id", filter=Q(abandoned=False)),
        sales=Count("id", filter=Q(sale_value__gt=0)),
    )
    return counts


def _lines(counts: dict, center_id: int) -> list[Line]:
    lines = []
    for kind in (RETENTION_SAVES, AGENT_SALES):
        amount = counts[kind]
        if amount:
            currency, category = settings.CURRENCY, CATEGORIES[kind]
            lines.append(Line(VALUE_REALISED_PREFIX + kind, -amount, currency, center_id, None, category, kind))
            lines.append(Line(CENTER_DIRECT, amount, currency, center_id, None, category, kind))
    return lines


def direct_value_post(*, month: dt.date, user=None, today: dt.date | None = None) -> tuple[DirectValuePosting, bool]:
    """Post an ended month's direct value; returns (posting, created). Run again, it returns the month's posting
    and writes nothing. Dated the month's last day, or the first open day when that month is closed. `user`
    None is the scheduled job; a person must be the center's lead or an administrator."""
    if user is not None:
        require(user, Action.POST_DIRECT_VALUE)
    month = month.replace(day=1)
    today = today or timezone.localdate()
    if _next_month(month) > today:
        raise ValidationError(
            {"month": [f"{month:%B %Y} has not ended: its saves and sales are credited once the month is over."]}
        )
    existing = DirectValuePosting.objects.filter(month=month).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return _post(month=month, user=user), True
    except IntegrityError:  # another run posted the month first: the unique month kept it to one
        return DirectValuePosting.objects.get(month=month), False


def _post(*, month: dt.date, user) -> DirectValuePosting:
    counts = direct_value_counts(month=month)
    posting = DirectValuePosting.objects.create(month=month, currency=settings.CURRENCY, **counts)
    lines = _lines(counts, Department.objects.get(is_contact_center=True).pk)
    if lines:
        txn = LedgerTransaction.objects.create(
            kind=LedgerTransaction.Kind.DIRECT,
            effective_on=first_open_day(_next_month(month) - dt.timedelta(days=1)),
            memo=f"The center's retention saves and agent sales, {month:%B %Y}",
            posted_by=user,
        )
        transaction_write(txn, lines)
        posting.transaction = txn
        posting.save(update_fields=["transaction"])
    return posting


def direct_value_post_due(*, today: dt.date | None = None) -> DirectValuePosting | None:
    """The beat job: post the month before this one once DIRECT_VALUE_POST_AFTER_DAYS have passed since it
    ended (late contacts land first); None while it is too early."""
    today = today or timezone.localdate()
    this_month = today.replace(day=1)
    previous = (this_month - dt.timedelta(days=1)).replace(day=1)
    if (today - this_month).days < settings.DIRECT_VALUE_POST_AFTER_DAYS:
        return None
    return direct_value_post(month=previous, today=today)[0]
