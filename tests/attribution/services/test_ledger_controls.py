"""Ledger controls (issue 15.2-15.3): recognition on `period_end`, forecasts kept off the ledger, outcome rows
immutable and checked against their entries, amounts the rollups can always hold, idempotency keys scoped to the
recorder's department."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from rest_framework.test import APIClient

from attribution.models import LedgerBalance, LedgerEntry, LedgerTransaction, Outcome
from attribution.selectors.outcomes import forecast_total, outcomes_expected
from attribution.services.ledger import ledger_rollups_compact, outcome_record, outcomes_record
from core.money import MONEY_LIMIT
from core.periods import Period

MAX = MONEY_LIMIT - Decimal("0.01")


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def body(ledger, **change) -> dict:
    return {
        "improvement": ledger["improvement"].pk,
        "kind": "new_revenue",
        "amount": "100.00",
        "period_start": "2026-02-01",
        "period_end": "2026-02-28",
        "method": "A/B test",
        "idempotency_key": "k",
        **change,
    }


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def test_outcome_whose_period_ends_tomorrow_is_refused_naming_period_end(ledger):
    end = tomorrow()
    response = api_as(ledger["org"].lead).post(
        "/api/outcomes/", body(ledger, period_start=end.replace(day=1).isoformat(), period_end=end.isoformat())
    )
    assert response.status_code == 400, response.json()
    message = response.json()["period_end"][0]
    assert "credited once realised" in message and f"record it after {end:%-d %b %Y}" in message
    assert Outcome.objects.count() == 0


def test_a_forecast_is_recorded_off_the_ledger_and_shown_as_expected(ledger):
    end = tomorrow()
    response = api_as(ledger["org"].lead).post(
        "/api/outcomes/",
        body(ledger, period_start=end.replace(day=1).isoformat(), period_end=end.isoformat(), forecast=True),
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["forecast"] is True and response.json()["transactions"] == []
    assert LedgerTransaction.objects.count() == 0 and LedgerEntry.objects.count() == 0
    assert LedgerBalance.objects.count() == 0
    assert [o.pk for o in outcomes_expected(department_ids=None)] == [response.json()["id"]]
    assert forecast_total(period=Period.quarter_of(end)) == Decimal("100.00")
    assert forecast_total(period=Period.quarter_of(end), department_ids={ledger["org"].sales.pk}) == 0
    listed = api_as(ledger["org"].executive).get("/api/outcomes/expected/")
    assert listed.status_code == 200 and [o["id"] for o in listed.json()["results"]] == [response.json()["id"]]
    call_command("ledger_check")


def test_a_forecast_for_a_period_that_has_ended_is_refused_naming_forecast(ledger):
    response = api_as(ledger["org"].lead).post("/api/outcomes/", body(ledger, forecast=True), format="json")
    assert response.status_code == 400 and "forecast" in response.json(), response.json()


def test_an_improvement_shipped_tomorrow_is_refused_naming_shipped_on(ledger):
    response = api_as(ledger["org"].lead).post(
        "/api/improvements/",
        {
            "department": "marketing",
            "title": "Later",
            "shipped_on": tomorrow().isoformat(),
            "insights": [{"insight": ledger["a"].pk, "weight": "1"}],
        },
        format="json",
    )
    assert response.status_code == 400 and "shipped_on" in response.json(), response.json()


def _row(ledger, n: int, amount: Decimal) -> dict:
    return {
        "improvement": ledger["improvement"],
        "kind": "new_revenue",
        "amount": amount,
        "period_start": dt.date(2026, 3, 1),
        "period_end": dt.date(2026, 3, 31),
        "method": "m",
        "idempotency_key": f"max-{n}",
    }


def test_maximum_amounts_on_one_rollup_key_never_make_a_later_posting_or_the_compaction_fail(ledger):
    lead = ledger["org"].lead
    # 150 maximum amounts on the same keys: 1.5 * 10**16, past what an 18-digit rollup could hold.
    outcome_record(user=lead, **_row(ledger, 0, MAX))
    outcome_record(user=lead, **_row(ledger, 1, MAX))
    outcomes_record(user=lead, rows=[_row(ledger, n, MAX) for n in range(2, 150)])
    for n in range(150, 153):
        outcome_record(user=lead, **_row(ledger, n, Decimal("1.00")))
    response = api_as(lead).post(
        "/api/outcomes/", body(ledger, period_start="2026-03-01", period_end="2026-03-31", amount=str(MAX))
    )
    assert response.status_code == 201, response.json()
    ledger_rollups_compact()
    ledger_rollups_compact()
    total = LedgerBalance.objects.filter(account="value_realised:new_revenue").values_list("amount", flat=True)
    assert sum(total) == -(151 * MAX + 3)
    call_command("ledger_check")


def test_signing_moves_the_credit_of_many_maximum_amounts_in_one_line(ledger):
    from tests.attribution.services.test_ledger import record

    outcomes_record(user=ledger["org"].lead, rows=[_row(ledger, n, MAX) for n in range(300)])
    record(ledger, ledger["a"], "signature", share="0.9000")  # one reclassification line above 10**16
    moved = LedgerTransaction.objects.get(kind="reclassification")
    assert max(abs(e.amount) for e in moved.entries.all()) > Decimal(10) ** 16
    call_command("ledger_check")


@pytest.mark.parametrize("amount", ["1_000", "١٠٠", "１００", "1,000", "1e3", "100.001", str(MONEY_LIMIT)])
def test_only_ascii_digits_within_the_limit_are_amounts(ledger, amount):
    response = api_as(ledger["org"].lead).post("/api/outcomes/", body(ledger, amount=amount))
    assert response.status_code == 400 and "amount" in response.json(), response.json()
    batch = api_as(ledger["org"].lead).post(
        "/api/outcomes/batch/", {"outcomes": [body(ledger, amount=amount)]}, format="json"
    )
    assert batch.status_code == 400 and "outcomes[0].amount" in batch.json(), batch.json()
    assert Outcome.objects.count() == 0


def test_outcome_rows_are_refused_update_and_delete_by_the_database(ledger):
    outcome, _ = outcome_record(user=ledger["org"].lead, **_row(ledger, 0, Decimal("10.00")))
    for sql in [
        "UPDATE attribution_outcome SET amount = 999999 WHERE id = %s",
        "DELETE FROM attribution_outcome WHERE id = %s",
    ]:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as c:
            c.execute(sql, [outcome.pk])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Outcome.objects.filter(pk=outcome.pk).update(method="changed")


def test_truncate_of_outcomes_is_refused(ledger):
    with connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} RESET centerstage.allow_truncate")
    with pytest.raises(IntegrityError, match="TRUNCATE refused"), transaction.atomic(), connection.cursor() as c:
        c.execute("TRUNCATE attribution_outcome CASCADE")


def _without_triggers(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # what an operator with superuser could do
        cursor.execute(sql, params)


def test_ledger_check_finds_an_outcome_changed_with_triggers_off(ledger, capsys):
    outcome, _ = outcome_record(user=ledger["org"].lead, **_row(ledger, 0, Decimal("3144.00")))
    call_command("ledger_check")
    _without_triggers("UPDATE attribution_outcome SET amount = 999999 WHERE id = %s", [outcome.pk])
    with pytest.raises(SystemExit):
        call_command("ledger_check")
    assert f"outcome {outcome.pk}: amount 999999.00, its value-realised entries post 3144.00" in capsys.readouterr().err


def test_ledger_check_finds_an_outcome_whose_entries_were_altered_with_triggers_off(ledger, capsys):
    outcome, _ = outcome_record(user=ledger["org"].lead, **_row(ledger, 0, Decimal("3144.00")))
    posting = outcome.transactions.get()
    # Both sides changed together, so the transaction still balances; rollups are rebuilt to match.
    _without_triggers("UPDATE attribution_ledgerentry SET amount = amount * 2 WHERE transaction_id = %s", [posting.pk])
    _without_triggers("UPDATE attribution_ledgerbalance SET amount = amount * 2", [])
    with pytest.raises(SystemExit):
        call_command("ledger_check")
    err = capsys.readouterr().err
    assert f"outcome {outcome.pk}: amount 3144.00, its value-realised entries post 6288.00" in err
    assert "does not balance" not in err and "rollup" not in err


def test_a_key_another_department_used_is_not_a_conflict(ledger, org):
    from attribution.services.ledger import improvement_create

    sales_improvement = improvement_create(
        user=org.sales_member,
        department=org.sales,
        title="Sales script",
        description="",
        shipped_on=dt.date(2026, 1, 5),
        insights=[(ledger["b"], Decimal("1"))],
    )
    first = api_as(org.marketing_member).post("/api/outcomes/", body(ledger, idempotency_key="shared"))
    assert first.status_code == 201
    other = api_as(org.sales_member).post(
        "/api/outcomes/", body(ledger, improvement=sales_improvement.pk, amount="7.00", idempotency_key="shared")
    )
    assert other.status_code == 201, other.json()
    # Within one department a key still replays, and with another body it is still refused.
    again = api_as(org.marketing_member).post("/api/outcomes/", body(ledger, idempotency_key="shared"))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    changed = api_as(org.marketing_signatory).post(
        "/api/outcomes/", body(ledger, amount="5.00", idempotency_key="shared")
    )
    assert changed.status_code == 409
    # The center's staff share one scope, whichever department they record for.
    lead = api_as(org.lead).post("/api/outcomes/", body(ledger, idempotency_key="shared"))
    assert lead.status_code == 201
    assert Outcome.objects.filter(idempotency_key="shared").count() == 3


def test_one_posting_costs_two_statements_and_a_batch_the_same_two(ledger):
    from django.test.utils import CaptureQueriesContext

    lead = ledger["org"].lead
    outcome_record(user=lead, **_row(ledger, 0, Decimal("1.00")))  # the lead's roles, read once per request
    with CaptureQueriesContext(connection) as single:
        outcome_record(user=lead, **_row(ledger, 1, Decimal("2.00")))
    with CaptureQueriesContext(connection) as batch:
        outcomes_record(user=lead, rows=[_row(ledger, n, Decimal("3.00")) for n in range(2, 52)])
    # One read of everything the rules need, one write of outcomes, postings, entries and rollups: no savepoints.
    assert [q["sql"].split()[0] for q in single.captured_queries] == ["SELECT", "WITH"]
    assert [q["sql"].split()[0] for q in batch.captured_queries] == ["SELECT", "WITH"]
    call_command("ledger_check")


def test_the_two_posting_statements_are_prepared_once_per_connection_and_run_prepared_after(ledger):
    # Django's connections disable psycopg's preparing (prepare_threshold None): the posting's cursor must still
    # prepare, or each single posting pays a parse and a plan of both statements again.
    lead = ledger["org"].lead
    for n in range(3):
        outcome_record(user=lead, **_row(ledger, 100 + n, Decimal("1.00")))
    with connection.cursor() as cursor:
        cursor.execute("SELECT split_part(ltrim(statement, E' \\n'), ' ', 1) FROM pg_prepared_statements")
        prepared = {row[0] for row in cursor.fetchall()}
    assert prepared == {"SELECT", "WITH"}  # (one of each per set of parameter types psycopg sends)
    assert connection.connection.prepare_threshold is None  # left as Django set it for every other statement
    call_command("ledger_check")


@pytest.mark.parametrize("table", ["attribution_ledgerbalance", "attribution_ledgermonthtotal"])
def test_no_rollup_index_holds_what_postings_add_to_and_pages_keep_room(db, table):
    # Every posting adds to rows already in the rollups: an index holding amount or entry_count (or a full page)
    # would make each of those updates write an entry in every index, where a heap-only update writes none.
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
        definitions = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        options = cursor.fetchone()[0] or []
    assert definitions and not [d for d in definitions if "amount" in d or "entry_count" in d]
    assert "fillfactor=70" in options


def test_post_api_outcomes_answers_in_a_fixed_number_of_statements(ledger, django_assert_max_num_queries):
    client = api_as(ledger["org"].lead)
    client.post("/api/outcomes/", body(ledger, idempotency_key="warm"))
    # the improvement, the caller's roles (two), the read and the write, then the answer: outcome, postings, entries
    with django_assert_max_num_queries(8):
        response = client.post("/api/outcomes/", body(ledger, idempotency_key="counted"))
    assert response.status_code == 201 and len(response.json()["transactions"][0]["entries"]) == 5
