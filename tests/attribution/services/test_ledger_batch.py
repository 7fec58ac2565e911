"""Outcomes in batches: one request, all or nothing, each outcome its own balanced posting; errors name the
row; replays inside and across requests; rollups striped over slots still equal their entries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Sum
from rest_framework.test import APIClient

from attribution.models import LedgerBalance, LedgerEntry, LedgerTransaction, Outcome
from attribution.selectors.ledger import Period, ledger_balances
from attribution.services.ledger import outcome_record, outcomes_record, period_close

pytestmark = pytest.mark.django_db(transaction=True)


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def row(ledger, n, **change):
    body = {
        "improvement": ledger["improvement"].pk,
        "kind": "cost_saved",
        "amount": f"{100 + n}.{n % 100:02d}",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "method": "finance feed",
        "idempotency_key": f"batch-{n}",
    }
    return body | change


def test_batch_posts_each_outcome_as_its_own_balanced_transaction(ledger):
    rows = [row(ledger, n) for n in range(25)]
    response = api_as(ledger["org"].lead).post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()["outcomes"]
    assert [r["idempotency_key"] for r in body] == [f"batch-{n}" for n in range(25)]
    assert all(r["created"] for r in body)
    assert Outcome.objects.count() == 25 and LedgerTransaction.objects.count() == 25
    for outcome in Outcome.objects.all():
        txn = outcome.transactions.get()
        entries = list(txn.entries.all())
        assert sum(e.amount for e in entries) == 0
        assert -min(e.amount for e in entries) == outcome.amount  # the value-realised debit is the amount
        assert txn.pk == next(r["transaction"] for r in body if r["id"] == outcome.pk)
    total = sum(Decimal(r["amount"]) for r in rows)
    assert LedgerEntry.objects.filter(account="value_realised:cost_saved").aggregate(t=Sum("amount"))["t"] == -total
    call_command("ledger_check")


def test_batch_equals_the_same_outcomes_posted_one_by_one(ledger, org):
    outcomes_record(user=org.lead, rows=[_service_row(ledger, n, "a") for n in range(10)])
    batched = {e["account"]: e["t"] for e in _totals()}
    LedgerBalance.objects.all().delete()
    for n in range(10):
        outcome_record(user=org.lead, **_service_row(ledger, n, "b"))
    both = {e["account"]: e["t"] for e in _totals()}
    assert {k: v * 2 for k, v in batched.items()} == both


def _service_row(ledger, n, prefix):
    return {
        "improvement": ledger["improvement"],
        "kind": "new_revenue",
        "amount": Decimal(f"{3 + n}.{n:02d}"),
        "period_start": dt.date(2026, 4, 1),
        "period_end": dt.date(2026, 4, 30),
        "method": "m",
        "idempotency_key": f"{prefix}-{n}",
    }


def _totals():
    return LedgerEntry.objects.values("account").annotate(t=Sum("amount")).order_by()


def test_a_bad_row_is_400_naming_row_and_field_and_nothing_is_written(ledger):
    rows = [row(ledger, n) for n in range(5)]
    rows[3]["amount"] = "-4.00"
    rows[4]["kind"] = "vibes"
    response = api_as(ledger["org"].lead).post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "outcomes[3].amount" in errors and "outcomes[4].kind" in errors, errors
    assert Outcome.objects.count() == 0 and LedgerEntry.objects.count() == 0


def test_closed_month_in_one_row_refuses_the_whole_batch(ledger):
    period_close(user=ledger["org"].lead, month=dt.date(2026, 2, 1))
    rows = [row(ledger, 0), row(ledger, 1, period_start="2026-02-01", period_end="2026-02-28")]
    response = api_as(ledger["org"].lead).post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert response.status_code == 400 and "closed" in response.json()["outcomes[1].period_end"][0]
    assert Outcome.objects.count() == 0


def test_replays_return_the_first_outcome_and_a_changed_body_is_409(ledger):
    client = api_as(ledger["org"].lead)
    first = client.post("/api/outcomes/batch/", {"outcomes": [row(ledger, 0), row(ledger, 1)]}, format="json")
    assert first.status_code == 201
    again = client.post("/api/outcomes/batch/", {"outcomes": [row(ledger, 1), row(ledger, 2)]}, format="json")
    assert again.status_code == 201
    created = {r["idempotency_key"]: r["created"] for r in again.json()["outcomes"]}
    assert created == {"batch-1": False, "batch-2": True}
    assert again.json()["outcomes"][0]["id"] == first.json()["outcomes"][1]["id"]
    replay = client.post("/api/outcomes/batch/", {"outcomes": [row(ledger, 2)]}, format="json")
    assert replay.status_code == 200 and replay.json()["outcomes"][0]["created"] is False
    changed = client.post("/api/outcomes/batch/", {"outcomes": [row(ledger, 2, amount="1.00")]}, format="json")
    assert changed.status_code == 409 and "outcomes[0].idempotency_key" in changed.json()
    same_twice = client.post(
        "/api/outcomes/batch/", {"outcomes": [row(ledger, 7), row(ledger, 7, amount="2.00")]}, format="json"
    )
    assert same_twice.status_code == 409 and "outcomes[1].idempotency_key" in same_twice.json()
    assert Outcome.objects.count() == 3 and LedgerTransaction.objects.count() == 3


def test_empty_and_oversized_batches_are_refused(ledger):
    client = api_as(ledger["org"].lead)
    assert "outcomes" in client.post("/api/outcomes/batch/", {"outcomes": []}, format="json").json()
    rows = [row(ledger, n) for n in range(1001)]
    response = client.post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert response.status_code == 400 and "outcomes" in response.json()
    assert Outcome.objects.count() == 0


def test_executives_cannot_post_a_batch(ledger):
    response = api_as(ledger["org"].executive).post(
        "/api/outcomes/batch/", {"outcomes": [row(ledger, 0)]}, format="json"
    )
    assert response.status_code == 403 and Outcome.objects.count() == 0


def test_rollups_striped_over_slots_are_read_and_checked_as_one(ledger, org):
    outcome_record(user=org.lead, **_service_row(ledger, 1, "s"))
    period = Period.quarter(2026, 2)
    before = ledger_balances(period=period, group_by="department")
    balance = LedgerBalance.objects.filter(account="center:unsecured").first()
    rows_before = LedgerBalance.objects.count()
    # What a second connection in another slot would have written: the same key split over two rows.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE attribution_ledgerbalance SET amount = amount - 1, slot = 3 WHERE id = %s", [balance.pk])
        cursor.execute(
            "INSERT INTO attribution_ledgerbalance (month, account, department_id, category, insight_key, currency,"
            " slot, amount, entry_count) SELECT month, account, department_id, category, insight_key, currency,"
            " 11, 1, 0 FROM attribution_ledgerbalance WHERE id = %s",
            [balance.pk],
        )
    assert LedgerBalance.objects.count() == rows_before + 1
    assert ledger_balances(period=period, group_by="department") == before
    call_command("ledger_check")


def _split_over_slots(balance, slots=(3, 11)):
    """What connections in other slots would have written: the key's amount spread over more rows."""
    with connection.cursor() as cursor:
        for slot in slots:
            cursor.execute(
                "INSERT INTO attribution_ledgerbalance (month, account, department_id, category, insight_key,"
                " currency, slot, amount, entry_count) SELECT month, account, department_id, category,"
                " insight_key, currency, %s, 1, 1 FROM attribution_ledgerbalance WHERE id = %s",
                [slot, balance.pk],
            )
        cursor.execute(
            "UPDATE attribution_ledgerbalance SET amount = amount - %s, entry_count = entry_count - %s WHERE id = %s",
            [len(slots), len(slots), balance.pk],
        )


def test_compaction_folds_slots_into_one_row_per_key_without_changing_a_total(ledger, org):
    from attribution.services.ledger import ledger_rollups_compact

    for n in range(3):
        outcome_record(user=org.lead, **_service_row(ledger, n, "c"))
    ledger_rollups_compact()  # this test's connection writes to its own slot: start from one row per key
    quarter = Period.quarter(2026, 2)
    before = {g: ledger_balances(period=quarter, group_by=g) for g in ("account", "insight", "month")}
    keys = LedgerBalance.objects.count()
    for balance in LedgerBalance.objects.filter(account__startswith="center:"):
        _split_over_slots(balance)
    assert LedgerBalance.objects.exclude(slot=0).exists()
    assert ledger_rollups_compact() > 0
    assert LedgerBalance.objects.count() == keys and not LedgerBalance.objects.exclude(slot=0).exists()
    assert {g: ledger_balances(period=quarter, group_by=g) for g in before} == before
    assert LedgerBalance.objects.aggregate(n=Sum("entry_count"))["n"] == LedgerEntry.objects.count()
    call_command("ledger_check")
    assert ledger_rollups_compact() == 0  # nothing left to fold


def test_compaction_skips_a_slot_row_a_posting_holds_and_folds_it_next_time(ledger, org):
    import threading

    from attribution.services.ledger import ledger_rollups_compact

    outcome_record(user=org.lead, **_service_row(ledger, 1, "h"))
    ledger_rollups_compact()
    balance = LedgerBalance.objects.filter(account="center:unsecured").first()
    _split_over_slots(balance, slots=(5,))
    held = LedgerBalance.objects.get(slot=5)
    locked, release = threading.Event(), threading.Event()

    def hold():  # another connection, mid-posting, holding the slot-5 row
        try:
            with transaction.atomic():
                LedgerBalance.objects.select_for_update().get(pk=held.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert locked.wait(10)
    try:
        assert ledger_rollups_compact() == 0  # skipped, not waited for
        assert LedgerBalance.objects.filter(pk=held.pk).exists()
    finally:
        release.set()
        thread.join()
    assert ledger_rollups_compact() == 1
    call_command("ledger_check")
