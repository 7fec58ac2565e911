"""Publishing freezes a revision (canonical JSON, SHA-256) and records the outbox event in the same transaction."""

import hashlib
import json

import pytest

from core.models import OutboxEvent
from insights.models import Insight, InsightRevision, InsightStatus
from insights.services.insights import insight_publish, insight_update
from tests.insights.factories import ContactFactory, InsightFactory


def test_publish_freezes_canonical_json_and_its_sha256(org, draft, api_as):
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/")
    assert response.status_code == 200, response.json()
    revision = InsightRevision.objects.get(insight=draft)
    assert response.json()["revision"] == 1
    assert response.json()["content_hash"] == revision.content_hash
    expected = json.dumps(revision.content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert revision.canonical_json == expected
    assert revision.content_hash == hashlib.sha256(expected.encode("utf-8")).hexdigest()
    assert revision.content["title"] == draft.title
    assert [e["contact_id"] for e in revision.content["evidence"]] == sorted(
        draft.evidence.values_list("contact_id", flat=True)
    )
    assert set(revision.departments.values_list("slug", flat=True)) == {"marketing", "sales"}
    draft.refresh_from_db()
    assert draft.status == InsightStatus.PUBLISHED
    assert draft.current_revision == revision
    assert not draft.has_unpublished_changes


def test_publish_writes_the_outbox_event_with_what_signoffs_need(org, draft):
    revision = insight_publish(insight=draft, publisher=org.lead)
    event = OutboxEvent.objects.get()
    assert event.kind == "insight.published"
    assert event.revision == revision
    payload = event.payload
    assert payload["insight_id"] == draft.pk
    assert payload["revision_id"] == revision.pk
    assert payload["revision_number"] == 1
    assert payload["content_hash"] == revision.content_hash
    assert payload["previous_revision_id"] is None
    assert sorted(payload["department_ids"]) == sorted([org.marketing.pk, org.sales.pk])
    assert sorted(payload["department_slugs"]) == ["marketing", "sales"]


def test_editing_a_published_insight_starts_a_draft_and_republishing_makes_revision_two(org, draft):
    first = insight_publish(insight=draft, publisher=org.lead)
    insight_update(insight=draft, editor=org.analyst, title="Double charges after a plan change")
    draft.refresh_from_db()
    assert draft.status == InsightStatus.PUBLISHED
    assert draft.has_unpublished_changes
    second = insight_publish(insight=draft, publisher=org.lead)
    assert second.number == 2
    assert second.content_hash != first.content_hash
    first.refresh_from_db()
    assert first.title != second.title  # the first revision kept its own text
    event = OutboxEvent.objects.filter(kind="insight.published").latest("id")
    assert event.payload["previous_revision_id"] == first.pk
    assert event.payload["revision_number"] == 2


def test_publishing_an_unchanged_insight_again_returns_the_same_revision(org, draft):
    first = insight_publish(insight=draft, publisher=org.lead)
    again = insight_publish(insight=draft, publisher=org.lead)
    assert again.pk == first.pk
    assert OutboxEvent.objects.count() == 1


def test_non_lead_publishing_is_refused_with_403(org, draft, api_as):
    for user in (org.analyst, org.marketing_signatory, org.executive):
        response = api_as(user).post(f"/api/insights/{draft.pk}/publish/")
        assert response.status_code in (403, 404), user
        assert not InsightRevision.objects.exists()
    assert api_as(org.analyst).post(f"/api/insights/{draft.pk}/publish/").status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"evidence": []}, "evidence"),
        ({"departments": []}, "departments"),
        ({"category": ""}, "category"),
        ({"estimated_value": None}, "estimated_value"),
        ({"value_assumptions": ""}, "value_assumptions"),
    ],
)
def test_publishing_an_incomplete_insight_is_400_naming_the_field_and_writes_nothing(org, draft, api_as, change, field):
    insight_update(insight=draft, editor=org.analyst, **change)
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/")
    assert response.status_code == 400
    assert field in response.json()
    assert not InsightRevision.objects.exists()
    assert not OutboxEvent.objects.exists()
    assert Insight.objects.get(pk=draft.pk).status == InsightStatus.DRAFT


def test_a_value_stored_in_another_currency_cannot_be_published(org, draft, api_as):
    Insight.objects.filter(pk=draft.pk).update(currency="EUR")
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "currency" in response.json()
    assert not InsightRevision.objects.exists()


def _body(org, contacts, **overrides):
    body = {
        "title": "Customers cancel after the second price rise",
        "summary": "Many customers say the *second* rise was the last straw.",
        "category": "customer_experience",
        "estimated_value": "250000.00",
        "value_assumptions": "1,000 cancellations × 250 average annual revenue.",
        "departments": ["marketing"],
        "evidence": [{"contact": c.pk, "note": "says so plainly"} for c in contacts],
    }
    body.update(overrides)
    return body


def test_create_draft_through_the_api(org, contacts, api_as):
    response = api_as(org.analyst).post("/api/insights/", _body(org, contacts), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["evidence_count"] == 3
    assert data["statistics"]["evidence_count"] == 3
    assert data["statistics"]["account_value_total"] == "3600.00"
    assert [d["slug"] for d in data["departments"]] == ["marketing"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"estimated_value": "-5"}, "estimated_value"),
        ({"estimated_value": "lots"}, "estimated_value"),
        ({"currency": "EUR"}, "currency"),
        ({"evidence": [{"contact": 999999, "note": "ghost"}]}, "evidence"),
        ({"departments": ["contact-center"]}, "departments"),
        ({"departments": ["no-such-department"]}, "departments"),
        ({"category": "world_domination"}, "category"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_400_naming_the_field_and_nothing_is_written(org, contacts, api_as, overrides, field):
    response = api_as(org.analyst).post("/api/insights/", _body(org, contacts, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Insight.objects.exists()


def test_routing_to_the_contact_center_is_refused_on_edit_too(org, draft, api_as):
    response = api_as(org.analyst).patch(
        f"/api/insights/{draft.pk}/", {"departments": ["contact-center"]}, format="json"
    )
    assert response.status_code == 400
    assert "departments" in response.json()
    assert set(draft.departments.values_list("slug", flat=True)) == {"marketing", "sales"}


def test_patch_changes_only_the_fields_given_and_recomputes_statistics(org, draft, api_as):
    extra = ContactFactory(evidence=True, account_value=None, customer_ref="")
    evidence = [{"contact": c, "note": ""} for c in draft.evidence.values_list("contact_id", flat=True)]
    response = api_as(org.analyst).patch(
        f"/api/insights/{draft.pk}/", {"evidence": [*evidence, {"contact": extra.pk, "note": "new"}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["title"] == draft.title
    assert data["statistics"]["evidence_count"] == 4


def test_withdraw_is_for_leads_and_records_an_event(org, draft, api_as):
    insight_publish(insight=draft, publisher=org.lead)
    assert api_as(org.analyst).post(f"/api/insights/{draft.pk}/withdraw/").status_code == 403
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/withdraw/", {"reason": "Fixed already"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    event = OutboxEvent.objects.get(kind="insight.withdrawn")
    assert event.payload["reason"] == "Fixed already"
    assert api_as(org.analyst).patch(f"/api/insights/{draft.pk}/", {"title": "x"}, format="json").status_code == 400


def test_withdrawing_a_draft_is_refused(org, draft, api_as):
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/withdraw/")
    assert response.status_code == 400
    assert "status" in response.json()


def test_revisions_endpoint_lists_frozen_copies_newest_first(org, draft, api_as):
    insight_publish(insight=draft, publisher=org.lead)
    insight_update(insight=draft, editor=org.analyst, summary="Now with more detail.")
    insight_publish(insight=draft, publisher=org.lead)
    response = api_as(org.marketing_member).get(f"/api/insights/{draft.pk}/revisions/")
    assert response.status_code == 200
    assert [r["number"] for r in response.json()] == [2, 1]
    assert all(len(r["content_hash"]) == 64 for r in response.json())


def test_statistics_compare_evidence_with_the_window_and_the_previous_one(org, api_as):
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from insights.services.insights import insight_statistics_compute

    noon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    evidence = [
        ContactFactory(evidence=True, started_at=noon, csat=1, sentiment=Decimal("-0.800"), customer_ref="a"),
        ContactFactory(evidence=True, started_at=noon, csat=2, sentiment=Decimal("-0.600"), customer_ref="a"),
    ]
    ContactFactory(evidence=True, started_at=noon, reason_code="billing-dispute", csat=3, customer_ref="b")
    ContactFactory.create_batch(
        5, evidence=True, started_at=noon, reason_code="other", csat=5, sentiment=Decimal("0.500")
    )
    ContactFactory(evidence=True, started_at=noon - timedelta(days=1), reason_code="billing-dispute")
    stats = insight_statistics_compute(contact_ids=[c.pk for c in evidence])
    assert stats["evidence_count"] == 2
    assert stats["matching_count"] == 3
    assert stats["window_volume"] == 8
    assert stats["share_of_volume"] == "0.3750"
    assert stats["csat_average"] == "1.50"
    assert stats["csat_baseline"] == str((Decimal(1 + 2 + 3 + 25) / 8).quantize(Decimal("0.01")))
    assert stats["previous_window_count"] == 1
    assert stats["trend"] == "rising"
    assert stats["customers"] == 1  # both contacts are customer "a": their account is counted once
    assert stats["account_value_total"] == "1200.00"


def test_factory_insight_is_publishable(org):
    insight = InsightFactory(
        created_by=org.analyst,
        departments=[org.sales],
        evidence=[ContactFactory(evidence=True)],
        summary="Plain words.",
    )
    assert insight_publish(insight=insight, publisher=org.lead).number == 1
