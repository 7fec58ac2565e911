"""Closing and reopening accounting months through the API, and what a closed month refuses."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from attribution.models import AccountingPeriod, Outcome


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def outcome_body(ledger, key: str) -> dict:
    return {
        "improvement": ledger["improvement"].pk,
        "kind": "new_revenue",
        "amount": "10.00",
        "period_start": "2026-10-01",
        "period_end": "2026-10-31",
        "method": "m",
        "idempotency_key": key,
    }


def test_lead_closes_a_month_postings_into_it_are_refused_then_reopening_lets_them_in(ledger):
    lead = api_as(ledger["org"].lead)
    closed = lead.post("/api/periods/2026-10/close/")
    assert closed.status_code == 200 and closed.json()["closed"] is True, closed.json()
    assert closed.json()["closed_by"] == str(ledger["org"].lead)
    refused = lead.post("/api/outcomes/", outcome_body(ledger, "oct"))
    assert refused.status_code == 400 and "October 2026 is closed" in refused.json()["period_end"][0]
    listed = lead.get("/api/periods/").json()
    assert {"month": "2026-10", "closed": True}.items() <= next(p for p in listed if p["month"] == "2026-10").items()
    reopened = lead.post("/api/periods/2026-10/reopen/")
    assert reopened.status_code == 200 and reopened.json()["closed"] is False
    assert lead.post("/api/outcomes/", outcome_body(ledger, "oct")).status_code == 201


def test_an_administrator_may_close_and_reopen(ledger):
    admin = api_as(ledger["org"].admin)
    assert admin.post("/api/periods/2026-09/close/").status_code == 200
    assert admin.post("/api/periods/2026-09/reopen/").status_code == 200
    assert not AccountingPeriod.objects.exists()


@pytest.mark.parametrize("who", ["analyst", "marketing_signatory", "executive"])
def test_others_may_not_close_or_reopen(ledger, who):
    client = api_as(getattr(ledger["org"], who))
    assert client.post("/api/periods/2026-09/close/").status_code == 403
    assert client.post("/api/periods/2026-09/reopen/").status_code == 403
    assert client.get("/api/periods/").status_code == 403


@pytest.mark.parametrize("month", ["2026-13", "26-10", "2026-1", "２０２６-10", "october"])
def test_a_bad_month_is_400_naming_month(ledger, month):
    response = api_as(ledger["org"].lead).post(f"/api/periods/{month}/close/")
    assert response.status_code == 400 and "month" in response.json(), response.json()


def test_the_current_month_cannot_be_closed_before_it_ends(ledger):
    this_month = timezone.localdate().strftime("%Y-%m")
    response = api_as(ledger["org"].lead).post(f"/api/periods/{this_month}/close/")
    assert response.status_code == 400 and "has not ended" in response.json()["month"][0]


def test_a_reversal_stays_possible_after_the_outcomes_month_is_closed(ledger):
    lead = api_as(ledger["org"].lead)
    created = lead.post("/api/outcomes/", outcome_body(ledger, "rev"))
    assert lead.post("/api/periods/2026-10/close/").status_code == 200
    # Reversals are dated today, and the current month is always open.
    response = lead.post(f"/api/outcomes/{created.json()['id']}/reverse/", {"reason": "Double counted"})
    assert response.status_code == 201, response.json()
    assert response.json()["effective_on"] == timezone.localdate().isoformat()
    assert Outcome.objects.get().transactions.count() == 2


def test_reversal_needs_a_reason(ledger):
    lead = api_as(ledger["org"].lead)
    created = lead.post("/api/outcomes/", outcome_body(ledger, "r"))
    response = lead.post(f"/api/outcomes/{created.json()['id']}/reverse/", {"reason": "  "})
    assert response.status_code == 400 and "reason" in response.json()
    missing = lead.post(f"/api/outcomes/{created.json()['id']}/reverse/", {})
    assert missing.status_code == 400 and "reason" in missing.json()


def test_months_are_listed_newest_first(ledger):
    months = [p["month"] for p in api_as(ledger["org"].lead).get("/api/periods/").json()]
    assert months[0] == timezone.localdate().strftime("%Y-%m") and len(months) == 12
    assert months == sorted(months, reverse=True)
    assert dt.date.fromisoformat(months[-1] + "-01") < timezone.localdate()
