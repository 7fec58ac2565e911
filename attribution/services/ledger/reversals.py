"""Reversing an outcome's posting, and moving posted credit when a sign-off changes its standing."""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, require
from attribution.models import ImprovementInsight, LedgerEntry, LedgerTransaction, Outcome, SignoffRecord
from attribution.selectors.ledger import CENTER_ACCOUNTS, DEPARTMENT_PREFIX
from attribution.services.ledger.credit import insight_credit_states
from attribution.services.ledger.periods import PeriodClosed, first_open_day, period_is_closed
from attribution.services.ledger.rollups import Line, transaction_write
from core.errors import Conflict
from core.money import money_quantize
from core.typed_text import scrub
from insights.models import Insight


@transaction.atomic
def outcome_reverse(*, user, outcome: Outcome, reason: str) -> LedgerTransaction:
    """Post a reversal of the outcome's posting (every entry negated, linked to it), dated today."""
    require(user, Action.REVERSE_OUTCOME)
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Say why the outcome is reversed."]})
    original = (
        LedgerTransaction.objects.select_for_update()
        .filter(outcome=outcome, kind=LedgerTransaction.Kind.POSTING)
        .first()
    )
    if original is None:
        raise ValidationError({"outcome": ["This outcome has no posting to reverse."]})
    if LedgerTransaction.objects.filter(reverses=original).exists():
        raise Conflict("This outcome was already reversed.", field="outcome")
    today = timezone.localdate()
    if period_is_closed(day=today):
        raise PeriodClosed(f"{today:%B %Y} is closed; a reversal cannot be dated in it.", field="effective_on")
    txn = LedgerTransaction.objects.create(
        kind=LedgerTransaction.Kind.REVERSAL,
        outcome=outcome,
        reverses=original,
        effective_on=today,
        memo=scrub(reason.strip()),
        posted_by=user,
    )
    entries = [
        Line(e.account, -e.amount, e.currency, e.department_id, e.insight_id, e.category, e.outcome_kind)
        for e in original.entries.all()
    ]
    transaction_write(txn, entries)
    # Credit moved by later reclassifications is not in the posting: bring it back to zero too.
    for insight_id in {e.insight_id for e in entries if e.insight_id}:
        _resync(insight_id=insight_id, department=outcome.improvement.department, record=None, user=user)
    return txn


def ledger_reclassify_for_record(*, record: SignoffRecord) -> LedgerTransaction | None:
    """Move the insight's credit already posted for the record's department into the account its state
    now decides (secured on a signature, disputed on a decline), adjusting the department line when the
    share differs. Idempotent: nothing is posted when the net position already reflects the state."""
    with transaction.atomic():
        return _resync(insight_id=record.request.insight_id, department=record.department, record=record, user=None)


def _target(*, insight_id: int, department: Department, account: str, share: Decimal) -> dict[tuple[str, str], Decimal]:
    """What each live (unreversed) outcome should have credited the insight, by (outcome kind, account)."""
    target: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    weights = ImprovementInsight.objects.filter(
        insight_id=insight_id, improvement__department=department
    ).select_related("improvement")
    for w in weights:
        live = Outcome.objects.filter(
            improvement=w.improvement, transactions__kind=LedgerTransaction.Kind.POSTING
        ).exclude(transactions__kind=LedgerTransaction.Kind.REVERSAL)
        for outcome in live:
            target[(outcome.kind, account)] += money_quantize(outcome.amount * w.weight * share)
    return target


def _current(*, insight_id: int, department: Department) -> tuple[dict[tuple[str, str], Decimal], str]:
    """What is credited now, by (outcome kind, account), and the insight's category on those entries."""
    current: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    category = ""
    rows = (
        LedgerEntry.objects.filter(insight_id=insight_id, department=department, account__in=CENTER_ACCOUNTS)
        .values("outcome_kind", "account", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for row in rows:
        current[(row["outcome_kind"], row["account"])] += row["total"]
        category = row["category"] or category
    if not category:
        category = Insight.objects.filter(pk=insight_id).values_list("category", flat=True).first() or ""
    return current, category


def _resync(*, insight_id: int, department: Department, record, user) -> LedgerTransaction | None:
    Insight.objects.select_for_update().filter(pk=insight_id).first()  # one resync per insight at a time
    account, share = insight_credit_states(department=department, insight_ids=[insight_id])[insight_id]
    target = _target(insight_id=insight_id, department=department, account=account, share=share)
    current, category = _current(insight_id=insight_id, department=department)
    entries = []
    for kind in sorted({k for k, _ in target} | {k for k, _ in current}):
        moved = Decimal("0")
        for center in CENTER_ACCOUNTS:
            delta = target.get((kind, center), Decimal("0")) - current.get((kind, center), Decimal("0"))
            if delta:
                moved += delta
                entries.append(_line(center, delta, department, insight_id, category, kind))
        if moved:
            entries.append(_line(DEPARTMENT_PREFIX + department.slug, -moved, department, insight_id, category, kind))
    if not entries:
        return None
    txn = LedgerTransaction.objects.create(
        kind=LedgerTransaction.Kind.RECLASSIFICATION,
        signoff_record=record,
        effective_on=first_open_day(timezone.localdate()),
        memo=f"Credit for insight {insight_id} from {department.name} moved to {account}",
        posted_by=user,
    )
    return transaction_write(txn, entries)


def _line(account, amount, department, insight_id, category, kind) -> Line:
    return Line(account, amount, settings.CURRENCY, department.pk, insight_id, category, kind)
