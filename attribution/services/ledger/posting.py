"""Posting typed outcome rows: outcomes, transactions, entries and rollups in a fixed number of statements,
whatever the number of rows."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department
from attribution.models import Improvement, ImprovementInsight, LedgerTransaction, Outcome, OutcomeKind
from attribution.selectors.ledger import DEPARTMENT_PREFIX, VALUE_REALISED_PREFIX
from attribution.services.ledger.credit import insight_credit_states, posting_lines
from attribution.services.ledger.periods import PeriodClosed, closed_months, month_of
from attribution.services.ledger.rollups import Line, entries_write
from core.errors import Conflict
from core.money import money_parse, money_quantize


@dataclass
class OutcomeRow:
    """One submitted outcome, typed, named by its place in the request (`index` None when it came alone)."""

    index: int | None
    improvement: Improvement
    kind: str
    amount: Decimal
    currency: str
    period_start: dt.date
    period_end: dt.date
    method: str
    idempotency_key: str
    forecast: bool = False
    scope_id: int = 0  # the department whose keys `idempotency_key` is one of (accounts.policy.idempotency_scope)
    fingerprint: str = ""

    def __post_init__(self):
        # Values are parsed at the edge; a string here is a caller's bug, not a person's input.
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"amount must be a Decimal, not {type(self.amount).__name__}")
        if not isinstance(self.period_start, dt.date) or not isinstance(self.period_end, dt.date):
            raise TypeError("period_start and period_end must be dates")

    @property
    def key(self) -> tuple[int, str]:
        return (self.scope_id, self.idempotency_key)

    def field(self, name: str) -> str:
        return name if self.index is None else f"outcomes[{self.index}].{name}"

    def canonical(self) -> dict:
        """The body the fingerprint is taken of: parsed values in one form, so `"100"` and `"100.00"` agree."""
        return {
            "improvement": self.improvement.pk,
            "kind": self.kind,
            "amount": str(money_quantize(self.amount)),
            "currency": self.currency,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "method": self.method,
            **({"forecast": True} if self.forecast else {}),  # so fingerprints taken before forecasts still match
        }


def outcome_validate(row: OutcomeRow, *, today: dt.date) -> None:
    """The rules of one outcome; errors name the row's field. Value is recognised on `period_end`: a period
    that ends after `today` (the organisation's day) is refused unless the row is a forecast, which must be."""
    f = row.field
    if row.kind not in OutcomeKind.values:
        raise ValidationError({f("kind"): [f"Kind must be one of {', '.join(OutcomeKind.values)}."]})
    try:
        money_parse(row.amount, allow_zero=False)  # the money rules (places, size, sign), not a parse
    except ValidationError as exc:
        raise ValidationError({f("amount"): exc.messages}) from None
    if row.currency != settings.CURRENCY:
        raise ValidationError({f("currency"): [f"Amounts are recorded in {settings.CURRENCY}, not {row.currency}."]})
    if row.period_end < row.period_start:
        raise ValidationError({f("period_end"): ["The period ends before it starts."]})
    if not (row.method or "").strip():
        raise ValidationError({f("method"): ["Say how the outcome was measured."]})
    if row.period_end > today and not row.forecast:
        raise ValidationError(
            {
                f("period_end"): [
                    f"The period ends on {row.period_end:%-d %b %Y}: value is credited once realised; record it after"
                    f" {row.period_end:%-d %b %Y}, or record it now as a forecast (expected value, not credited)."
                ]
            }
        )
    if row.forecast and row.period_end <= today:
        message = f"The period ended on {row.period_end:%-d %b %Y}: record the value realised, not a forecast."
        raise ValidationError({f("forecast"): [message]})


def _existing(rows: list[OutcomeRow]) -> dict[tuple[int, str], Outcome]:
    """The outcomes already recorded under the rows' keys (in their scopes); a key stored with another body is a
    409."""
    keys = {row.key for row in rows}
    scopes = Q()
    for scope_id in {scope for scope, _ in keys}:
        scopes |= Q(key_department_id=scope_id, idempotency_key__in=[k for s, k in keys if s == scope_id])
    found = {(o.key_department_id, o.idempotency_key): o for o in Outcome.objects.filter(scopes)}
    for row in rows:
        outcome = found.get(row.key)
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


def _rows_check(rows: list[OutcomeRow], weights: dict[int, list]) -> None:
    """Every row's rules at once, so a batch answers with all its errors; then no row may fall in a closed month."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    for row in rows:
        try:
            outcome_validate(row, today=today)
            if not weights.get(row.improvement.pk):
                raise ValidationError({row.field("improvement"): ["The improvement names no insights."]})
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    closed = closed_months(row.period_end for row in rows if not row.forecast)
    for row in rows:
        if month_of(row.period_end) in closed:
            raise PeriodClosed(
                f"{row.period_end:%B %Y} is closed; nothing dated in it can be posted.", field=row.field("period_end")
            )


def _states(rows: list[OutcomeRow], weights: dict[int, list]) -> dict[int, dict[int, tuple[str, Decimal]]]:
    """{department id: {insight id: (center account, share)}} for every insight the rows credit."""
    by_department: dict[Department, set[int]] = defaultdict(set)
    for row in rows:
        by_department[row.improvement.department].update(i for i, _, _ in weights[row.improvement.pk])
    return {
        department.pk: insight_credit_states(department=department, insight_ids=ids)
        for department, ids in by_department.items()
    }


def _outcomes_create(user, rows: list[OutcomeRow]) -> list[Outcome]:
    return Outcome.objects.bulk_create(
        [
            Outcome(
                improvement=row.improvement,
                kind=row.kind,
                amount=money_quantize(row.amount),
                currency=row.currency,
                period_start=row.period_start,
                period_end=row.period_end,
                method=row.method,
                forecast=row.forecast,
                idempotency_key=row.idempotency_key,
                key_department_id=row.scope_id,
                request_fingerprint=row.fingerprint,
                recorded_by=user,
            )
            for row in rows
        ]
    )


def _transactions_create(user, rows: list[OutcomeRow], outcomes: list[Outcome]) -> list[LedgerTransaction]:
    return LedgerTransaction.objects.bulk_create(
        [
            LedgerTransaction(
                kind=LedgerTransaction.Kind.POSTING,
                outcome=outcome,
                effective_on=row.period_end,
                memo=f"{outcome.get_kind_display()} from “{row.improvement.title}”",
                posted_by=user,
            )
            for row, outcome in zip(rows, outcomes, strict=True)
        ]
    )


def _posting(row: OutcomeRow, weights: list, states: dict[int, tuple[str, Decimal]]) -> list[Line]:
    """The lines of one posting: the value realised debited, and each insight's credit split."""
    department = row.improvement.department
    amount = money_quantize(row.amount)
    lines = [Line(VALUE_REALISED_PREFIX + row.kind, -amount, row.currency, department.pk, None, "", row.kind)]
    for account, insight_id, category, credit in posting_lines(amount=amount, weights=weights, states=states):
        account = DEPARTMENT_PREFIX + department.slug if account == "department" else account
        lines.append(Line(account, credit, row.currency, department.pk, insight_id, category, row.kind))
    return lines


def outcomes_post(*, user, rows: list[OutcomeRow]) -> list[tuple[Outcome, bool]]:
    """Validate and post the rows not yet recorded, in the caller's transaction; replays are returned, not
    validated again. One (outcome, created) per row, in the rows' order."""
    existing = _existing(rows)
    fresh: dict[tuple[int, str], OutcomeRow] = {}
    for row in rows:
        if row.key not in existing:
            fresh.setdefault(row.key, row)
    new_rows = list(fresh.values())
    weights = _weights({row.improvement.pk for row in new_rows})
    _rows_check(new_rows, weights)
    outcomes = _outcomes_create(user, new_rows)
    # A forecast is an outcome row only: nothing reaches the ledger until the value is realised and recorded.
    ledger_rows = [(row, outcome) for row, outcome in zip(new_rows, outcomes, strict=True) if not row.forecast]
    if ledger_rows:
        posted = [row for row, _ in ledger_rows]
        states = _states(posted, weights)
        txns = _transactions_create(user, posted, [outcome for _, outcome in ledger_rows])
        entries_write(
            [
                (txn, _posting(row, weights[row.improvement.pk], states[row.improvement.department.pk]))
                for row, txn in zip(posted, txns, strict=True)
            ]
        )
    created = {row.key: outcome for row, outcome in zip(new_rows, outcomes, strict=True)}
    return [
        (existing[row.key], False) if row.key in existing else (created[row.key], fresh[row.key] is row) for row in rows
    ]
