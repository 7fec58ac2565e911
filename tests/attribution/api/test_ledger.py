"""The ledger API's edges: values parsed before the service sees them, replays recognised by their parsed
values, and the same transactions query answered as the page answers it."""

import datetime as dt
from decimal import Decimal

from django.test import Client
from rest_framework.test import APIClient

from attribution.models import LedgerEntry, Outcome
from attribution.services.ledger import outcome_record


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def outcome_body(ledger, **change) -> dict:
    body = {
        "improvement": ledger["improvement"].pk,
        "kind": "new_revenue",
        "amount": "100",
        "period_start": "2026-02-01",
        "period_end": "2026-02-28",
        "method": "A/B test",
        "idempotency_key": "replay-1",
    }
    return body | change


def test_replaying_an_outcome_with_the_amount_written_another_way_returns_the_first_outcome(ledger):
    client = api_as(ledger["org"].lead)
    first = client.post("/api/outcomes/", outcome_body(ledger, amount="100"), format="json")
    assert first.status_code == 201, first.json()
    replay = client.post("/api/outcomes/", outcome_body(ledger, amount="100.00"), format="json")
    assert replay.status_code == 200, replay.json()
    assert replay.json()["id"] == first.json()["id"] and replay.json()["amount"] == "100.00"
    assert Outcome.objects.count() == 1


def test_replaying_a_batch_with_amounts_written_another_way_returns_the_first_outcomes(ledger):
    client = api_as(ledger["org"].lead)
    rows = [
        outcome_body(ledger, amount="100", idempotency_key="b-1"),
        outcome_body(ledger, amount="7.5", idempotency_key="b-2"),
    ]
    first = client.post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert first.status_code == 201, first.json()
    rows = [
        outcome_body(ledger, amount="100.00", idempotency_key="b-1"),
        outcome_body(ledger, amount="7.50", idempotency_key="b-2"),
    ]
    replay = client.post("/api/outcomes/batch/", {"outcomes": rows}, format="json")
    assert replay.status_code == 200, replay.json()
    assert [r["created"] for r in replay.json()["outcomes"]] == [False, False]
    assert [r["id"] for r in replay.json()["outcomes"]] == [r["id"] for r in first.json()["outcomes"]]
    assert Outcome.objects.count() == 2


def test_a_changed_amount_under_the_same_key_is_still_a_conflict(ledger):
    client = api_as(ledger["org"].lead)
    client.post("/api/outcomes/", outcome_body(ledger, amount="100"), format="json")
    changed = client.post("/api/outcomes/", outcome_body(ledger, amount="100.01"), format="json")
    assert changed.status_code == 409 and "idempotency_key" in changed.json()


def test_an_amount_with_a_float_or_separator_is_400_naming_amount(ledger):
    client = api_as(ledger["org"].lead)
    for amount in (100.5, "1,000", "1e3"):
        response = client.post("/api/outcomes/", outcome_body(ledger, amount=amount), format="json")
        assert response.status_code == 400 and "amount" in response.json(), (amount, response.json())
    assert Outcome.objects.count() == 0


def test_a_weight_of_zero_is_refused_naming_the_row(ledger, org):
    body = {
        "department": "marketing",
        "title": "T",
        "shipped_on": "2026-01-01",
        "insights": [{"insight": ledger["a"].pk, "weight": "0"}, {"insight": ledger["b"].pk, "weight": "1"}],
    }
    response = api_as(org.lead).post("/api/improvements/", body, format="json")
    assert response.status_code == 400
    assert response.json()["insights"][0].startswith("Row 1: weight:"), response.json()


def test_balances_name_a_bad_year_or_quarter(ledger):
    client = api_as(ledger["org"].lead)
    assert "year" in client.get("/api/ledger/balances/").json()
    assert "year" in client.get("/api/ledger/balances/?year=20x6").json()
    response = client.get("/api/ledger/balances/?year=2026&quarter=5")
    assert response.status_code == 400 and "quarter" in response.json()


def _post(ledger, key: str, amount: str, day: dt.date):
    outcome, _ = outcome_record(
        user=ledger["org"].lead,
        improvement=ledger["improvement"],
        kind="new_revenue",
        amount=Decimal(amount),
        period_start=day.replace(day=1),
        period_end=day,
        method="Invoices",
        idempotency_key=key,
    )
    return outcome.transactions.get(kind="posting")


def test_the_page_and_the_api_list_the_same_transactions_for_conditions_on_one_entry(ledger):
    """`insight` and `account=value_realised:...` hold for different entries of each posting (the value
    realised line names no insight), so neither the page nor the API lists any posting for both."""
    org, a = ledger["org"], ledger["a"]
    february = _post(ledger, "f", "100.00", dt.date(2026, 2, 28))
    march = _post(ledger, "m", "50.00", dt.date(2026, 3, 31))
    assert LedgerEntry.objects.filter(transaction=february, insight=a).exists()
    page, api = Client(), api_as(org.lead)
    page.force_login(org.lead)

    def both(query: str) -> set[int]:
        listed = {t["id"] for t in page.get(f"/ledger/transactions/?{query}").context["lines"]}
        served = {t["id"] for t in api.get(f"/api/ledger/transactions/?{query}").json()["results"]}
        assert listed == served, query
        return listed

    assert both(f"insight={a.pk}&account=value_realised:new_revenue") == set()
    assert both(f"insight={a.pk}&account=center:unsecured") == {february.pk, march.pk}
    assert both(f"insight={a.pk}&account=center&start=2026-03-01") == {march.pk}
    assert both("account=value_realised:new_revenue&month=2026-02-01") == {february.pk}


def test_the_page_and_the_api_refuse_a_bad_date_naming_it(ledger):
    page = Client()
    page.force_login(ledger["org"].lead)
    assert page.get("/ledger/transactions/?start=yesterday").status_code == 400
    response = api_as(ledger["org"].lead).get("/api/ledger/transactions/?start=yesterday")
    assert response.status_code == 400 and "start" in response.json()


def test_the_ledger_page_defaults_to_this_year_and_refuses_a_bad_one(ledger):
    page = Client()
    page.force_login(ledger["org"].lead)
    assert page.get("/ledger/").context["period"].label == str(dt.date.today().year)
    bad = page.get("/ledger/?year=26")
    assert bad.status_code == 400 and "year" in bad.content.decode()
