"""The insight pages: list, detail, the form with its evidence picker, publish and withdraw."""

import pytest
from django.test import Client

from insights.detail_hooks import register_department_state, unregister_department_state
from insights.models import Insight, InsightRevision
from insights.services.insights import insight_publish
from tests.insights.api.test_insights import _bulk_insights
from tests.insights.factories import ContactFactory, InsightFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_navigation_offers_insights_to_readers_only(org):
    assert 'href="/insights/"' in _client(org.marketing_member).get("/", follow=True).content.decode()
    assert 'href="/insights/"' in _client(org.executive).get("/", follow=True).content.decode()
    assert 'href="/insights/"' not in _client(org.outsider).get("/", follow=True).content.decode()
    assert _client(org.outsider).get("/insights/").status_code == 403


def test_list_page_shows_drafts_to_staff_and_only_routed_published_ones_to_members(org, draft):
    other = InsightFactory(created_by=org.analyst, title="Unpublished idea")
    insight_publish(insight=draft, publisher=org.lead)
    staff = _client(org.analyst).get("/insights/").content.decode()
    assert draft.title in staff and other.title in staff
    member = _client(org.marketing_member).get("/insights/").content.decode()
    assert draft.title in member and other.title not in member
    searched = _client(org.analyst).get("/insights/?q=unpublished").content.decode()
    assert other.title in searched and draft.title not in searched


@pytest.mark.parametrize("n", [5, 500])
def test_list_and_detail_pages_keep_a_constant_query_count(org, django_assert_max_num_queries, n):
    _bulk_insights(org, n)
    published = Insight.objects.filter(status="published").first()
    for user in (org.analyst, org.marketing_member):
        client = _client(user)
        client.get("/")  # the session and user lookups are not what is measured
        with django_assert_max_num_queries(12):
            assert client.get("/insights/?ordering=-estimated_value").status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(f"/insights/{published.pk}/").status_code == 200


def test_create_form_links_picked_evidence_and_shows_jargon_warnings(org, contacts):
    client = _client(org.analyst)
    picker = client.get("/insights/new/?reason_code=billing-dispute").content.decode()
    for contact in contacts:
        assert f'value="{contact.pk}"' in picker
    response = client.post(
        "/insights/new/",
        {
            "title": "AHT doubles for double charges",
            "summary": "Customers *hate* it.",
            "category": "customer_experience",
            "estimated_value": "5000",
            "value_assumptions": "Guess.",
            "departments": ["marketing"],
            "evidence": [contacts[0].pk, contacts[1].pk],
            f"note_{contacts[0].pk}": "angry",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    insight = Insight.objects.get()
    assert insight.evidence.get(contact=contacts[0]).note == "angry"
    assert insight.evidence.count() == 2
    detail = client.get(response.url).content.decode()
    assert 'id="jargon-warnings"' in detail
    assert "AHT" in detail


def test_form_errors_name_the_field_and_write_nothing(org, contacts):
    response = _client(org.analyst).post(
        "/insights/new/", {"title": "Route to ourselves", "estimated_value": "-1", "departments": ["marketing"]}
    )
    assert response.status_code == 400
    assert "The amount cannot be negative." in response.content.decode()
    assert not Insight.objects.exists()


def test_lead_publishes_and_withdraws_from_the_page_and_others_cannot(org, draft):
    response = _client(org.analyst).post(f"/insights/{draft.pk}/publish/", follow=True)
    assert "not allowed" in response.content.decode()
    assert not InsightRevision.objects.exists()
    confirm = _client(org.lead).post(f"/insights/{draft.pk}/publish/")
    assert confirm.status_code == 200 and not InsightRevision.objects.exists()
    assert "This e-mails 4 people in Marketing, Sales, and freezes revision 1 of" in confirm.content.decode()
    response = _client(org.lead).post(f"/insights/{draft.pk}/publish/", {"confirmed": "yes"}, follow=True)
    assert "Published revision 1" in response.content.decode()
    response = _client(org.lead).post(f"/insights/{draft.pk}/withdraw/", {"reason": "done"}, follow=True)
    assert "Withdrawn" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "withdrawn"


def test_publish_errors_are_shown_by_field(org):
    bare = InsightFactory(created_by=org.analyst)
    response = _client(org.lead).post(f"/insights/{bare.pk}/publish/", follow=True)
    page = response.content.decode()
    assert "Evidence:" in page and "Departments:" in page
    assert not InsightRevision.objects.exists()


def test_detail_sanitises_the_summary_and_shows_the_frozen_revision_to_departments(org, draft):
    Insight.objects.filter(pk=draft.pk).update(summary="Hello <script>alert(1)</script><img src=x onerror=alert(1)>")
    draft.refresh_from_db()
    revision = insight_publish(insight=draft, publisher=org.lead)
    page = _client(org.marketing_member).get(f"/insights/{draft.pk}/").content.decode()
    assert "<script>alert" not in page and "onerror" not in page
    assert revision.content_hash in page
    assert "/publish/" not in page and "/edit/" not in page


def test_other_apps_add_each_departments_sign_off_state_through_the_hook(org, draft):
    insight_publish(insight=draft, publisher=org.lead)
    register_department_state(
        "tests", lambda insight, revision, departments: {org.marketing.pk: f"Awaiting signature of r{revision.number}"}
    )
    try:
        page = _client(org.lead).get(f"/insights/{draft.pk}/").content.decode()
    finally:
        unregister_department_state("tests")
    assert 'data-department="marketing"><span class="badge">Awaiting signature of r1</span>' in page


def test_editing_a_published_insight_through_the_form_keeps_departments_reading_the_revision(org, draft):
    insight_publish(insight=draft, publisher=org.lead)
    client = _client(org.analyst)
    form = client.get(f"/insights/{draft.pk}/edit/").content.decode()
    assert "starts a new draft revision" in form
    evidence = list(draft.evidence.values_list("contact_id", flat=True))
    response = client.post(
        f"/insights/{draft.pk}/edit/",
        {
            "title": "Edited title",
            "summary": draft.summary,
            "category": draft.category,
            "estimated_value": "1",
            "value_assumptions": "x",
            "departments": ["marketing"],
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    assert "Edited title" not in _client(org.marketing_member).get(f"/insights/{draft.pk}/").content.decode()
    assert "Edited title" in client.get(f"/insights/{draft.pk}/").content.decode()
    ContactFactory(evidence=True)  # picker data does not disturb the page
