"""Outcome pages: posting and reversing are confirmed on a page that says what will happen (no JavaScript),
forecasts are recorded off the ledger, and the lead closes and reopens accounting months."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from attribution.models import AccountingPeriod, LedgerTransaction, Outcome
from attribution.services.ledger import outcome_record


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fields(ledger, **change) -> dict:
    return {
        "improvement": ledger["improvement"].pk,
        "kind": "cost_saved",
        "amount": "75.50",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "method": "Invoices",
        "idempotency_key": "page-1",
        **change,
    }


def test_posting_an_outcome_is_confirmed_first_and_the_page_says_what_it_posts(ledger):
    client = client_for(ledger["org"].lead)
    confirm = client.post("/outcomes/new/", fields(ledger))
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "Post this outcome to the ledger?" in page
    assert "Posts $75.50 of cost saved from “Simpler checkout” to the ledger, dated 31 Mar 2026" in page
    assert "The contact center is credited" in page and "Marketing&#x27;s share is" in page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert Outcome.objects.count() == 0 and LedgerTransaction.objects.count() == 0
    posted = client.post("/outcomes/new/", {**fields(ledger), "confirmed": "yes"})
    assert posted.status_code == 302 and "/ledger/transactions/" in posted["Location"]
    assert Outcome.objects.get().transactions.get().entries.count() == 5


def test_an_outcome_whose_period_has_not_ended_is_refused_on_the_form(ledger):
    end = timezone.localdate() + dt.timedelta(days=1)
    response = client_for(ledger["org"].lead).post(
        "/outcomes/new/", fields(ledger, period_start=end.replace(day=1).isoformat(), period_end=end.isoformat())
    )
    assert response.status_code == 400
    assert "credited once realised" in response.context["form"].errors["period_end"][0]
    assert Outcome.objects.count() == 0


def test_a_forecast_from_the_page_is_kept_off_the_ledger(ledger):
    end = timezone.localdate() + dt.timedelta(days=1)
    body = fields(ledger, period_start=end.replace(day=1).isoformat(), period_end=end.isoformat(), forecast="on")
    client = client_for(ledger["org"].lead)
    confirm = client.post("/outcomes/new/", body)
    assert confirm.status_code == 200 and "Nothing is credited" in confirm.content.decode()
    done = client.post("/outcomes/new/", {**body, "confirmed": "yes"})
    outcome = Outcome.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/outcomes/{outcome.pk}/"
    assert outcome.forecast and not LedgerTransaction.objects.exists()
    page = client.get(done["Location"]).content.decode()
    assert "Expected value, not credited" in page and "Reverse this outcome" not in page
    ledger_page = client.get(f"/ledger/?year={end.year}").content.decode()
    assert "Expected, not credited: $75.50" in ledger_page


def posted(ledger) -> Outcome:
    outcome, _ = outcome_record(
        user=ledger["org"].lead,
        improvement=ledger["improvement"],
        kind="new_revenue",
        amount=Decimal("1000.00"),
        period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 2, 28),
        method="A/B test",
        idempotency_key="rev",
    )
    return outcome


def test_reversing_from_the_outcome_page_needs_a_reason_and_a_confirmation(ledger):
    outcome = posted(ledger)
    client = client_for(ledger["org"].lead)
    page = client.get(f"/outcomes/{outcome.pk}/").content.decode()
    assert "Reverse this outcome" in page
    blank = client.post(f"/outcomes/{outcome.pk}/reverse/", {"reason": " "})
    assert blank.status_code == 400 and "Say why the outcome is reversed." in blank.content.decode()
    confirm = client.post(f"/outcomes/{outcome.pk}/reverse/", {"reason": "Counted twice"})
    text = confirm.content.decode()
    assert confirm.status_code == 200 and "Reverse this outcome of $1,000.00?" in text and "Counted twice" in text
    assert not LedgerTransaction.objects.filter(kind="reversal").exists()
    done = client.post(f"/outcomes/{outcome.pk}/reverse/", {"reason": "Counted twice", "confirmed": "yes"})
    assert done.status_code == 302 and done["Location"] == f"/outcomes/{outcome.pk}/"
    reversal = LedgerTransaction.objects.get(kind="reversal")
    assert reversal.memo == "Counted twice" and reversal.effective_on == timezone.localdate()
    after = client.get(done["Location"]).content.decode()
    assert "Reversed" in after and "Reverse this outcome" not in after


def test_department_people_read_the_outcome_but_may_not_reverse_it(ledger):
    outcome = posted(ledger)
    member = client_for(ledger["org"].marketing_member)
    page = member.get(f"/outcomes/{outcome.pk}/")
    assert page.status_code == 200 and "Reverse this outcome" not in page.content.decode()
    refused = member.post(f"/outcomes/{outcome.pk}/reverse/", {"reason": "r", "confirmed": "yes"})
    assert refused.status_code == 403
    assert client_for(ledger["org"].sales_member).get(f"/outcomes/{outcome.pk}/").status_code == 404


def test_lead_closes_and_reopens_a_month_on_the_page(ledger):
    client = client_for(ledger["org"].lead)
    page = client.get("/ledger/periods/")
    assert page.status_code == 200 and "Accounting months" in page.content.decode()
    last = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    closed = client.post("/ledger/periods/", {"month": f"{last:%Y-%m}", "action": "close"})
    assert closed.status_code == 302 and AccountingPeriod.objects.filter(month=last).exists()
    assert f'Reopen<span class="visually-hidden"> {last:%b %Y}' in client.get("/ledger/periods/").content.decode()
    client.post("/ledger/periods/", {"month": f"{last:%Y-%m}", "action": "reopen"})
    assert not AccountingPeriod.objects.exists()
    current = client.post("/ledger/periods/", {"month": timezone.localdate().strftime("%Y-%m"), "action": "close"})
    assert current.status_code == 400 and "has not ended yet" in current.content.decode()


@pytest.mark.parametrize("who", ["analyst", "marketing_signatory", "executive"])
def test_only_the_lead_and_administrators_reach_the_months_page(ledger, who):
    assert client_for(getattr(ledger["org"], who)).get("/ledger/periods/").status_code == 403
