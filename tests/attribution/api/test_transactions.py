"""GET /api/ledger/transactions/: each transaction's amount on the filtered accounts, the list's total, the
outcome kind and period filters, and 400 naming a parameter it does not know."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from attribution.services.ledger import outcome_record, outcome_reverse
from core.periods import Period

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def _post(ledger, key: str, amount: str, day: dt.date, kind: str = "new_revenue"):
    outcome, _ = outcome_record(
        user=ledger["org"].lead,
        improvement=ledger["improvement"],
        kind=kind,
        amount=Decimal(amount),
        period_start=day.replace(day=1),
        period_end=day,
        method="Invoices",
        idempotency_key=key,
    )
    return outcome


def test_each_transaction_carries_its_amount_on_the_filtered_account_and_the_list_its_total(ledger):
    _post(ledger, "jan", "100.00", dt.date(2026, 1, 20))
    _post(ledger, "feb", "50.00", dt.date(2026, 2, 20))
    body = api_as(ledger["org"].lead).get("/api/ledger/transactions/?account=value_realised&year=2026").json()
    assert [t["amount"] for t in body["results"]] == ["50.00", "100.00"]
    assert body["total"] == "150.00" and body["count"] == 2
    assert body["filter"] == "Value realised, 2026, all departments"


def test_total_counts_every_page_and_a_reversal_negative(ledger):
    outcomes = [_post(ledger, f"k{i}", "10.00", dt.date(2026, 1, 5 + i)) for i in range(3)]
    outcome_reverse(user=ledger["org"].lead, outcome=outcomes[0], reason="Duplicate")
    today = timezone.localdate()
    client = api_as(ledger["org"].lead)
    tomorrow = today + dt.timedelta(days=1)
    body = client.get(f"/api/ledger/transactions/?account=value_realised&start=2026-01-01&end={tomorrow}&page_size=2")
    body = body.json()
    assert body["count"] == 4 and len(body["results"]) == 2
    assert body["total"] == "20.00"
    reversal = client.get("/api/ledger/transactions/?account=value_realised&kind=reversal&start=2026-01-01").json()
    assert reversal["total"] == "0.00"  # dated today, not in January
    this_month = client.get(f"/api/ledger/transactions/?account=value_realised&kind=reversal&month={today}").json()
    assert [t["amount"] for t in this_month["results"]] == ["-10.00"]


def test_kind_filters_the_outcome_kind(ledger):
    new = _post(ledger, "new", "100.00", dt.date(2026, 1, 20))
    _post(ledger, "kept", "40.00", dt.date(2026, 1, 21), kind="retained_revenue")
    body = api_as(ledger["org"].lead).get("/api/ledger/transactions/?kind=new_revenue").json()
    assert [t["outcome"] for t in body["results"]] == [new.pk]
    assert "new revenue outcomes" in body["filter"]


def test_start_and_end_bound_the_effective_day(ledger):
    _post(ledger, "early", "100.00", dt.date(2026, 1, 10))
    late = _post(ledger, "late", "40.00", dt.date(2026, 1, 25))
    client = api_as(ledger["org"].lead)
    body = client.get("/api/ledger/transactions/?account=value_realised&start=2026-01-15&end=2026-02-01").json()
    assert [t["outcome"] for t in body["results"]] == [late.pk] and body["total"] == "40.00"
    assert body["filter"].startswith("Value realised, 15 Jan 2026 – 31 Jan 2026")
    quarter = Period.quarter(2026, 1)
    body = client.get(f"/api/ledger/transactions/?account=value_realised&{quarter.query()}").json()
    assert body["total"] == "140.00" and "2026-Q1" in body["filter"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("kind=new_revenu", "kind"),
        ("account=center:gold", "account"),
        ("account=department:nobody", "account"),
        ("department=nobody", "department"),
        ("category=growth", "category"),
        ("insight=999999", "insight"),
        ("insight=abc", "insight"),
        ("start=2026-13-01", "start"),
        ("start=2026-03-01&end=2026-02-01", "end"),
        ("year=26", "year"),
        ("year=2026&quarter=5", "quarter"),
        ("year=2026&start=2026-01-01", "year"),
        ("next=https://evil.example/", "next"),
        ("next=//evil.example/", "next"),
    ],
)
def test_an_unknown_value_is_400_naming_its_parameter(ledger, query, parameter):
    response = api_as(ledger["org"].lead).get(f"/api/ledger/transactions/?{query}")
    assert response.status_code == 400, query
    assert parameter in response.json(), response.json()


def test_the_page_refuses_an_off_site_return_address_and_keeps_a_same_site_one(ledger):
    from django.test import Client

    client = Client()
    client.force_login(ledger["org"].executive)
    assert client.get("/ledger/transactions/?next=https://evil.example/").status_code == 400
    page = client.get("/ledger/transactions/?account=center&next=/exec/%3Fyear%3D2026").content.decode()
    assert '<a href="/exec/?year=2026">Back</a>' in page
    assert '<a href="/ledger/">Back</a>' in client.get("/ledger/transactions/").content.decode()


def test_exports_give_spreadsheets_numeric_negative_amounts_and_human_headers(ledger):
    import csv
    import io

    from openpyxl import load_workbook

    outcome = _post(ledger, "x", "1000.00", dt.date(2026, 2, 20))
    outcome_reverse(user=ledger["org"].lead, outcome=outcome, reason="-counted twice")
    client = api_as(ledger["org"].lead)
    header, *rows = list(csv.reader(io.StringIO(client.get("/api/ledger/export.csv?account=center").text)))
    assert header == ["Date", "Description", "Department", "Insight", "Transaction", "Amount (USD)", "Account"]
    assert len(rows) == 2  # one row per transaction
    by_description = {row[1]: row for row in rows}
    reversal = by_description["'-counted twice"]  # text that looks like a formula is still neutralised
    assert reversal[5] == "-200.00" and float(reversal[5]) == -200.0
    assert reversal[2] == "Marketing" and reversal[6] == "Contact center — at risk: no signed record"
    assert ledger["a"].title in reversal[3] and ledger["b"].title in reversal[3]
    assert sum(float(row[5]) for row in rows) == 0.0

    response = client.get("/api/ledger/export.xlsx?account=center")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == header
    amounts = {row[1].value: row[5] for row in sheet.iter_rows(min_row=2)}
    cell = amounts["'-counted twice"]
    assert cell.data_type == "n" and cell.value == -200 and cell.number_format == "#,##0.00"
    assert isinstance(sheet["A2"].value, dt.datetime)  # a date cell, not text
