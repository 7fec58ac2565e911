"""education.views.calculator: the staffing calculator page."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.education.education_support import contacts_every


def test_calculator_is_prefilled_from_the_centers_busy_hour_and_answers_the_question(org, client):
    start = (timezone.now() - timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    contacts_every(start=start, minutes=1, count=40, handle=240)
    client.force_login(org.executive)
    response = client.get(reverse("staffing-calculator"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["contacts"].value() == 40 and form["aht_seconds"].value() == 240
    page = response.content.decode()
    assert "<svg" in page and "polyline" in page
    sentence = response.context["result"]["sentence"]
    assert "as the answer target goes up, the time each person spends talking goes down" in sentence


def test_calculator_reports_an_understaffed_team_and_bad_input(org, client):
    client.force_login(org.lead)
    base = {
        "contacts": 100,
        "interval_minutes": 30,
        "aht_seconds": 180,
        "target_percent": 80,
        "target_seconds": 20,
        "shrinkage_percent": 30,
    }
    page = client.get(reverse("staffing-calculator"), {**base, "agents": 8}).content.decode()
    assert "Under-staffed" in page
    response = client.get(reverse("staffing-calculator"), {**base, "contacts": 10_000_000})
    assert response.status_code == 400 and "more than 2,000 agents" in response.context["form"].errors["contacts"][0]


def test_the_calculator_is_not_for_people_without_a_role(org, client):
    client.force_login(org.outsider)
    assert client.get(reverse("staffing-calculator")).status_code == 403
