"""Revision visibility: a department reads only the revisions routed to it; the center and executives read all."""

from insights.services.insights import insight_publish, insight_update
from tests.insights.factories import ContactFactory, InsightFactory


def _numbers(client, insight_id: int) -> list[int]:
    response = client.get(f"/api/insights/{insight_id}/revisions/")
    assert response.status_code == 200
    return [row["number"] for row in response.json()]


def test_an_earlier_revision_routed_only_to_sales_is_hidden_from_marketing(org, api_as):
    insight = InsightFactory(created_by=org.analyst, departments=[org.sales], evidence=[ContactFactory(evidence=True)])
    insight_publish(insight=insight, publisher=org.lead)
    insight_update(insight=insight, editor=org.analyst, departments=["sales", "marketing"])
    insight_publish(insight=insight, publisher=org.lead)
    assert _numbers(api_as(org.marketing_member), insight.pk) == [2]
    assert _numbers(api_as(org.sales_member), insight.pk) == [2, 1]
    for user in (org.lead, org.analyst, org.executive):
        assert _numbers(api_as(user), insight.pk) == [2, 1], user


def test_a_marketing_member_gets_404_for_a_revision_routed_only_to_sales(org, api_as):
    insight = InsightFactory(created_by=org.analyst, departments=[org.sales], evidence=[ContactFactory(evidence=True)])
    insight_publish(insight=insight, publisher=org.lead)
    assert api_as(org.marketing_member).get(f"/api/insights/{insight.pk}/revisions/").status_code == 404
    assert api_as(org.sales_member).get(f"/api/insights/{insight.pk}/revisions/").status_code == 200


def test_the_detail_page_lists_only_the_revisions_routed_to_the_reader(org, client):
    insight = InsightFactory(created_by=org.analyst, departments=[org.sales], evidence=[ContactFactory(evidence=True)])
    first = insight_publish(insight=insight, publisher=org.lead)
    insight_update(insight=insight, editor=org.analyst, departments=["sales", "marketing"])
    second = insight_publish(insight=insight, publisher=org.lead)
    client.force_login(org.marketing_member)
    page = client.get(f"/insights/{insight.pk}/").content.decode()
    assert second.content_hash in page and first.content_hash not in page
    client.force_login(org.executive)
    page = client.get(f"/insights/{insight.pk}/").content.decode()
    assert second.content_hash in page and first.content_hash in page
