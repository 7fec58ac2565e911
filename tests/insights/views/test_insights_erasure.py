"""The evidence list of an insight after one customer's contacts were erased."""

from django.test import Client

from insights.services.erasure import contacts_erase
from tests.insights.factories import ContactFactory, InsightFactory


def test_the_evidence_list_says_removed_at_the_customers_request(org):
    mine = ContactFactory(evidence=True, customer_ref="cust-A", text="Charged twice, furious")
    other = ContactFactory(evidence=True, customer_ref="cust-B", text="Charged twice too")
    insight = InsightFactory(published=True, departments=[org.marketing], evidence=[mine, other])
    contacts_erase(user=org.admin, customer_ref="cust-A")
    for user in (org.marketing_member, org.analyst):  # the frozen revision, and the live draft view
        client = Client()
        client.force_login(user)
        page = client.get(f"/insights/{insight.pk}/").content.decode()
        assert "Removed at the customer&#x27;s request." in page or "Removed at the customer's request." in page
        assert "Charged twice, furious" not in page
        assert "Charged twice too" in page
