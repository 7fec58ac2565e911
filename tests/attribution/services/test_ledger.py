"""The ledger: postings, signing states, reclassification, reversal, idempotency, periods, rollups, API."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from rest_framework.test import APIClient

from attribution.models import LedgerBalance, LedgerEntry, LedgerTransaction, Outcome
from attribution.selectors.ledger import Period, ledger_balances
from attribution.services.ledger import (
    ledger_reclassify_for_record,
    outcome_record,
    outcome_reverse,
    period_close,
)
from tests.attribution.factories import SignoffRecordFactory, SignoffRequestFactory, agreement_share_set

D = Decimal


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def post(ledger, amount="1000.00", key="k1", **kw):
    body = {
        "improvement": ledger["improvement"],
        "kind": "new_revenue",
        "amount": Decimal(amount),
        "period_start": dt.date(2026, 2, 1),
        "period_end": dt.date(2026, 2, 28),
        "method": "A/B test",
        "idempotency_key": key,
    }
    body.update(kw)
    return outcome_record(user=ledger["org"].lead, **body)


def lines(outcome):
    txn = outcome.transactions.get(kind="posting")
    return {(e.account, e.insight_id): e.amount for e in txn.entries.all()}


def record(ledger, insight, kind, share="0.3000", department=None):
    """The department's answer through the sign-off service; a signature is signed under terms at `share`
    (a decline leaves the terms as they are: it disputes at whatever share they give)."""
    department = department or ledger["org"].marketing
    request = SignoffRequestFactory(insight=insight, department=department)
    return SignoffRecordFactory(
        request=request,
        kind=kind,
        credit_share=share if kind == "signature" else None,
        signer=ledger["org"].marketing_signatory,
    )


def reclassification(rec) -> LedgerTransaction:
    """The reclassification the sign-off service posted when `rec` was answered."""
    return LedgerTransaction.objects.get(kind="reclassification", signoff_record=rec)


def test_unsecured_posting_balances_with_default_share(ledger):
    outcome, created = post(ledger)
    a, b = ledger["a"].pk, ledger["b"].pk
    assert created
    assert lines(outcome) == {
        ("value_realised:new_revenue", None): D("-1000.00"),
        ("center:unsecured", a): D("120.00"),
        ("department:marketing", a): D("480.00"),
        ("center:unsecured", b): D("80.00"),
        ("department:marketing", b): D("320.00"),
    }


def test_signature_secures_at_signed_share_decline_disputes_pinky_swear_stays_unsecured(ledger):
    record(ledger, ledger["a"], "signature", share="0.2500")
    agreement_share_set(department=ledger["org"].marketing, share=D("0.2000"))  # renegotiated after signing
    record(ledger, ledger["b"], "decline")
    outcome, _ = post(ledger, amount="333.33")
    got = lines(outcome)
    assert got[("center:secured", ledger["a"].pk)] == D("50.00")  # 333.33*0.6*0.25 = 49.9995
    assert got[("center:disputed", ledger["b"].pk)] == D("26.67")  # 26.6664
    assert sum(got.values()) == 0


def test_pinky_swear_is_unsecured(ledger):
    record(ledger, ledger["a"], "pinky_swear")
    outcome, _ = post(ledger)
    assert ("center:unsecured", ledger["a"].pk) in lines(outcome)


def test_rounding_half_even_and_department_takes_remainder(ledger):
    outcome, _ = post(ledger, amount="0.05")
    got = lines(outcome)
    assert sum(got.values()) == 0
    assert got[("center:unsecured", ledger["a"].pk)] == D("0.01")  # 0.006 → 0.01
    assert sum(v for (acct, _), v in got.items() if acct != "value_realised:new_revenue") == D("0.05")


def test_same_key_returns_first_and_posts_nothing_other_body_is_409(ledger):
    first, _ = post(ledger)
    again, created = post(ledger)
    assert again.pk == first.pk and not created
    assert LedgerTransaction.objects.count() == 1
    client = api_as(ledger["org"].lead)
    body = {
        "improvement": ledger["improvement"].pk,
        "kind": "new_revenue",
        "amount": "999.00",
        "period_start": "2026-02-01",
        "period_end": "2026-02-28",
        "method": "A/B test",
        "idempotency_key": "k1",
    }
    response = client.post("/api/outcomes/", body, format="json")
    assert response.status_code == 409 and "idempotency_key" in response.json()


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submissions_of_one_key_post_exactly_one(org):
    import threading

    from attribution.services.ledger import improvement_create
    from tests.insights.factories import InsightFactory

    insight = InsightFactory(published=True, departments=[org.marketing], created_by=org.analyst)
    improvement = improvement_create(
        user=org.lead,
        department=org.marketing,
        title="x",
        description="",
        shipped_on=dt.date(2026, 1, 1),
        insights=[(insight, Decimal("1"))],
    )
    barrier = threading.Barrier(50)
    results, errors = [], []

    def submit():
        try:
            barrier.wait()
            outcome, _ = outcome_record(
                user=org.lead,
                improvement=improvement,
                kind="cost_saved",
                amount=Decimal("10.00"),
                period_start=dt.date(2026, 3, 1),
                period_end=dt.date(2026, 3, 31),
                method="m",
                idempotency_key="same",
            )
            results.append(outcome.pk)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(results)) == 1 and len(results) == 50
    assert Outcome.objects.count() == 1
    assert LedgerTransaction.objects.count() == 1


def test_reclassify_moves_unsecured_to_secured_adjusting_share_and_is_idempotent(ledger):
    outcome, _ = post(ledger)
    rec = record(ledger, ledger["a"], "signature", share="0.3000")
    txn = reclassification(rec)
    assert txn.kind == "reclassification" and txn.signoff_record_id == rec.pk
    got = {e.account: e.amount for e in txn.entries.all()}
    assert got == {"center:unsecured": D("-120.00"), "center:secured": D("180.00"), "department:marketing": D("-60.00")}
    assert ledger_reclassify_for_record(record=rec) is None
    net = ledger_balances(period=Period.year(timezone_year()), group_by="insight")
    assert net  # the reclassification is dated in the current month


def timezone_year():
    from django.utils import timezone

    return timezone.localdate().year


def test_decline_moves_credit_to_disputed(ledger):
    post(ledger)
    rec = record(ledger, ledger["b"], "decline")
    txn = reclassification(rec)
    got = {e.account: e.amount for e in txn.entries.all()}
    assert got == {"center:unsecured": D("-80.00"), "center:disputed": D("80.00")}


def test_reversal_negates_every_entry_and_nets_to_zero(ledger):
    outcome, _ = post(ledger)
    record(ledger, ledger["a"], "signature", share="0.5000")  # signing reclassifies the posted credit
    response = api_as(ledger["org"].lead).post(f"/api/outcomes/{outcome.pk}/reverse/", {"reason": "Mismeasured"})
    assert response.status_code == 201, response.json()
    reversal = LedgerTransaction.objects.get(kind="reversal")
    assert reversal.reverses.outcome_id == outcome.pk
    original = {(e.account, e.insight_id): e.amount for e in reversal.reverses.entries.all()}
    assert {(e.account, e.insight_id): -e.amount for e in reversal.entries.all()} == original
    totals = {}
    for e in LedgerEntry.objects.all():
        totals[e.account] = totals.get(e.account, 0) + e.amount
    assert all(v == 0 for v in totals.values()), totals
    again = api_as(ledger["org"].lead).post(f"/api/outcomes/{outcome.pk}/reverse/", {"reason": "twice"})
    assert again.status_code == 409
    assert api_as(ledger["org"].lead).post(f"/api/outcomes/{outcome.pk}/reverse/", {"reason": ""}).status_code in (
        400,
        409,
    )


def test_closed_period_refuses_outcome_with_clear_error(ledger):
    period_close(user=ledger["org"].lead, month=dt.date(2026, 2, 1))
    body = {
        "improvement": ledger["improvement"].pk,
        "kind": "new_revenue",
        "amount": "10.00",
        "period_start": "2026-02-01",
        "period_end": "2026-02-28",
        "method": "m",
        "idempotency_key": "closed",
    }
    response = api_as(ledger["org"].lead).post("/api/outcomes/", body, format="json")
    assert response.status_code == 400
    assert "closed" in response.json()["period_end"][0]
    assert Outcome.objects.count() == 0


OUTCOME_OK = {
    "kind": "new_revenue",
    "amount": "10.00",
    "period_start": "2026-02-01",
    "period_end": "2026-02-28",
    "method": "m",
    "idempotency_key": "x",
}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5.00"}, "amount"),
        ({"amount": "1.005"}, "amount"),
        ({"currency": "EUR"}, "currency"),
        ({"kind": "vibes"}, "kind"),
    ],
)
def test_bad_outcome_is_400_naming_the_field_and_writes_nothing(ledger, change, field):
    body = {**OUTCOME_OK, "improvement": ledger["improvement"].pk, **change}
    response = api_as(ledger["org"].lead).post("/api/outcomes/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Outcome.objects.count() == 0 and LedgerEntry.objects.count() == 0


def improvement_body(ledger, insights, department="marketing"):
    return {
        "department": department,
        "title": "T",
        "description": "",
        "shipped_on": "2026-01-01",
        "insights": insights,
    }


def test_bad_improvements_are_400_naming_the_field(ledger, org):
    from tests.insights.factories import InsightFactory

    a, b = ledger["a"].pk, ledger["b"].pk
    draft = InsightFactory(departments=[org.marketing], created_by=org.analyst).pk
    elsewhere = InsightFactory(published=True, departments=[org.sales], created_by=org.analyst).pk
    client = api_as(org.lead)
    before = ledger["improvement"].__class__.objects.count()
    cases = [
        ([{"insight": a, "weight": "0.6"}, {"insight": b, "weight": "0.3"}], "insights", "sum to exactly 1"),
        ([], "insights", "at least one"),
        ([{"insight": draft, "weight": "1"}], "insights", "not published"),
        ([{"insight": elsewhere, "weight": "1"}], "insights", "not routed"),
    ]
    for insights, field, words in cases:
        response = client.post("/api/improvements/", improvement_body(ledger, insights), format="json")
        assert response.status_code == 400 and words in response.json()[field][0], response.json()
    foreign = api_as(org.sales_member).post(
        "/api/improvements/", improvement_body(ledger, [{"insight": b, "weight": "1"}]), format="json"
    )
    assert foreign.status_code == 400 and "department" in foreign.json()
    assert ledger["improvement"].__class__.objects.count() == before


def test_department_people_write_for_own_department_executives_read_only(ledger, org):
    b = ledger["b"].pk
    ok = api_as(org.marketing_member).post(
        "/api/improvements/", improvement_body(ledger, [{"insight": b, "weight": "1"}]), format="json"
    )
    assert ok.status_code == 201, ok.json()
    denied = api_as(org.executive).post(
        "/api/improvements/", improvement_body(ledger, [{"insight": b, "weight": "1"}]), format="json"
    )
    assert denied.status_code == 403
    assert api_as(org.executive).get("/api/ledger/balances/?year=2026&group_by=department").status_code == 200


@pytest.mark.parametrize("group_by", ["account", "department", "category", "insight", "month"])
def test_balances_api_equals_selector(ledger, group_by):
    post(ledger)
    record(ledger, ledger["a"], "signature")
    post(ledger, amount="50.00", key="k2", kind="cost_saved")
    response = api_as(ledger["org"].executive).get(f"/api/ledger/balances/?year=2026&quarter=1&group_by={group_by}")
    assert response.status_code == 200
    expected = ledger_balances(period=Period.quarter(2026, 1), group_by=group_by)
    assert response.json() == [{k: str(v) for k, v in row.items()} for row in expected]
    assert all(isinstance(row["secured"], str) for row in response.json())


def test_balances_by_department(ledger):
    post(ledger)
    rows = ledger_balances(period=Period.quarter(2026, 1), group_by="department")
    assert rows == [
        {
            "key": "marketing",
            "secured": D("0"),
            "unsecured": D("200.00"),
            "disputed": D("0"),
            "department": D("800.00"),
        }
    ]


def test_transactions_list_filters_and_query_count(ledger, django_assert_max_num_queries):
    post(ledger)
    post(ledger, key="k2", amount="20.00")
    client = api_as(ledger["org"].lead)
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/ledger/transactions/?department=marketing&insight={ledger['a'].pk}")
    assert response.status_code == 200 and response.json()["count"] == 2
    assert client.get("/api/ledger/transactions/?kind=reversal").json()["count"] == 0
    assert client.get("/api/ledger/transactions/?date=2026-02-28").json()["count"] == 2


def test_export_csv_neutralises_formulas(ledger):
    outcome, _ = post(ledger)
    outcome_reverse(user=ledger["org"].lead, outcome=outcome, reason='=HYPERLINK("http://evil")')
    response = api_as(ledger["org"].lead).get("/api/ledger/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    memos = {r[1] for r in rows[1:]}
    assert '\'=HYPERLINK("http://evil")' in memos
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for r in rows for cell in r)
    assert "-200.00" in {r[5] for r in rows}  # the reversed center credit: a number, not neutralised text


def test_safe_cell():
    from attribution.exports import safe_cell

    assert [safe_cell(v) for v in ["=1+1", "+1", "-1", "@x", "\tx", "\rx", "ok", None, 5, Decimal("-2.50")]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "ok",
        "",
        "5",
        "-2.50",
    ]


def test_safe_cell_keeps_numbers_numeric_for_xlsx_and_still_neutralises_text():
    from attribution.exports import safe_cell

    values = ["=1+1", "-1", "@x", "\tx", "ok", None, 5, Decimal("-10.50"), 2.5]
    assert [safe_cell(v, typed=True) for v in values] == [
        "'=1+1",
        "'-1",
        "'@x",
        "'\tx",
        "ok",
        None,
        5,
        Decimal("-10.50"),
        2.5,
    ]


def test_ledger_check_passes_then_names_a_difference(ledger, capsys):
    post(ledger)
    call_command("ledger_check")
    balance = LedgerBalance.objects.filter(account="center:unsecured").first()
    LedgerBalance.objects.filter(pk=balance.pk).update(amount=balance.amount + 1)
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger_check")
    assert exit_info.value.code == 1
    assert "center:unsecured" in capsys.readouterr().err


def test_triggers_refuse_update_and_delete_of_entries_and_transactions(ledger):
    outcome, _ = post(ledger)
    txn = outcome.transactions.get()
    for sql in [
        "UPDATE attribution_ledgerentry SET amount = amount WHERE transaction_id = %s",
        "DELETE FROM attribution_ledgerentry WHERE transaction_id = %s",
        "UPDATE attribution_ledgertransaction SET memo = 'x' WHERE id = %s",
        "DELETE FROM attribution_ledgertransaction WHERE id = %s",
    ]:
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [txn.pk])


def test_deferred_trigger_refuses_unbalanced_transaction_at_commit(ledger):
    outcome, _ = post(ledger)
    txn = outcome.transactions.get()
    with pytest.raises(Exception, match="does not balance"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO attribution_ledgerentry (transaction_id, account, amount, currency, department_id, category,"
            " outcome_kind, month) VALUES (%s, 'center:secured', 1.00, 'USD', %s, '', 'new_revenue', '2026-02-01')",
            [txn.pk, ledger["org"].marketing.pk],
        )
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_every_grouping_adds_up_to_the_same_totals_and_limit_keeps_the_largest(ledger):
    post(ledger)
    record(ledger, ledger["a"], "signature")
    post(ledger, amount="50.00", key="k2", kind="cost_saved")
    post(ledger, amount="75.00", key="k3", period_start=dt.date(2026, 3, 1), period_end=dt.date(2026, 3, 31))
    quarter = Period.quarter(2026, 1)
    totals = {}
    for group_by in ("account", "department", "category", "insight", "month"):
        rows = ledger_balances(period=quarter, group_by=group_by)
        totals[group_by] = tuple(sum(r[b] for r in rows) for b in ("secured", "unsecured", "disputed", "department"))
    assert len(set(totals.values())) == 1, totals
    assert sum(totals["account"]) == D("1125.00")  # every credit line of the three outcomes
    by_month = ledger_balances(period=quarter, group_by="month")
    assert {r["key"] for r in by_month} == {dt.date(2026, 2, 1), dt.date(2026, 3, 1)}
    by_insight = ledger_balances(period=quarter, group_by="insight")
    assert ledger_balances(period=quarter, group_by="insight", limit=1) == by_insight[:1]
    only_b = ledger_balances(period=quarter, group_by="insight", insight_ids=[ledger["b"].pk])
    assert only_b == [r for r in by_insight if r["key"] == ledger["b"].pk]
