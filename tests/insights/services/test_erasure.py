"""Erasure of one customer's contacts: gone from everywhere they are linked, a record with no personal data, the
ledger and the statistics frozen in published revisions untouched."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from attribution.models import LedgerEntry
from insights.models import Contact, ContactErasure, EmergingIssue, ErasedEvidence, InsightEvidence, InsightRevision
from insights.selectors.erasure import erasures_before
from insights.services.erasure import contacts_erase
from tests.attribution.factories import OutcomeFactory
from tests.insights.factories import ContactFactory, InsightFactory


@pytest.fixture
def published(org):
    """A published insight (with an outcome on the ledger) whose evidence is two of cust-A's contacts and one of
    cust-B's."""
    mine = [ContactFactory(evidence=True, customer_ref="cust-A") for _ in range(2)]
    other = ContactFactory(evidence=True, customer_ref="cust-B")
    insight = InsightFactory(published=True, departments=[org.marketing], evidence=[*mine, other])
    OutcomeFactory(department=org.marketing, insight=insight)
    return insight, mine, other


def _row_text(table: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT row_to_json(t)::text FROM {table} t WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_customers_contacts_and_their_links_go_and_others_stay(org, published):
    insight, mine, other = published
    issue = EmergingIssue.objects.create(
        reason_code="billing-dispute", signal="volume", window_start=mine[0].started_at,
        window_end=mine[0].started_at, observed=3, expected=1, score=2,
    )  # fmt: skip
    issue.sample_contacts.set([*mine, other])
    erasure = contacts_erase(user=org.admin, customer_ref="cust-A")
    assert not Contact.objects.filter(customer_ref="cust-A").exists()
    assert Contact.objects.filter(pk=other.pk).exists()
    assert list(InsightEvidence.objects.filter(insight=insight).values_list("contact_id", flat=True)) == [other.pk]
    assert list(issue.sample_contacts.values_list("pk", flat=True)) == [other.pk]
    assert sorted(ErasedEvidence.objects.values_list("contact_id", flat=True)) == sorted(c.pk for c in mine)
    assert (erasure.contacts_erased, erasure.evidence_links_removed, erasure.emerging_samples_removed) == (2, 2, 2)
    assert erasure.requested_by == org.admin and erasure.requested_via == "api"


def test_the_erasure_record_holds_no_personal_data(org, published):
    erasure = contacts_erase(user=org.admin, customer_ref="cust-A")
    assert "cust-A" not in _row_text("insights_contacterasure", erasure.pk)
    assert len(erasure.customer_ref_digest) == 64


def test_a_repeated_request_is_recognised_by_the_keyed_hash(org, published):
    first = contacts_erase(user=org.admin, customer_ref="cust-A")
    again = contacts_erase(user=org.admin, customer_ref="cust-A")
    assert again.customer_ref_digest == first.customer_ref_digest
    assert (again.contacts_erased, erasures_before(erasure=again), erasures_before(erasure=first)) == (0, 1, 0)
    assert contacts_erase(user=org.admin, customer_ref="cust-B").customer_ref_digest != first.customer_ref_digest


def test_the_frozen_revision_and_the_ledger_are_untouched(org, published):
    insight, mine, _ = published
    revision = InsightRevision.objects.get(pk=insight.current_revision_id)
    frozen = (revision.content, revision.canonical_json, revision.content_hash)
    ledger = list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount", "account"))
    contacts_erase(user=org.admin, customer_ref="cust-A")
    revision.refresh_from_db()
    assert (revision.content, revision.canonical_json, revision.content_hash) == frozen
    assert revision.content["statistics"]["evidence_count"] == 3
    assert list(LedgerEntry.objects.order_by("pk").values_list("pk", "amount", "account")) == ledger
    insight.refresh_from_db()
    assert insight.statistics["evidence_count"] == 1  # the live statistics follow the evidence that is left


@pytest.mark.parametrize("role", ["lead", "analyst", "executive", "member", "outsider"])
def test_only_administrators_erase(org, published, role):
    with pytest.raises(PermissionDenied):
        contacts_erase(user=org.by_role()[role], customer_ref="cust-A")
    assert Contact.objects.filter(customer_ref="cust-A").count() == 2
    assert not ContactErasure.objects.exists()


@pytest.mark.parametrize("ref", ["", "   ", "x" * 121, None])
def test_a_blank_or_overlong_reference_is_refused_naming_the_field(org, ref):
    with pytest.raises(ValidationError) as caught:
        contacts_erase(user=org.admin, customer_ref=ref)
    assert "customer_ref" in caught.value.message_dict
