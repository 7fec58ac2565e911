"""POST /api/contacts/erasures/ and GET /api/contacts/export/: administrators only, 400 naming the field."""

import pytest

from insights.models import Contact, ContactErasure
from tests.insights.factories import ContactFactory


def test_an_administrator_exports_a_customers_contacts_as_json(org, api_as):
    mine = [ContactFactory(evidence=True, customer_ref="cust-A", text="It broke [PHONE]") for _ in range(2)]
    ContactFactory(evidence=True, customer_ref="cust-B")
    response = api_as(org.admin).get("/api/contacts/export/", {"customer_ref": "cust-A"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["customer_ref"] == "cust-A" and body["count"] == 2
    assert sorted(c["id"] for c in body["contacts"]) == sorted(c.pk for c in mine)
    assert body["contacts"][0]["text"] == "It broke [PHONE]"
    assert {"started_at", "channel", "csat", "account_value", "external_id"} <= set(body["contacts"][0])


def test_an_administrator_erases_and_the_answer_counts_what_went(org, api_as):
    ContactFactory(evidence=True, customer_ref="cust-A")
    response = api_as(org.admin).post("/api/contacts/erasures/", {"customer_ref": "cust-A"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["contacts_erased"] == 1 and response.json()["earlier_erasures"] == 0
    assert "cust-A" not in response.content.decode()
    assert not Contact.objects.filter(customer_ref="cust-A").exists()


@pytest.mark.parametrize("role", ["lead", "analyst", "executive", "member"])
def test_nobody_else_erases_or_exports(org, api_as, role):
    ContactFactory(evidence=True, customer_ref="cust-A")
    client = api_as(org.by_role()[role])
    assert client.post("/api/contacts/erasures/", {"customer_ref": "cust-A"}, format="json").status_code == 403
    assert client.get("/api/contacts/export/", {"customer_ref": "cust-A"}).status_code == 403
    assert Contact.objects.filter(customer_ref="cust-A").exists()


@pytest.mark.parametrize("body", [{}, {"customer_ref": ""}, {"customer_ref": "x" * 121}, {"customer_ref": ["a"]}])
def test_bad_erasure_input_is_a_400_naming_the_field(org, api_as, body):
    response = api_as(org.admin).post("/api/contacts/erasures/", body, format="json")
    assert response.status_code == 400 and "customer_ref" in response.json()
    assert not ContactErasure.objects.exists()


@pytest.mark.parametrize("query", [{}, {"customer_ref": " "}, {"customer_ref": "x" * 121}])
def test_bad_export_input_is_a_400_naming_the_field(org, api_as, query):
    response = api_as(org.admin).get("/api/contacts/export/", query)
    assert response.status_code == 400 and "customer_ref" in response.json()


def test_a_departments_api_view_of_the_evidence_withholds_an_erased_contacts_words(org, api_as):
    from insights.services.erasure import contacts_erase
    from tests.insights.factories import InsightFactory

    mine = ContactFactory(evidence=True, customer_ref="cust-A", text="Charged twice, furious")
    other = ContactFactory(evidence=True, customer_ref="cust-B", text="Charged twice too")
    insight = InsightFactory(published=True, departments=[org.marketing], evidence=[mine, other])
    contacts_erase(user=org.admin, customer_ref="cust-A")
    rows = {
        r["contact"]: r for r in api_as(org.marketing_member).get(f"/api/insights/{insight.pk}/").json()["evidence"]
    }
    assert (rows[mine.pk]["text"], rows[mine.pk]["removed_at_customer_request"]) == ("", True)
    assert (rows[other.pk]["text"], rows[other.pk]["removed_at_customer_request"]) == ("Charged twice too", False)
