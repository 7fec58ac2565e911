"""Recording what the contact center costs each month: the lead's figure behind the return on /exec/."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.policy import Action, require
from attribution.models import CenterCost
from core.money import money_parse
from core.typed_text import scrub

NOTE_MAX_CHARS = 2000


@transaction.atomic
def center_cost_record(*, user, month: dt.date, amount: Decimal, note: str = "") -> tuple[CenterCost, bool]:
    """Record the center's cost for a month (its first day), replacing an earlier figure for that month;
    returns (cost, created). Only the center's lead records it; months after the current one are refused."""
    require(user, Action.RECORD_CENTER_COST)
    errors: dict[str, list[str]] = {}
    if not isinstance(month, dt.date):
        raise TypeError("month must be a date")
    month = month.replace(day=1)
    if month > timezone.localdate().replace(day=1):
        errors["month"] = [f"{month:%B %Y} has not started yet: record a month's cost once it is under way."]
    try:
        amount = money_parse(amount, allow_zero=False)  # the money rules (places, size, sign), not a parse
    except ValidationError as exc:
        errors["amount"] = exc.messages
    note = scrub((note or "").strip())  # typed text: no personal data is stored (issue 17)
    if len(note) > NOTE_MAX_CHARS:
        errors["note"] = [f"Keep the note under {NOTE_MAX_CHARS} characters."]
    if errors:
        raise ValidationError(errors)
    cost, created = CenterCost.objects.select_for_update().get_or_create(
        month=month,
        defaults={"amount": amount, "currency": settings.CURRENCY, "note": note, "recorded_by": user},
    )
    if not created:
        cost.amount, cost.currency, cost.note = amount, settings.CURRENCY, note
        cost.recorded_by, cost.recorded_at = user, timezone.now()
        cost.full_clean()
        cost.save(update_fields=["amount", "currency", "note", "recorded_by", "recorded_at"])
    return cost, created
