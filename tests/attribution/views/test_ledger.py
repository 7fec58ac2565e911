"""Ledger pages: balances drill down to transactions, a transaction to its outcome, improvement, insights
and sign-off records; the improvement and outcome forms post through the services."""

import datetime as dt
import re
from decimal import Decimal

from django.test import Client

from attribution.models import LedgerTransaction, Outcome
from attribution.services.ledger import outcome_record
from core import formats
from tests.attribution.factories import SignoffRecordFactory, SignoffRequestFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def improvement_data(client, department: str, weights: dict, **fields) -> dict:
    """What the improvement page posts: its fields, and a weight per insight the page offers (blank if not given)."""
    offered = client.get("/improvements/new/", {"department": department}).context["weights"].insights
    data = {"department": department, "weights-TOTAL_FORMS": len(offered), "weights-INITIAL_FORMS": len(offered)}
    for i, insight in enumerate(offered):
        data[f"weights-{i}-insight"] = insight.pk
        data[f"weights-{i}-weight"] = weights.get(insight.pk, "")
    return {**data, **fields}


def test_drill_down_from_balance_to_transaction_to_its_trail(ledger):
    org = ledger["org"]
    request = SignoffRequestFactory(insight=ledger["a"], department=org.marketing)
    record = SignoffRecordFactory(request=request, kind="signature", signer=org.marketing_signatory)
    outcome, _ = outcome_record(
        user=org.lead,
        improvement=ledger["improvement"],
        kind="new_revenue",
        amount=Decimal("1000.00"),
        period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 2, 28),
        method="A/B test on checkout",
        idempotency_key="page",
    )
    client = client_for(org.executive)
    page = client.get("/ledger/?year=2026&quarter=1&group_by=department").content.decode()
    assert '<th scope="row">Marketing</th>' in page
    link = "/ledger/transactions/?account=center%3Asecured&amp;department=marketing"
    link += "&amp;start=2026-01-01&amp;end=2026-04-01"
    assert link in page
    listing = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Secured credit, 2026-Q1, Marketing" in listing
    txn = outcome.transactions.get()
    assert f"/ledger/transactions/{txn.pk}/" in listing
    detail = client.get(f"/ledger/transactions/{txn.pk}/").content.decode()
    for text in ["A/B test on checkout", "Simpler checkout", ledger["a"].title, ledger["b"].title]:
        assert text in detail
    assert f"/signoffs/records/{record.pk}/" in detail
    for words in [
        "Contact center — secured",
        "Marketing&#x27;s share",
        "Value realised: new revenue",
        "Ledger entries",
    ]:
        assert words in detail
    assert "center:secured" not in detail and "value_realised:" not in detail and "department:" not in detail


def test_forms_post_an_improvement_and_an_outcome(ledger):
    org = ledger["org"]
    client = client_for(org.marketing_member)
    response = client.post(
        "/improvements/new/",
        improvement_data(
            client,
            "marketing",
            {ledger["a"].pk: "0.5", ledger["b"].pk: "0.5"},
            title="Shorter forms",
            shipped_on="2026-03-01",
        ),
    )
    assert response.status_code == 302, response.content.decode()
    improvement_id = response["Location"].split("=")[-1]
    bad = client.post("/outcomes/new/", {"improvement": improvement_id, "kind": "cost_saved", "amount": "-1"})
    assert "amount" in bad.content.decode() and Outcome.objects.count() == 0
    ok = client.post(
        "/outcomes/new/",
        {
            "improvement": improvement_id,
            "kind": "cost_saved",
            "amount": "75.50",
            "period_start": "2026-03-01",
            "period_end": "2026-03-31",
            "method": "Invoices",
            "idempotency_key": "form-1",
            "confirmed": "yes",  # the confirmation page's POST (tests/attribution/views/test_outcomes.py)
        },
    )
    assert ok.status_code == 302
    assert LedgerTransaction.objects.get(outcome__idempotency_key="form-1").entries.count() == 5


def test_navigation_shows_ledger_and_record_an_outcome_to_the_right_people(org):
    lead = client_for(org.lead).get("/ledger/").content.decode()
    assert "Record an outcome" in lead and "Ledger" in lead
    member = client_for(org.marketing_member).get("/outcomes/new/").content.decode()
    assert "Record an outcome" in member
    executive = client_for(org.executive).get("/ledger/").content.decode()
    assert "Ledger" in executive and "Record an outcome" not in executive
    assert client_for(org.outsider).get("/ledger/").status_code == 403


def test_transaction_filters_apply_to_one_entry_and_a_bare_month(org):
    """secured + category + month must all hold for the same entry; `account=center` means any center line."""
    import datetime as dt

    from django.test import Client

    from tests.attribution.factories import OutcomeFactory

    def posted(outcome) -> int:
        return outcome.transactions.get(kind="posting").pk

    secured_growth = posted(OutcomeFactory(department=org.marketing, amount="10.00", day=dt.date(2026, 11, 4)))
    unsecured_growth = posted(
        OutcomeFactory(department=org.marketing, unsecured=True, amount="20.00", day=dt.date(2026, 11, 5))
    )
    secured_efficiency = posted(
        OutcomeFactory(department=org.marketing, amount="30.00", day=dt.date(2026, 10, 5), category="efficiency")
    )
    client = Client()
    client.force_login(org.executive)

    def listed(query: str) -> set[int]:
        response = client.get(f"/ledger/transactions/?{query}")
        assert response.status_code == 200
        return {t["id"] for t in response.context["lines"]}

    assert listed("account=center:secured&category=financial_growth&start=2026-10-01&end=2027-01-01") == {
        secured_growth
    }
    assert listed("account=center&start=2026-11-01") == {secured_growth, unsecured_growth}
    assert listed("account=center&start=2026-10-01&end=2027-01-01") == {
        secured_growth,
        unsecured_growth,
        secured_efficiency,
    }
    assert client.get("/ledger/transactions/?start=yesterday").status_code == 400


def test_every_grouping_names_its_rows_as_a_reader_would_and_drills_down(ledger):
    org = ledger["org"]
    outcome, _ = outcome_record(
        user=org.lead,
        improvement=ledger["improvement"],
        kind="new_revenue",
        amount=Decimal("1000.00"),
        period_start=dt.date(2026, 2, 1),
        period_end=dt.date(2026, 2, 28),
        method="A/B test",
        idempotency_key="groupings",
    )
    txn = outcome.transactions.get()
    client = client_for(org.lead)
    expected = {
        "department": org.marketing.name,
        "insight": ledger["a"].title,
        "category": ledger["a"].get_category_display(),
        "month": "Feb 2026",
        "account": "Contact center — at risk: no signed record",
    }
    for group_by, name in expected.items():
        response = client.get(f"/ledger/?year=2026&quarter=1&group_by={group_by}")
        assert response.status_code == 200, group_by
        page = response.content.decode()
        assert f'<th scope="row">{name}</th>' in page, group_by
        links = re.findall(r'<a href="(/ledger/transactions/\?[^"]+)" data-amount="([^"]+)">([^<]+)</a>', page)
        assert links, group_by
        for link, amount, figure in links:
            assert figure == formats.money(amount), (group_by, link)
            listing = client.get(link.replace("&amp;", "&")).content.decode()
            total = re.search(r'id="drilldown-total" data-amount="([^"]+)">([^<]+)<', listing).groups()
            assert total == (amount, figure), (group_by, link)
            if Decimal(amount):
                assert f"/ledger/transactions/{txn.pk}/" in listing, (group_by, link)


def test_a_refused_improvement_re_renders_with_the_reason_beside_its_field_and_400(ledger):
    org = ledger["org"]
    client = client_for(org.marketing_member)
    response = client.post(
        "/improvements/new/",
        improvement_data(client, "marketing", {ledger["a"].pk: "1"}, title="", shipped_on="2026-03-01"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_title_error"><li>Give the improvement a title.</li></ul>' in page
    assert 'aria-describedby="id_title_error"' in page


def test_after_an_error_the_improvement_page_keeps_the_department_and_every_weight(ledger):
    org = ledger["org"]
    client = client_for(org.lead)
    data = improvement_data(
        client, "marketing", {ledger["a"].pk: "0.7", ledger["b"].pk: "0.2"}, title="Half done", shipped_on="2026-03-01"
    )
    page = client.post("/improvements/new/", data).content.decode()
    assert "Weights must sum to exactly 1; they sum to 0.9." in page
    assert '<input type="hidden" name="department" value="marketing"' in page
    assert 'value="Half done"' in page and 'value="2026-03-01"' in page
    assert 'value="0.7"' in page and 'value="0.2"' in page


def test_the_improvement_page_offers_only_insights_routed_to_the_chosen_department(ledger):
    org = ledger["org"]
    client = client_for(org.lead)
    assert client.get("/improvements/new/").context["weights"].insights == []
    offered = client.get("/improvements/new/", {"department": "marketing"}).context["weights"].insights
    assert offered and all(org.marketing in insight.departments.all() for insight in offered)


def test_a_reused_outcome_key_is_refused_on_the_form_with_400(ledger):
    org = ledger["org"]
    fields = {
        "improvement": ledger["improvement"].pk,
        "kind": "cost_saved",
        "amount": "75.50",
        "period_start": "2026-03-01",
        "period_end": "2026-03-31",
        "method": "Invoices",
        "idempotency_key": "form-reuse",
    }
    client = client_for(org.lead)
    assert client.post("/outcomes/new/", {**fields, "confirmed": "yes"}).status_code == 302
    response = client.post("/outcomes/new/", {**fields, "amount": "80.00"})
    assert response.status_code == 400
    assert response.context["form"].errors["idempotency_key"]
    assert Outcome.objects.filter(idempotency_key="form-reuse").count() == 1


def test_an_unreadable_period_is_the_sites_400_page(org):
    response = client_for(org.executive).get("/ledger/?year=3000")
    assert response.status_code == 400
    assert "Give a year" in response.content.decode()
