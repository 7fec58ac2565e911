"""Recording outcomes, one or a batch: each posts its own balanced transaction. A replayed idempotency key
returns the first outcome; the same key with another body is refused (409)."""

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.policy import idempotency_scope
from attribution.models import Improvement, Outcome
from attribution.services.ledger.improvements import department_recording_require
from attribution.services.ledger.posting import OutcomeRow, outcomes_post
from core.errors import Conflict
from core.typed_text import scrub

MAX_OUTCOMES_PER_REQUEST = 1000


def _fingerprint(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def outcome_record(
    *,
    user,
    improvement: Improvement,
    kind: str,
    amount: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    method: str,
    idempotency_key: str,
    currency: str | None = None,
    forecast: bool = False,
) -> tuple[Outcome, bool]:
    """Record an outcome and post its balanced transaction, dated on `period_end`, which may not be after today
    (a `forecast` must be, and posts nothing: it is expected value). The same idempotency key from the same
    department (the center, for center staff) returns the first outcome (created=False) and posts nothing; with
    a different body it is refused (409). Another department's keys are never seen."""
    row = {
        "improvement": improvement,
        "kind": kind,
        "amount": amount,
        "period_start": period_start,
        "period_end": period_end,
        "method": method,
        "idempotency_key": idempotency_key,
        "currency": currency,
        "forecast": forecast,
    }
    [result] = _record(user=user, rows=[row], numbered=False)
    return result


def outcomes_record(*, user, rows: list[dict]) -> list[tuple[Outcome, bool]]:
    """Record up to MAX_OUTCOMES_PER_REQUEST outcomes in one database transaction, all or nothing; each
    posts its own balanced transaction exactly as `outcome_record` would. Rows hold the typed arguments of
    `outcome_record`. Errors name the row and field (`outcomes[3].amount`); a replayed key returns its first
    outcome (created=False)."""
    if not rows:
        raise ValidationError({"outcomes": ["Send at least one outcome."]})
    if len(rows) > MAX_OUTCOMES_PER_REQUEST:
        raise ValidationError(
            {"outcomes": [f"Send at most {MAX_OUTCOMES_PER_REQUEST} outcomes at a time, not {len(rows)}."]}
        )
    return _record(user=user, rows=rows, numbered=True)


def _rows(rows: list[dict], *, numbered: bool) -> list[OutcomeRow]:
    return [
        OutcomeRow(
            index=i if numbered else None,
            improvement=raw["improvement"],
            kind=raw["kind"],
            amount=raw["amount"],
            currency=(raw.get("currency") or settings.CURRENCY).upper(),
            period_start=raw["period_start"],
            period_end=raw["period_end"],
            method=scrub(raw["method"]),
            idempotency_key=raw["idempotency_key"],
            forecast=bool(raw.get("forecast", False)),
        )
        for i, raw in enumerate(rows)
    ]


def _fingerprints_check(user, parsed: list[OutcomeRow]) -> None:
    """Who may record each row, its key, its fingerprint; one key twice in the request must carry one body."""
    for row in parsed:
        department_recording_require(user=user, department=row.improvement.department, field=row.field("improvement"))
        if not row.idempotency_key or len(row.idempotency_key) > 120:
            raise ValidationError({row.field("idempotency_key"): ["Give an idempotency key of 1 to 120 characters."]})
        row.scope_id = idempotency_scope(user, row.improvement.department)
        row.fingerprint = _fingerprint(row.canonical())
    first_by_key: dict[tuple[int, str], OutcomeRow] = {}
    for row in parsed:
        first = first_by_key.setdefault(row.key, row)
        if first.fingerprint != row.fingerprint:
            raise Conflict(
                "This idempotency key is used twice in the request with different bodies.",
                field=row.field("idempotency_key"),
            )


def _record(*, user, rows: list[dict], numbered: bool) -> list[tuple[Outcome, bool]]:
    parsed = _rows(rows, numbered=numbered)
    _fingerprints_check(user, parsed)
    # No transaction block: the rules are read in one statement and everything is written in one more, which is
    # atomic on its own (see statements.py); a key a concurrent request took first comes back as a replay.
    return outcomes_post(user=user, rows=parsed)
