"""Who sees and does what: center staff draft, leads publish, departments read what is routed to them."""

from decimal import Decimal

from insights.models import Insight
from insights.services.insights import insight_publish, insight_update
from tests.insights.factories import ContactFactory, InsightFactory


def _ids(client) -> set[int]:
    response = client.get("/api/insights/")
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_analysts_and_leads_draft_others_cannot(org, contacts, api_as):
    body = {"title": "A draft", "evidence": [{"contact": contacts[0].pk}]}
    assert api_as(org.analyst).post("/api/insights/", body, format="json").status_code == 201
    assert api_as(org.lead).post("/api/insights/", body, format="json").status_code == 201
    for user in (org.marketing_member, org.marketing_signatory, org.executive, org.admin, org.outsider):
        assert api_as(user).post("/api/insights/", body, format="json").status_code == 403, user
    assert Insight.objects.count() == 2


def test_nobody_outside_the_center_sees_drafts(org, draft, api_as):
    assert _ids(api_as(org.analyst)) == {draft.pk}
    assert _ids(api_as(org.lead)) == {draft.pk}
    for user in (org.marketing_member, org.marketing_signatory, org.executive, org.admin, org.outsider):
        assert _ids(api_as(user)) == set(), user
        assert api_as(user).get(f"/api/insights/{draft.pk}/").status_code == 404


def test_department_members_see_only_published_insights_routed_to_them(org, api_as):
    for_marketing = InsightFactory(
        created_by=org.analyst, departments=[org.marketing], evidence=[ContactFactory(evidence=True)]
    )
    for_sales = InsightFactory(
        created_by=org.analyst, departments=[org.sales], evidence=[ContactFactory(evidence=True)]
    )
    insight_publish(insight=for_marketing, publisher=org.lead)
    insight_publish(insight=for_sales, publisher=org.lead)
    assert _ids(api_as(org.marketing_member)) == {for_marketing.pk}
    assert _ids(api_as(org.sales_signatory)) == {for_sales.pk}
    assert api_as(org.marketing_member).get(f"/api/insights/{for_sales.pk}/").status_code == 404
    assert _ids(api_as(org.executive)) == {for_marketing.pk, for_sales.pk}
    assert _ids(api_as(org.outsider)) == set()
    assert _ids(api_as(org.admin)) == set()


def test_departments_read_the_published_revision_not_the_pending_draft(org, draft, api_as):
    insight_publish(insight=draft, publisher=org.lead)
    insight_update(
        insight=draft,
        editor=org.analyst,
        title="Secret new title",
        estimated_value=Decimal("9.99"),
        departments=["sales"],
    )
    member = api_as(org.marketing_member)
    detail = member.get(f"/api/insights/{draft.pk}/").json()
    assert detail["title"] == draft.title
    assert detail["estimated_value"] == "125000.00"
    assert {d["slug"] for d in detail["departments"]} == {"marketing", "sales"}
    listed = member.get("/api/insights/?q=Secret").json()
    assert listed["count"] == 0
    staff = api_as(org.analyst).get(f"/api/insights/{draft.pk}/").json()
    assert staff["title"] == "Secret new title"
    assert staff["has_unpublished_changes"] is True


def test_withdrawn_insights_disappear_for_departments(org, draft, api_as):
    from insights.services.insights import insight_withdraw

    insight_publish(insight=draft, publisher=org.lead)
    insight_withdraw(insight=draft, lead=org.lead)
    assert _ids(api_as(org.marketing_member)) == set()
    assert _ids(api_as(org.executive)) == set()
    assert _ids(api_as(org.lead)) == {draft.pk}


def test_department_members_cannot_edit_a_routed_insight(org, draft, api_as):
    insight_publish(insight=draft, publisher=org.lead)
    response = api_as(org.marketing_member).patch(f"/api/insights/{draft.pk}/", {"title": "mine"}, format="json")
    assert response.status_code == 403


def test_contact_picker_is_for_center_staff(org, contacts, api_as):
    assert api_as(org.marketing_member).get("/api/contacts/").status_code == 403
    assert api_as(org.analyst).get("/api/contacts/").json()["count"] == 3
