"""insights.services.insights: `estimated_value` is parsed once, at the API or the page; the service gets a Decimal."""

from decimal import Decimal

import pytest
from django.test import Client

from insights.models import Insight
from insights.services import insights as insight_services

REFUSED = ["1_000", "١٠", "12.345", "-1", "1e3", "1,000", "NaN"]


def _body(org, contacts, **overrides) -> dict:
    body = {
        "title": "Customers cancel after the second price rise",
        "category": "customer_experience",
        "estimated_value": "250000.00",
        "value_assumptions": "1,000 cancellations × 250 average annual revenue.",
        "departments": ["marketing"],
        "evidence": [{"contact": c.pk, "note": "says so"} for c in contacts],
    }
    body.update(overrides)
    return body


def _page(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def handed(monkeypatch):
    """What the API and the page hand to the service, recorded on the way through."""
    calls: list[dict] = []

    def spy(real):
        def wrapper(**kwargs):
            calls.append(kwargs)
            return real(**kwargs)

        return wrapper

    for module in ("insights.api.insights", "insights.views.insights"):
        monkeypatch.setattr(f"{module}.insight_create", spy(insight_services.insight_create))
        monkeypatch.setattr(f"{module}.insight_update", spy(insight_services.insight_update))
    return calls


@pytest.mark.parametrize("raw", [*REFUSED, 12.5])
def test_the_api_refuses_an_estimated_value_that_is_not_a_plain_amount(org, contacts, api_as, handed, raw):
    response = api_as(org.analyst).post("/api/insights/", _body(org, contacts, estimated_value=raw), format="json")
    assert response.status_code == 400
    assert "estimated_value" in response.json(), response.json()
    assert not handed
    assert not Insight.objects.exists()


@pytest.mark.parametrize("raw", REFUSED[:5])
def test_the_page_refuses_the_same_values_naming_the_field(org, contacts, handed, raw):
    response = _page(org.analyst).post(
        "/insights/new/", {"title": "A title", "estimated_value": raw, "departments": ["marketing"]}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["estimated_value"]
    assert not handed
    assert not Insight.objects.exists()


def test_the_api_hands_the_service_a_decimal_with_two_places(org, contacts, api_as, handed):
    response = api_as(org.analyst).post("/api/insights/", _body(org, contacts, estimated_value="1200.5"), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["estimated_value"] == "1200.50"
    (call,) = handed
    assert type(call["estimated_value"]) is Decimal
    assert call["estimated_value"] == Decimal("1200.50")


def test_a_patch_hands_the_service_a_decimal_and_null_clears_the_value(org, draft, api_as, handed):
    client = api_as(org.analyst)
    assert client.patch(f"/api/insights/{draft.pk}/", {"estimated_value": "99"}, format="json").status_code == 200
    assert client.patch(f"/api/insights/{draft.pk}/", {"estimated_value": None}, format="json").status_code == 200
    assert [type(c["estimated_value"]) for c in handed] == [Decimal, type(None)]
    draft.refresh_from_db()
    assert draft.estimated_value is None


def test_the_page_hands_the_service_the_same_decimal_as_the_api(org, contacts, handed):
    response = _page(org.analyst).post(
        "/insights/new/", {"title": "A title", "estimated_value": "1200.5", "departments": ["marketing"]}
    )
    assert response.status_code == 302
    (call,) = handed
    assert type(call["estimated_value"]) is Decimal
    assert Insight.objects.get().estimated_value == Decimal("1200.50")


def test_a_blank_value_on_the_page_is_no_value(org, contacts, handed):
    response = _page(org.analyst).post(
        "/insights/new/", {"title": "A title", "estimated_value": "", "departments": ["marketing"]}
    )
    assert response.status_code == 302
    assert handed[0]["estimated_value"] is None


def test_publishing_still_requires_a_value(org, draft, api_as):
    insight_services.insight_update(insight=draft, editor=org.analyst, estimated_value=None)
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/")
    assert response.status_code == 400
    assert "estimated_value" in response.json()
