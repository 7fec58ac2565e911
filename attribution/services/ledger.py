"""Writes to the ledger: improvements, outcome postings, reversals, reclassifications after sign-offs,
and closing months. Every write is one database transaction; entries and rollups land together."""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, allowed, grants_for, require
from attribution.models import (
    AccountingPeriod,
    Improvement,
    ImprovementInsight,
    LedgerBalance,
    LedgerEntry,
    LedgerTransaction,
    Outcome,
    OutcomeKind,
    SignoffRecord,
)
from attribution.selectors.agreements import credit_share_applicable
from attribution.selectors.ledger import (
    CENTER_ACCOUNTS,
    CENTER_DISPUTED,
    CENTER_SECURED,
    CENTER_UNSECURED,
    DEPARTMENT_PREFIX,
    VALUE_REALISED_PREFIX,
)
from config.errors import Conflict, DomainError
from insights.models import Insight

CENT = Decimal("0.01")


class PeriodClosed(DomainError):
    default_field = "period_end"


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def period_is_closed(*, day: dt.date) -> bool:
    return AccountingPeriod.objects.filter(month=_month(day)).exists()


def _first_open_day(day: dt.date) -> dt.date:
    closed = set(AccountingPeriod.objects.filter(month__gte=_month(day)).values_list("month", flat=True))
    month = _month(day)
    if month not in closed:
        return day
    while month in closed:
        month = _next_month(month)
    return month


def insight_credit_state(*, insight_id: int, department: Department) -> tuple[str, Decimal, SignoffRecord | None]:
    """(center account, share, deciding record) for the insight's credit from the department: a signature
    on any revision secures it at the signed share; else a decline disputes it; else it is unsecured."""
    records = SignoffRecord.objects.filter(request__insight_id=insight_id, department=department)
    signed = records.filter(kind=SignoffRecord.Kind.SIGNATURE).order_by("-signed_at", "-id").first()
    if signed is not None:
        return CENTER_SECURED, signed.credit_share, signed
    declined = records.filter(kind=SignoffRecord.Kind.DECLINE).order_by("-signed_at", "-id").first()
    share = credit_share_applicable(department=department)
    if declined is not None:
        return CENTER_DISPUTED, share, declined
    return CENTER_UNSECURED, share, None


# ---------------------------------------------------------------- improvements


def _require_department(user, department: Department, field: str = "department") -> None:
    """Department people may write only for their own department: another one is a 400 naming the field;
    someone who may not write at all (an executive) is refused outright."""
    if allowed(user, Action.RECORD_OUTCOME, department):
        return
    if grants_for(user).departments():
        raise ValidationError({field: [f"You may only record for your own department, not {department.name}."]})
    require(user, Action.RECORD_OUTCOME, department)


def _parse_weight(raw, index: int) -> Decimal:
    try:
        weight = Decimal(str(raw))
    except (InvalidOperation, TypeError):
        raise ValidationError({"insights": [f"Row {index + 1}: weight {raw!r} is not a number."]}) from None
    if not weight.is_finite() or weight <= 0 or weight > 1:
        raise ValidationError({"insights": [f"Row {index + 1}: weight must be above 0 and at most 1."]})
    if weight.as_tuple().exponent < -4:
        raise ValidationError({"insights": [f"Row {index + 1}: weight has more than 4 decimals."]})
    return weight


@transaction.atomic
def improvement_create(
    *, user, department: Department, title: str, description: str, shipped_on: dt.date, insights: list[dict]
) -> Improvement:
    """Record an improvement the department shipped, with the published insights it was built on."""
    _require_department(user, department)
    if not title.strip():
        raise ValidationError({"title": ["Give the improvement a title."]})
    if not insights:
        raise ValidationError({"insights": ["Name at least one insight the improvement was built on."]})
    rows: list[tuple[Insight, Decimal]] = []
    seen: set[int] = set()
    for index, row in enumerate(insights):
        insight_id = row.get("insight")
        weight = _parse_weight(row.get("weight"), index)
        insight = Insight.objects.filter(pk=insight_id).first() if str(insight_id).isdigit() else None
        if insight is None:
            raise ValidationError({"insights": [f"Row {index + 1}: insight {insight_id!r} does not exist."]})
        if insight.pk in seen:
            raise ValidationError({"insights": [f"Row {index + 1}: insight {insight.pk} is named twice."]})
        seen.add(insight.pk)
        if insight.status != "published":
            raise ValidationError({"insights": [f"Row {index + 1}: insight {insight.pk} is not published."]})
        if not insight.departments.filter(pk=department.pk).exists():
            raise ValidationError(
                {"insights": [f"Row {index + 1}: insight {insight.pk} was not routed to {department.name}."]}
            )
        rows.append((insight, weight))
    total = sum((w for _, w in rows), Decimal("0"))
    if total != 1:
        raise ValidationError({"insights": [f"Weights must sum to exactly 1; they sum to {total}."]})
    improvement = Improvement.objects.create(
        department=department, title=title.strip(), description=description, shipped_on=shipped_on, created_by=user
    )
    ImprovementInsight.objects.bulk_create(
        [ImprovementInsight(improvement=improvement, insight=i, weight=w) for i, w in rows]
    )
    return improvement


# ---------------------------------------------------------------- rollups


def _rollup(entries: list[LedgerEntry]) -> None:
    """Add the entries to the monthly balances: one upsert statement on PostgreSQL."""
    sums: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for e in entries:
        key = (e.month, e.account, e.department_id, e.category, e.insight_id or 0, e.currency)
        sums[key][0] += e.amount
        sums[key][1] += 1
    if not sums:
        return
    if connection.vendor == "postgresql":
        values = []
        params: list = []
        for key, (amount, count) in sums.items():
            values.append("(%s, %s, %s, %s, %s, %s, %s, %s)")
            params.extend([*key, amount, count])
        sql = (
            "INSERT INTO attribution_ledgerbalance "
            "(month, account, department_id, category, insight_key, currency, amount, entry_count) VALUES "
            + ", ".join(values)
            + " ON CONFLICT (month, account, department_id, category, insight_key, currency) DO UPDATE SET "
            "amount = attribution_ledgerbalance.amount + EXCLUDED.amount, "
            "entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    for (month, account, department_id, category, insight_key, currency), (amount, count) in sums.items():
        balance, _ = LedgerBalance.objects.get_or_create(
            month=month,
            account=account,
            department_id=department_id,
            category=category,
            insight_key=insight_key,
            currency=currency,
        )
        LedgerBalance.objects.filter(pk=balance.pk).update(
            amount=F("amount") + amount, entry_count=F("entry_count") + count
        )


def _write(txn: LedgerTransaction, entries: list[LedgerEntry]) -> LedgerTransaction:
    entries = [e for e in entries if e.amount != 0]
    assert sum((e.amount for e in entries), Decimal("0")) == 0, "unbalanced transaction"
    month = _month(txn.effective_on)
    for e in entries:
        e.transaction = txn
        e.month = month
    LedgerEntry.objects.bulk_create(entries)
    _rollup(entries)
    return txn


# ---------------------------------------------------------------- outcomes


def _fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def posting_lines(
    *, amount: Decimal, weights: list[tuple[int, str, Decimal]], states: dict[int, tuple[str, Decimal]]
) -> list[tuple[str, int | None, str, Decimal]]:
    """The credit lines of a posting as (account, insight_id, category, amount): per insight a center line
    of A·w·s rounded half-even and a department line so that each insight's lines sum to its rounded
    A·w; the last insight absorbs the rounding so the credits sum to exactly A."""
    lines = []
    allotted = Decimal("0")
    for index, (insight_id, category, weight) in enumerate(weights):
        portion = amount - allotted if index == len(weights) - 1 else _cents(amount * weight)
        allotted += portion
        account, share = states[insight_id]
        center = _cents(amount * weight * share)
        lines.append((account, insight_id, category, center))
        lines.append(("department", insight_id, category, portion - center))
    return lines


def _validate_outcome(*, improvement, kind, amount, currency, period_start, period_end, method) -> Decimal:
    if kind not in OutcomeKind.values:
        raise ValidationError({"kind": [f"Kind must be one of {', '.join(OutcomeKind.values)}."]})
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, TypeError):
        raise ValidationError({"amount": [f"{amount!r} is not an amount."]}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({"amount": ["The amount must be positive."]})
    if value.as_tuple().exponent < -2:
        raise ValidationError({"amount": ["The amount has more than 2 decimals."]})
    if value >= Decimal("1e16"):
        raise ValidationError({"amount": ["The amount is too large."]})
    if currency != settings.CURRENCY:
        raise ValidationError({"currency": [f"Amounts are recorded in {settings.CURRENCY}, not {currency}."]})
    if period_end < period_start:
        raise ValidationError({"period_end": ["The period ends before it starts."]})
    if not (method or "").strip():
        raise ValidationError({"method": ["Say how the outcome was measured."]})
    if not improvement.insight_weights.exists():
        raise ValidationError({"improvement": ["The improvement names no insights."]})
    return value.quantize(CENT)


def outcome_record(
    *,
    user,
    improvement: Improvement,
    kind: str,
    amount,
    period_start: dt.date,
    period_end: dt.date,
    method: str,
    idempotency_key: str,
    currency: str | None = None,
) -> tuple[Outcome, bool]:
    """Record an outcome and post its balanced transaction. The same idempotency key returns the first
    outcome (created=False) and posts nothing; with a different body it is refused (409)."""
    _require_department(user, improvement.department, field="improvement")
    currency = (currency or settings.CURRENCY).upper()
    if not idempotency_key or len(idempotency_key) > 120:
        raise ValidationError({"idempotency_key": ["Give an idempotency key of 1 to 120 characters."]})
    fingerprint = _fingerprint(
        {
            "improvement": improvement.pk,
            "kind": kind,
            "amount": str(amount),
            "currency": currency,
            "period_start": period_start,
            "period_end": period_end,
            "method": method,
        }
    )
    existing = _existing(idempotency_key, fingerprint)
    if existing is not None:
        return existing, False
    value = _validate_outcome(
        improvement=improvement,
        kind=kind,
        amount=amount,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        method=method,
    )
    try:
        with transaction.atomic():
            outcome = _post(
                user=user,
                improvement=improvement,
                kind=kind,
                amount=value,
                currency=currency,
                period_start=period_start,
                period_end=period_end,
                method=method,
                idempotency_key=idempotency_key,
                fingerprint=fingerprint,
            )
    except IntegrityError:
        existing = _existing(idempotency_key, fingerprint)
        if existing is None:
            raise
        return existing, False
    return outcome, True


def _existing(key: str, fingerprint: str) -> Outcome | None:
    outcome = Outcome.objects.filter(idempotency_key=key).first()
    if outcome is not None and outcome.request_fingerprint != fingerprint:
        raise Conflict("This idempotency key was already used with a different body.", field="idempotency_key")
    return outcome


def _post(*, user, improvement, kind, amount, currency, period_start, period_end, method, idempotency_key, fingerprint):
    if period_is_closed(day=period_end):
        raise PeriodClosed(f"{period_end:%B %Y} is closed; nothing dated in it can be posted.")
    outcome = Outcome.objects.create(
        improvement=improvement,
        kind=kind,
        amount=amount,
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        method=method,
        idempotency_key=idempotency_key,
        request_fingerprint=fingerprint,
        recorded_by=user,
    )
    department = improvement.department
    weights = [
        (w.insight_id, w.insight.category, w.weight)
        for w in improvement.insight_weights.select_related("insight").order_by("id")
    ]
    states = {}
    for insight_id, _, _ in weights:
        account, share, _ = insight_credit_state(insight_id=insight_id, department=department)
        states[insight_id] = (account, share)
    txn = LedgerTransaction.objects.create(
        kind=LedgerTransaction.Kind.POSTING,
        outcome=outcome,
        effective_on=period_end,
        memo=f"{outcome.get_kind_display()} from “{improvement.title}”",
        posted_by=user,
    )
    entries = [
        LedgerEntry(
            account=VALUE_REALISED_PREFIX + kind,
            amount=-amount,
            currency=currency,
            department=department,
            outcome_kind=kind,
        )
    ]
    for account, insight_id, category, line in posting_lines(amount=amount, weights=weights, states=states):
        entries.append(
            LedgerEntry(
                account=DEPARTMENT_PREFIX + department.slug if account == "department" else account,
                amount=line,
                currency=currency,
                department=department,
                insight_id=insight_id,
                category=category,
                outcome_kind=kind,
            )
        )
    _write(txn, entries)
    return outcome


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
        memo=reason.strip(),
        posted_by=user,
    )
    entries = [
        LedgerEntry(
            account=e.account,
            amount=-e.amount,
            currency=e.currency,
            department_id=e.department_id,
            insight_id=e.insight_id,
            category=e.category,
            outcome_kind=e.outcome_kind,
        )
        for e in original.entries.all()
    ]
    _write(txn, entries)
    # Credit moved by later reclassifications is not in the posting: bring it back to zero too.
    for insight_id in {e.insight_id for e in entries if e.insight_id}:
        _resync(insight_id=insight_id, department=outcome.improvement.department, record=None, user=user)
    return txn


# ---------------------------------------------------------------- reclassification


def ledger_reclassify_for_record(*, record: SignoffRecord) -> LedgerTransaction | None:
    """Move the insight's credit already posted for the record's department into the account its state
    now decides (secured on a signature, disputed on a decline), adjusting the department line when the
    share differs. Idempotent: nothing is posted when the net position already reflects the state."""
    with transaction.atomic():
        return _resync(insight_id=record.request.insight_id, department=record.department, record=record, user=None)


def _resync(*, insight_id: int, department: Department, record, user) -> LedgerTransaction | None:
    Insight.objects.select_for_update().filter(pk=insight_id).first()  # one resync per insight at a time
    account, share, _ = insight_credit_state(insight_id=insight_id, department=department)
    department_account = DEPARTMENT_PREFIX + department.slug
    # What each live (unreversed) outcome should have credited, by outcome kind.
    target: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    weights = ImprovementInsight.objects.filter(
        insight_id=insight_id,
        improvement__department=department,
    ).select_related("improvement")
    category = ""
    for w in weights:
        live = Outcome.objects.filter(
            improvement=w.improvement, transactions__kind=LedgerTransaction.Kind.POSTING
        ).exclude(transactions__kind=LedgerTransaction.Kind.REVERSAL)
        for outcome in live:
            target[(outcome.kind, account)] += _cents(outcome.amount * w.weight * share)
    current: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
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
    entries = []
    kinds = {k for k, _ in target} | {k for k, _ in current}
    for kind in sorted(kinds):
        moved = Decimal("0")
        for center in CENTER_ACCOUNTS:
            delta = target.get((kind, center), Decimal("0")) - current.get((kind, center), Decimal("0"))
            if delta:
                moved += delta
                entries.append(_line(center, delta, department, insight_id, category, kind))
        if moved:
            entries.append(_line(department_account, -moved, department, insight_id, category, kind))
    if not entries:
        return None
    txn = LedgerTransaction.objects.create(
        kind=LedgerTransaction.Kind.RECLASSIFICATION,
        signoff_record=record,
        effective_on=_first_open_day(timezone.localdate()),
        memo=f"Credit for insight {insight_id} from {department.name} moved to {account}",
        posted_by=user,
    )
    return _write(txn, entries)


def _line(account, amount, department, insight_id, category, kind) -> LedgerEntry:
    return LedgerEntry(
        account=account,
        amount=amount,
        currency=settings.CURRENCY,
        department=department,
        insight_id=insight_id,
        category=category,
        outcome_kind=kind,
    )


# ---------------------------------------------------------------- periods


@transaction.atomic
def period_close(*, user, month: dt.date) -> AccountingPeriod:
    """Close a month: nothing dated in it may be posted afterwards."""
    require(user, Action.CLOSE_PERIOD)
    period, _ = AccountingPeriod.objects.get_or_create(month=_month(month), defaults={"closed_by": user})
    return period
