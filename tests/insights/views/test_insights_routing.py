"""The insight form asks, for each department, why it should act on the insight, and keeps the answers."""

from django.test import Client

from insights.models import Insight, InsightRouting
from insights.models.insights import ROUTING_REASON_MAX_LENGTH


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, url, **fields):
    body = {"title": "Customers cancel after the second price rise", "departments": ["marketing"], **fields}
    return client.post(url, body)


def test_the_form_labels_a_reason_per_department_and_shows_the_saved_one_when_editing(org, draft):
    client = _client(org.analyst)
    form = client.get("/insights/new/").content.decode()
    assert '<label for="id_reason_marketing">Why Marketing should act on it</label>' in form
    assert '<label for="id_reason_sales">Why Sales should act on it</label>' in form
    response = _post(client, f"/insights/{draft.pk}/edit/", reason_marketing="Their campaign announced it.")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert dict(InsightRouting.objects.filter(insight=draft).values_list("department__slug", "reason")) == {
        "marketing": "Their campaign announced it."
    }
    assert 'value="Their campaign announced it."' in client.get(f"/insights/{draft.pk}/edit/").content.decode()


def test_a_reason_for_an_unticked_department_or_too_long_is_a_400_on_that_field_writing_nothing(org):
    client = _client(org.analyst)
    response = _post(client, "/insights/new/", reason_sales="Sales sold it.")
    assert response.status_code == 400
    assert "Tick this department above" in response.content.decode()
    response = _post(client, "/insights/new/", reason_marketing="x" * (ROUTING_REASON_MAX_LENGTH + 1))
    assert response.status_code == 400
    assert f"at most {ROUTING_REASON_MAX_LENGTH} characters" in response.content.decode()
    assert not Insight.objects.exists()
