"""GET/POST /api/center-costs/: the lead records a month's cost; readers list them; bad input is a 400 naming it."""

import pytest

pytestmark = pytest.mark.django_db


def test_lead_posts_a_month_then_replaces_it_and_executives_read_the_list(org, api_as, settings):
    lead = api_as(org.lead)
    first = lead.post("/api/center-costs/", {"month": "2026-10", "amount": "48000.00", "note": "staff"}, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["month"] == "2026-10" and first.json()["amount"] == "48000.00"
    second = lead.post("/api/center-costs/", {"month": "2026-10", "amount": "50000"}, format="json")
    assert second.status_code == 200
    listed = api_as(org.executive).get("/api/center-costs/").json()
    assert [(c["month"], c["amount"], c["currency"]) for c in listed] == [("2026-10", "50000.00", settings.CURRENCY)]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"month": "2026-13", "amount": "1"}, "month"),
        ({"month": "Oct 2026", "amount": "1"}, "month"),
        ({"amount": "1"}, "month"),
        ({"month": "2026-10", "amount": "1_000"}, "amount"),
        ({"month": "2026-10", "amount": "0"}, "amount"),
        ({"month": "2026-10", "amount": 12.5}, "amount"),
        ({"month": "2999-01", "amount": "1"}, "month"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(org, api_as, body, field):
    response = api_as(org.lead).post("/api/center-costs/", body, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()


def test_executives_may_read_but_not_record_and_departments_may_do_neither(org, api_as):
    body = {"month": "2026-10", "amount": "1.00"}
    assert api_as(org.executive).post("/api/center-costs/", body, format="json").status_code == 403
    assert api_as(org.marketing_member).get("/api/center-costs/").status_code == 403
    assert api_as(org.marketing_member).post("/api/center-costs/", body, format="json").status_code == 403
