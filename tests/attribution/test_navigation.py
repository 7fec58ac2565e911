"""The navigation shows the education sections to the people who may use them."""

from django.urls import reverse


def test_navigation_shows_the_education_sections(org, client):
    client.force_login(org.executive)
    labels = [s["label"] for s in client.get(reverse("home"), follow=True).context["nav_sections"]]
    assert {"Staffing calculator", "Quiz", "Listen-in"} <= set(labels)
    client.force_login(org.outsider)
    labels = [s["label"] for s in client.get(reverse("home")).context["nav_sections"]]
    assert "Quiz" not in labels
