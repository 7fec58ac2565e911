"""outcome_record and outcomes_record take typed values and recognise a replay by them."""

import datetime as dt
from decimal import Decimal

import pytest

from attribution.models import Outcome
from attribution.services.ledger import outcome_record, outcomes_record


def _row(ledger, amount, key="k") -> dict:
    return {
        "improvement": ledger["improvement"],
        "kind": "cost_saved",
        "amount": amount,
        "period_start": dt.date(2026, 4, 1),
        "period_end": dt.date(2026, 4, 30),
        "method": "Invoices",
        "idempotency_key": key,
    }


def test_a_replay_with_the_same_amount_at_another_scale_returns_the_first_outcome(ledger):
    first, created = outcome_record(user=ledger["org"].lead, **_row(ledger, Decimal("100")))
    again, replayed = outcome_record(user=ledger["org"].lead, **_row(ledger, Decimal("100.00")))
    assert created and not replayed and again.pk == first.pk


def test_a_batch_replay_with_the_same_amounts_at_another_scale_creates_nothing(ledger):
    outcomes_record(user=ledger["org"].lead, rows=[_row(ledger, Decimal("5"), "a"), _row(ledger, Decimal("5.5"), "b")])
    results = outcomes_record(
        user=ledger["org"].lead, rows=[_row(ledger, Decimal("5.00"), "a"), _row(ledger, Decimal("5.50"), "b")]
    )
    assert [created for _, created in results] == [False, False] and Outcome.objects.count() == 2


def test_a_string_amount_is_a_callers_bug_not_an_input(ledger):
    with pytest.raises(TypeError):
        outcome_record(user=ledger["org"].lead, **_row(ledger, "100.00"))
