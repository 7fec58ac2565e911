"""Posting typed outcome rows: outcomes, transactions, entries and rollups in a fixed number of statements,
whatever the number of rows."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from attribution.models import Improvement, Outcome, OutcomeKind
from attribution.selectors.ledger import DEPARTMENT_PREFIX, VALUE_REALISED_PREFIX
from attribution.services.ledger.credit import posting_lines
from attribution.services.ledger.periods import PeriodClosed, month_of
from attribution.services.ledger.rollups import Line
from attribution.services.ledger.statements import posting_context, postings_write
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


def _rows_check(rows: list[OutcomeRow], weights: dict[int, list], closed: set[dt.date]) -> None:
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
    for row in rows:
        if not row.forecast and month_of(row.period_end) in closed:
            raise PeriodClosed(
                f"{row.period_end:%B %Y} is closed; nothing dated in it can be posted.", field=row.field("period_end")
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


def _existing_check(rows: list[OutcomeRow], existing: dict[tuple[int, str], tuple[int, str]]) -> None:
    """A key already recorded (in its department's scope) with another body is a 409."""
    for row in rows:
        found = existing.get(row.key)
        if found is not None and found[1] != row.fingerprint:
            raise Conflict(
                "This idempotency key was already used with a different body.", field=row.field("idempotency_key")
            )


def _memo(row: OutcomeRow) -> str:
    return f"{OutcomeKind(row.kind).label} from “{row.improvement.title}”"


def _write(user, rows: list[OutcomeRow], context, now) -> dict[tuple[int, str], tuple[int, int | None]]:
    """Outcomes, their postings (not for forecasts), entries and rollups, in one statement."""
    outcomes, entries = [], []
    for ord_, row in enumerate(rows):
        amount = money_quantize(row.amount)
        outcomes.append(
            (ord_, row.improvement.pk, row.kind, amount, row.currency, row.period_start, row.period_end, row.method)
            + (row.forecast, row.idempotency_key, row.scope_id, row.fingerprint, _memo(row))
        )
        if row.forecast:
            continue  # a forecast is an outcome row only: nothing reaches the ledger until the value is realised
        lines = _posting(row, context.weights[row.improvement.pk], context.states[row.improvement.department.pk])
        assert sum((line.amount for line in lines), Decimal("0")) == 0, "unbalanced transaction"
        month = month_of(row.period_end)
        entries.extend((ord_, month, *line) for line in lines if line.amount != 0)
    return postings_write(user_id=user.pk, now=now, outcomes=outcomes, entries=entries)


def _outcome(user, row: OutcomeRow, pk: int, now) -> Outcome:
    outcome = Outcome(
        pk=pk,
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
        recorded_at=now,
    )
    outcome._state.adding = False
    return outcome


def outcomes_post(*, user, rows: list[OutcomeRow]) -> list[tuple[Outcome, bool]]:
    """Validate and post the rows not yet recorded, in two statements (see `statements`); replays are returned,
    not validated again. One (outcome, created) per row, in the rows' order."""
    context = posting_context(
        keys=[row.key for row in rows],
        improvement_ids={row.improvement.pk for row in rows},
        months={month_of(row.period_end) for row in rows if not row.forecast},
        department_ids={row.improvement.department.pk for row in rows},
    )
    _existing_check(rows, context.existing)
    fresh: dict[tuple[int, str], OutcomeRow] = {}
    for row in rows:
        if row.key not in context.existing:
            fresh.setdefault(row.key, row)
    new_rows = list(fresh.values())
    _rows_check(new_rows, context.weights, context.closed)
    now = timezone.now()
    written = _write(user, new_rows, context, now) if new_rows else {}
    raced = [row for row in new_rows if row.key not in written]
    replayed = _raced(raced)
    _existing_check(raced, {key: (o.pk, o.request_fingerprint) for key, o in replayed.items()})
    earlier = Outcome.objects.in_bulk([pk for pk, _ in context.existing.values()]) if context.existing else {}
    created = {row.key: _outcome(user, row, written[row.key][0], now) for row in new_rows if row.key in written}
    results = []
    for row in rows:
        if row.key in context.existing:
            results.append((earlier[context.existing[row.key][0]], False))
        elif row.key in replayed:
            results.append((replayed[row.key], False))
        else:
            results.append((created[row.key], fresh[row.key] is row))
    return results


def _raced(rows: list[OutcomeRow]) -> dict[tuple[int, str], Outcome]:
    """The outcomes a concurrent request recorded first under these rows' keys, by key."""
    if not rows:
        return {}
    keys = Q()
    for row in rows:
        keys |= Q(key_department_id=row.scope_id, idempotency_key=row.idempotency_key)
    found = {(o.key_department_id, o.idempotency_key): o for o in Outcome.objects.filter(keys)}
    return {row.key: found[row.key] for row in rows}
