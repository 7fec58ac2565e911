"""POST /api/recommendations/{id}/decision/: an executive's answer; 400 naming the field; 403 for others."""

import pytest

from attribution.services.recommendations import recommendation_create

pytestmark = pytest.mark.django_db


def _rec(org):
    return recommendation_create(
        user=org.lead, title="A chatbot", investment="systems", category="efficiency", case="…", expected_value="100"
    )


def test_an_executive_declines_with_a_reason_and_the_summary_shows_it(org, api_as):
    rec = _rec(org)
    client = api_as(org.executive)
    response = client.post(f"/api/recommendations/{rec.pk}/decision/", {"answer": "decline", "reason": "Later."})
    assert response.status_code == 201 and response.json()["decided_by"] == org.executive.email
    listed = client.get("/api/exec/summary/").json()["recommendations"]
    assert listed[0]["status"] == "decline" and listed[0]["status_text"].endswith(": Later.")
    again = client.post(f"/api/recommendations/{rec.pk}/decision/", {"answer": "approve"})
    assert again.status_code == 400 and "answer" in again.json()


def test_bad_input_names_the_field_and_others_are_refused(org, api_as):
    rec = _rec(org)
    assert "reason" in api_as(org.executive).post(f"/api/recommendations/{rec.pk}/decision/", {"answer": "more"}).json()
    assert "answer" in api_as(org.executive).post(f"/api/recommendations/{rec.pk}/decision/", {"answer": "ok"}).json()
    assert api_as(org.lead).post(f"/api/recommendations/{rec.pk}/decision/", {"answer": "approve"}).status_code == 403
    assert api_as(org.executive).post("/api/recommendations/99999/decision/", {"answer": "approve"}).status_code == 404
