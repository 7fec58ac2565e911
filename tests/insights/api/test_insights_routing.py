"""The insight API takes a reason per routed department beside the plain `departments`, and shows it back."""

import pytest

from insights.models import InsightRouting
from insights.models.insights import ROUTING_REASON_MAX_LENGTH


def _body(contacts, **overrides):
    body = {
        "title": "Customers cancel after the second price rise",
        "category": "customer_experience",
        "estimated_value": "250000.00",
        "value_assumptions": "1,000 cancellations × 250 average annual revenue.",
        "evidence": [{"contact": c.pk, "note": "says so plainly"} for c in contacts],
    }
    body.update(overrides)
    return body


def test_a_draft_is_routed_with_a_reason_per_department_and_shows_it(org, contacts, api_as):
    body = _body(
        contacts,
        departments=["sales"],
        routing=[{"department": "marketing", "reason": "Their campaign announced the rise."}],
    )
    response = api_as(org.analyst).post("/api/insights/", body, format="json")
    assert response.status_code == 201, response.json()
    assert {(r["slug"], r["reason"]) for r in response.json()["routing"]} == {
        ("marketing", "Their campaign announced the rise."),
        ("sales", ""),
    }
    assert {d["slug"] for d in response.json()["departments"]} == {"marketing", "sales"}


def test_patching_departments_alone_keeps_the_reasons(org, draft, api_as):
    client = api_as(org.analyst)
    routed = [{"department": "marketing", "reason": "They promised it."}]
    assert client.patch(f"/api/insights/{draft.pk}/", {"routing": routed}, format="json").status_code == 200
    response = client.patch(f"/api/insights/{draft.pk}/", {"departments": ["marketing", "sales"]}, format="json")
    assert response.status_code == 200, response.json()
    assert {(r["slug"], r["reason"]) for r in response.json()["routing"]} == {
        ("marketing", "They promised it."),
        ("sales", ""),
    }


def test_a_published_insight_shows_the_frozen_reasons_to_the_department(org, draft, api_as):
    routed = [{"department": "marketing", "reason": "They promised it."}, {"department": "sales"}]
    api_as(org.analyst).patch(f"/api/insights/{draft.pk}/", {"routing": routed}, format="json")
    assert api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/").status_code == 200
    detail = api_as(org.marketing_member).get(f"/api/insights/{draft.pk}/").json()
    assert {(r["slug"], r["reason"]) for r in detail["routing"]} == {("marketing", "They promised it."), ("sales", "")}


@pytest.mark.parametrize(
    "routing",
    [
        [{"department": "marketing", "reason": "x" * (ROUTING_REASON_MAX_LENGTH + 1)}],
        [{"department": "nowhere"}],
        [{"reason": "Whom?"}],
        "marketing",
    ],
)
def test_bad_routing_is_a_400_naming_the_field_and_writes_nothing(org, draft, api_as, routing):
    before = list(InsightRouting.objects.filter(insight=draft).values_list("department_id", "reason"))
    response = api_as(org.analyst).patch(f"/api/insights/{draft.pk}/", {"routing": routing}, format="json")
    assert response.status_code == 400
    assert "routing" in response.json()
    assert list(InsightRouting.objects.filter(insight=draft).values_list("department_id", "reason")) == before
