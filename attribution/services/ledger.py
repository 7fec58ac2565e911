"""Writes to the ledger: improvements, outcome postings, reversals, reclassifications after sign-offs,
and closing months. Every write is one database transaction; entries and rollups land together."""

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, allowed, grants_for, require
from attribution.models import (
    ROLLUP_SLOTS,
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


def insight_credit_states(*, department: Department, insight_ids) -> dict[int, tuple[str, Decimal]]:
    """{insight id: (center account, share)} for the credit the department gives each insight, in two
    queries: a signature on any revision secures it at the signed share; else a decline disputes it at the
    share the department's terms give now; else it is unsecured at that share."""
    ids = set(insight_ids)
    answers = (
        SignoffRecord.objects.filter(
            department=department,
            request__insight_id__in=ids,
            kind__in=[SignoffRecord.Kind.SIGNATURE, SignoffRecord.Kind.DECLINE],
        )
        .order_by("-signed_at", "-id")
        .values_list("request__insight_id", "kind", "credit_share")
    )
    signed: dict[int, Decimal] = {}
    declined: set[int] = set()
    for insight_id, kind, share in answers:
        if kind == SignoffRecord.Kind.SIGNATURE:
            signed.setdefault(insight_id, share)
        else:
            declined.add(insight_id)
    applicable = credit_share_applicable(department=department) if ids - signed.keys() else None
    states = {}
    for insight_id in ids:
        if insight_id in signed:
            states[insight_id] = (CENTER_SECURED, signed[insight_id])
        elif insight_id in declined:
            states[insight_id] = (CENTER_DISPUTED, applicable)
        else:
            states[insight_id] = (CENTER_UNSECURED, applicable)
    return states


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


class Line(NamedTuple):
    """One ledger line on its way to `LedgerEntry`: plain values, so a batch of thousands costs no model
    instances."""

    account: str
    amount: Decimal
    currency: str
    department_id: int
    insight_id: int | None
    category: str
    outcome_kind: str


ENTRY_COLUMNS = (
    "transaction_id",
    "month",
    "account",
    "amount",
    "currency",
    "department_id",
    "insight_id",
    "category",
    "outcome_kind",
)


def _rollup(rows: list[tuple]) -> None:
    """Add the entries (in ENTRY_COLUMNS order) to the monthly balances: one upsert statement on PostgreSQL,
    into this connection's slot (see LedgerBalance). Keys go in sorted order, so postings that share a slot
    lock its rows in one order and cannot deadlock."""
    sums: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for _, month, account, amount, currency, department_id, insight_id, category, _ in rows:
        key = (month, account, department_id, category, insight_id or 0, currency)
        sums[key][0] += amount
        sums[key][1] += 1
    if not sums:
        return
    keys = sorted(sums)
    if connection.vendor == "postgresql":
        values = []
        params: list = []
        for key in keys:
            amount, count = sums[key]
            values.append(f"(%s, %s, %s, %s, %s, %s, pg_backend_pid() %% {ROLLUP_SLOTS}, %s, %s)")
            params.extend([*key, amount, count])
        sql = (
            "INSERT INTO attribution_ledgerbalance "
            "(month, account, department_id, category, insight_key, currency, slot, amount, entry_count) VALUES "
            + ", ".join(values)
            + " ON CONFLICT (month, account, department_id, category, insight_key, currency, slot) DO UPDATE SET "
            "amount = attribution_ledgerbalance.amount + EXCLUDED.amount, "
            "entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    for month, account, department_id, category, insight_key, currency in keys:
        amount, count = sums[(month, account, department_id, category, insight_key, currency)]
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


def ledger_rollups_compact() -> int:
    """Fold each rollup key's other slots into slot 0 (see LedgerBalance) so reads stay as small as the keys;
    totals are unchanged. One statement: rows a posting holds right now are skipped (SKIP LOCKED) and left
    for the next run, and slot-0 rows are locked in the same sorted order postings use, so it cannot
    deadlock with them. Returns how many rows were folded. PostgreSQL only (SQLite writes slot 0 only)."""
    if connection.vendor != "postgresql":
        return 0
    key = "month, account, department_id, category, insight_key, currency"
    order = 'month, account COLLATE "C", department_id, category COLLATE "C", insight_key, currency COLLATE "C"'
    sql = f"""
        WITH moved AS (
            DELETE FROM attribution_ledgerbalance WHERE id IN (
                SELECT id FROM attribution_ledgerbalance WHERE slot <> 0 FOR UPDATE SKIP LOCKED
            )
            RETURNING {key}, amount, entry_count
        ), folded AS (
            INSERT INTO attribution_ledgerbalance ({key}, slot, amount, entry_count)
            SELECT {key}, 0, sum(amount), sum(entry_count) FROM moved GROUP BY {key} ORDER BY {order}
            ON CONFLICT ({key}, slot) DO UPDATE SET
                amount = attribution_ledgerbalance.amount + EXCLUDED.amount,
                entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count
        )
        SELECT count(*) FROM moved
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def _write_entries(postings: list[tuple[LedgerTransaction, list[Line]]]) -> None:
    """Store the lines of one or more transactions, dated by each transaction's month, and their rollups:
    COPY on PostgreSQL (no per-row statement), bulk_create elsewhere."""
    rows = []
    for txn, lines in postings:
        month = _month(txn.effective_on)
        assert sum((line.amount for line in lines), Decimal("0")) == 0, "unbalanced transaction"
        rows.extend((txn.pk, month, *line) for line in lines if line.amount != 0)
    if connection.vendor == "postgresql":
        copy_sql = f"COPY attribution_ledgerentry ({', '.join(ENTRY_COLUMNS)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
    else:
        LedgerEntry.objects.bulk_create([LedgerEntry(**dict(zip(ENTRY_COLUMNS, row, strict=True))) for row in rows])
    _rollup(rows)


def _write(txn: LedgerTransaction, lines: list[Line]) -> LedgerTransaction:
    _write_entries([(txn, lines)])
    return txn


# ---------------------------------------------------------------- outcomes

MAX_OUTCOMES_PER_REQUEST = 1000


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


@dataclass
class _OutcomeRow:
    """One submitted outcome, named by its place in the request (`index` None when it came alone)."""

    index: int | None
    improvement: Improvement
    kind: str
    amount: object
    currency: str
    period_start: dt.date
    period_end: dt.date
    method: str
    idempotency_key: str
    fingerprint: str = ""
    value: Decimal = Decimal("0")

    def field(self, name: str) -> str:
        return name if self.index is None else f"outcomes[{self.index}].{name}"


def _validate_outcome(row: _OutcomeRow, weights: list) -> Decimal:
    f = row.field
    if row.kind not in OutcomeKind.values:
        raise ValidationError({f("kind"): [f"Kind must be one of {', '.join(OutcomeKind.values)}."]})
    try:
        value = Decimal(str(row.amount))
    except (InvalidOperation, TypeError):
        raise ValidationError({f("amount"): [f"{row.amount!r} is not an amount."]}) from None
    if not value.is_finite() or value <= 0:
        raise ValidationError({f("amount"): ["The amount must be positive."]})
    if value.as_tuple().exponent < -2:
        raise ValidationError({f("amount"): ["The amount has more than 2 decimals."]})
    if value >= Decimal("1e16"):
        raise ValidationError({f("amount"): ["The amount is too large."]})
    if row.currency != settings.CURRENCY:
        raise ValidationError({f("currency"): [f"Amounts are recorded in {settings.CURRENCY}, not {row.currency}."]})
    if row.period_end < row.period_start:
        raise ValidationError({f("period_end"): ["The period ends before it starts."]})
    if not (row.method or "").strip():
        raise ValidationError({f("method"): ["Say how the outcome was measured."]})
    if not weights:
        raise ValidationError({f("improvement"): ["The improvement names no insights."]})
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
    row = {
        "improvement": improvement,
        "kind": kind,
        "amount": amount,
        "period_start": period_start,
        "period_end": period_end,
        "method": method,
        "idempotency_key": idempotency_key,
        "currency": currency,
    }
    [result] = _record(user=user, rows=[row], numbered=False)
    return result


def outcomes_record(*, user, rows: list[dict]) -> list[tuple[Outcome, bool]]:
    """Record up to MAX_OUTCOMES_PER_REQUEST outcomes in one database transaction, all or nothing; each
    posts its own balanced transaction exactly as `outcome_record` would. Errors name the row and field
    (`outcomes[3].amount`); a replayed key returns its first outcome (created=False)."""
    if not rows:
        raise ValidationError({"outcomes": ["Send at least one outcome."]})
    if len(rows) > MAX_OUTCOMES_PER_REQUEST:
        raise ValidationError(
            {"outcomes": [f"Send at most {MAX_OUTCOMES_PER_REQUEST} outcomes at a time, not {len(rows)}."]}
        )
    return _record(user=user, rows=rows, numbered=True)


def _record(*, user, rows: list[dict], numbered: bool) -> list[tuple[Outcome, bool]]:
    parsed = [
        _OutcomeRow(
            index=i if numbered else None,
            improvement=raw["improvement"],
            kind=raw["kind"],
            amount=raw["amount"],
            currency=(raw.get("currency") or settings.CURRENCY).upper(),
            period_start=raw["period_start"],
            period_end=raw["period_end"],
            method=raw["method"],
            idempotency_key=raw["idempotency_key"],
        )
        for i, raw in enumerate(rows)
    ]
    for row in parsed:
        _require_department(user, row.improvement.department, field=row.field("improvement"))
        if not row.idempotency_key or len(row.idempotency_key) > 120:
            raise ValidationError({row.field("idempotency_key"): ["Give an idempotency key of 1 to 120 characters."]})
        row.fingerprint = _fingerprint(
            {
                "improvement": row.improvement.pk,
                "kind": row.kind,
                "amount": str(row.amount),
                "currency": row.currency,
                "period_start": row.period_start,
                "period_end": row.period_end,
                "method": row.method,
            }
        )
    first_by_key: dict[str, _OutcomeRow] = {}
    for row in parsed:
        first = first_by_key.setdefault(row.idempotency_key, row)
        if first.fingerprint != row.fingerprint:
            raise Conflict(
                "This idempotency key is used twice in the request with different bodies.",
                field=row.field("idempotency_key"),
            )
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _post(user=user, rows=parsed)
        except IntegrityError:
            # A concurrent request committed one of these keys first: the next attempt finds it as a replay.
            if (
                attempt == 2
                or not Outcome.objects.filter(idempotency_key__in=[row.idempotency_key for row in parsed]).exists()
            ):
                raise
    raise AssertionError("unreachable")


def _existing(rows: list[_OutcomeRow]) -> dict[str, Outcome]:
    """The outcomes already recorded under the rows' keys; a key stored with another body is a 409."""
    found = Outcome.objects.in_bulk([row.idempotency_key for row in rows], field_name="idempotency_key")
    for row in rows:
        outcome = found.get(row.idempotency_key)
        if outcome is not None and outcome.request_fingerprint != row.fingerprint:
            raise Conflict(
                "This idempotency key was already used with a different body.", field=row.field("idempotency_key")
            )
    return found


def _weights(improvement_ids: set[int]) -> dict[int, list[tuple[int, str, Decimal]]]:
    """{improvement id: [(insight id, category, weight)]} in the order the improvement named them."""
    weights: dict[int, list] = defaultdict(list)
    rows = (
        ImprovementInsight.objects.filter(improvement_id__in=improvement_ids)
        .order_by("id")
        .values_list("improvement_id", "insight_id", "insight__category", "weight")
    )
    for improvement_id, insight_id, category, weight in rows:
        weights[improvement_id].append((insight_id, category, weight))
    return weights


def _post(*, user, rows: list[_OutcomeRow]) -> list[tuple[Outcome, bool]]:
    """Validate and post the rows not yet recorded: outcomes, transactions, entries and rollups in a fixed
    number of statements, whatever the number of rows. Replays are returned, not validated again."""
    existing = _existing(rows)
    fresh: dict[str, _OutcomeRow] = {}
    for row in rows:
        if row.idempotency_key not in existing:
            fresh.setdefault(row.idempotency_key, row)
    weights = _weights({row.improvement.pk for row in fresh.values()})
    errors: dict[str, list[str]] = {}
    for row in fresh.values():
        try:
            row.value = _validate_outcome(row, weights.get(row.improvement.pk, []))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    closed = set(
        AccountingPeriod.objects.filter(month__in={_month(r.period_end) for r in fresh.values()}).values_list(
            "month", flat=True
        )
    )
    for row in fresh.values():
        if _month(row.period_end) in closed:
            raise PeriodClosed(
                f"{row.period_end:%B %Y} is closed; nothing dated in it can be posted.", field=row.field("period_end")
            )
    by_department: dict[Department, set[int]] = defaultdict(set)
    for row in fresh.values():
        by_department[row.improvement.department].update(i for i, _, _ in weights[row.improvement.pk])
    states = {
        department.pk: insight_credit_states(department=department, insight_ids=ids)
        for department, ids in by_department.items()
    }
    outcomes = Outcome.objects.bulk_create(
        [
            Outcome(
                improvement=row.improvement,
                kind=row.kind,
                amount=row.value,
                currency=row.currency,
                period_start=row.period_start,
                period_end=row.period_end,
                method=row.method,
                idempotency_key=row.idempotency_key,
                request_fingerprint=row.fingerprint,
                recorded_by=user,
            )
            for row in fresh.values()
        ]
    )
    txns = LedgerTransaction.objects.bulk_create(
        [
            LedgerTransaction(
                kind=LedgerTransaction.Kind.POSTING,
                outcome=outcome,
                effective_on=row.period_end,
                memo=f"{outcome.get_kind_display()} from “{row.improvement.title}”",
                posted_by=user,
            )
            for row, outcome in zip(fresh.values(), outcomes, strict=True)
        ]
    )
    postings = []
    for row, txn in zip(fresh.values(), txns, strict=True):
        department = row.improvement.department
        lines = [Line(VALUE_REALISED_PREFIX + row.kind, -row.value, row.currency, department.pk, None, "", row.kind)]
        credits = posting_lines(amount=row.value, weights=weights[row.improvement.pk], states=states[department.pk])
        for account, insight_id, category, amount in credits:
            account = DEPARTMENT_PREFIX + department.slug if account == "department" else account
            lines.append(Line(account, amount, row.currency, department.pk, insight_id, category, row.kind))
        postings.append((txn, lines))
    _write_entries(postings)
    created = {row.idempotency_key: outcome for row, outcome in zip(fresh.values(), outcomes, strict=True)}
    results = []
    for row in rows:
        if row.idempotency_key in existing:
            results.append((existing[row.idempotency_key], False))
        else:
            outcome = created[row.idempotency_key]
            results.append((outcome, fresh[row.idempotency_key] is row))
    return results


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
        Line(e.account, -e.amount, e.currency, e.department_id, e.insight_id, e.category, e.outcome_kind)
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
    account, share = insight_credit_states(department=department, insight_ids=[insight_id])[insight_id]
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


def _line(account, amount, department, insight_id, category, kind) -> Line:
    return Line(account, amount, settings.CURRENCY, department.pk, insight_id, category, kind)


# ---------------------------------------------------------------- periods


@transaction.atomic
def period_close(*, user, month: dt.date) -> AccountingPeriod:
    """Close a month: nothing dated in it may be posted afterwards."""
    require(user, Action.CLOSE_PERIOD)
    period, _ = AccountingPeriod.objects.get_or_create(month=_month(month), defaults={"closed_by": user})
    return period
