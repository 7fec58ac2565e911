import datetime as dt

import pytest
from django.test import Client

from attribution.models import Recommendation
from tests.attribution.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_lead_writes_recommendation_shown_with_track_record(org):
    OutcomeFactory(department=org.marketing, amount="900.00", day=dt.date.today().replace(day=1), category="efficiency")
    data = {
        "title": "Two more agents on chat",
        "investment": "staff",
        "category": "efficiency",
        "case": "Chat waits cost us.",
        "expected_value": "5000",
    }
    assert _client(org.lead).post("/exec/recommendations/", data).status_code == 302
    html = _client(org.executive).get("/exec/recommendations/").content.decode()
    assert "Two more agents on chat" in html and "$900.00 secured by signed records" in html
    assert "<form" not in html.split('id="main"', 1)[1]  # executives see no edit controls


def test_bad_recommendation_names_the_field_and_writes_nothing(org):
    data = {"title": "x", "investment": "staff", "category": "nope", "expected_value": "-1"}
    html = _client(org.lead).post("/exec/recommendations/", data).content.decode()
    assert "Choose one of the senior-level categories." in html and "positive amount" in html
    assert not Recommendation.objects.exists()
    assert _client(org.marketing_member).post("/exec/recommendations/", data).status_code == 403


def test_a_refused_recommendation_keeps_the_choices_made(org):
    data = {"title": "Chat staff", "investment": "systems", "category": "efficiency", "expected_value": "-1"}
    html = _client(org.lead).post("/exec/recommendations/", data).content.decode()
    assert '<option value="systems" selected>' in html and '<option value="efficiency" selected>' in html
    assert 'value="Chat staff"' in html


def test_an_executive_answers_from_the_executive_view_and_the_lead_sees_the_answer(org):
    from attribution.services.recommendations import recommendation_create

    rec = recommendation_create(
        user=org.lead,
        title="Train on refunds",
        investment="training",
        category="efficiency",
        case="…",
        expected_value="900",
    )
    executive = _client(org.executive)
    dashboard = executive.get("/exec/").content.decode()
    assert "Train on refunds" in dashboard and "Awaiting a decision" in dashboard
    assert f"/exec/recommendations/{rec.pk}/decide/" in dashboard
    refused = executive.post(f"/exec/recommendations/{rec.pk}/decide/", {"answer": "decline", "reason": ""})
    assert refused.status_code == 400 and "Say why it is declined." in refused.content.decode()
    done = executive.post(f"/exec/recommendations/{rec.pk}/decide/", {"answer": "approve", "reason": ""})
    assert done.status_code == 302
    lead_page = _client(org.lead).get("/exec/recommendations/").content.decode()
    assert "Approved: tracked" in lead_page and f"by {org.executive}" in lead_page
    assert "Answer it" not in executive.get("/exec/").content.decode()
    assert _client(org.lead).get(f"/exec/recommendations/{rec.pk}/decide/").status_code == 403
