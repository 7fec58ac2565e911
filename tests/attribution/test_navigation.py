"""The navigation shows the education sections to the people who may use them."""

from django.urls import reverse


def test_navigation_shows_the_education_sections(org, client):
    client.force_login(org.executive)
    labels = [s["label"] for s in client.get(reverse("home"), follow=True).context["nav_sections"]]
    assert {"Staffing calculator", "Quiz", "Listen-in"} <= set(labels)
    client.force_login(org.outsider)
    labels = [s["label"] for s in client.get(reverse("home")).context["nav_sections"]]
    assert "Quiz" not in labels


def test_every_persona_sees_at_most_seven_top_level_links_and_the_rest_in_a_menu(org, client):
    for user in (org.analyst, org.lead, org.executive, org.admin, org.marketing_signatory, org.marketing_member):
        client.force_login(user)
        context = client.get(reverse("home"), follow=True).context
        shown = len(context["nav_top"]) + (1 if context["nav_more"] else 0)
        assert shown <= 7, (user.email, [s["label"] for s in context["nav_top"]])
        in_menu = [link["label"] for group in context["nav_more"] for link in group["links"]]
        assert sorted([s["label"] for s in context["nav_top"]] + in_menu) == sorted(
            s["label"] for s in context["nav_sections"]
        )


def test_the_more_menu_opens_without_javascript_and_lists_record_an_improvement_for_a_lead(org, client):
    client.force_login(org.lead)
    page = client.get(reverse("home"), follow=True).content.decode()
    assert '<details class="nav-more">' in page
    assert 'href="/improvements/new/"' in page
