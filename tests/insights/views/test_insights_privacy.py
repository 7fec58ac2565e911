"""Issue 17's "done when": an insight typed with a phone number and an insult stores [PHONE] and shows the insult
masked to a department — on its page, over the API and in what is e-mailed and posted to the department."""

from decimal import Decimal

from django.test import Client

from core.models import OutboxEvent
from insights.models import Insight
from insights.services.insights import insight_publish
from tests.insights.factories import ContactFactory


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _typed_and_published(org) -> Insight:
    contact = ContactFactory(evidence=True, text="Your billing is shit", profane=True)
    response = _client(org.analyst).post(
        "/insights/new/",
        {
            "title": "Billing makes customers swear",
            "summary": "One said: call me on 020 7946 0958, this is fucking useless.",
            "customer_voice": "Ring 07700 900123, you stupid idiots\nFix this shit",
            "category": "customer_experience",
            "estimated_value": "1000",
            "value_assumptions": "100 accounts x 10",
            "departments": ["marketing"],
            "evidence": [str(contact.pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    insight = Insight.objects.get()
    insight_publish(insight=insight, publisher=org.lead)
    return insight


def test_the_insight_stores_phone_marks_and_the_insult_as_typed(org):
    insight = _typed_and_published(org)
    assert insight.summary == "One said: call me on [PHONE], this is fucking useless."
    assert insight.customer_voice == ["Ring [PHONE], you stupid idiots", "Fix this shit"]
    assert insight.estimated_value == Decimal("1000")


def test_a_department_reads_the_insult_masked_and_the_center_reads_it_as_stored(org, api_as):
    insight = _typed_and_published(org)
    page = _client(org.marketing_member).get(f"/insights/{insight.pk}/").content.decode()
    assert "f****** useless" in page and "s***** idiots" in page and "Fix this s***" in page
    assert "Your billing is s***" in page  # the evidence excerpt too
    assert "fucking" not in page and "shit" not in page
    assert "[PHONE]" in page and "7946" not in page
    body = api_as(org.marketing_member).get(f"/api/insights/{insight.pk}/").json()
    assert body["customer_voice"] == ["Ring [PHONE], you s***** idiots", "Fix this s***"]
    assert "f******" in body["summary"] and body["evidence"][0]["text"] == "Your billing is s***"
    center = _client(org.analyst).get(f"/insights/{insight.pk}/").content.decode()
    assert "fucking useless" in center


def test_the_departments_mail_and_webhooks_carry_the_masked_text(org):
    insight = _typed_and_published(org)
    event = OutboxEvent.objects.get(kind="insight.published", insight=insight)
    assert event.payload["summary"] == "One said: call me on [PHONE], this is f****** useless."


def test_the_evidence_statistics_count_angry_customers(org):
    angry = [ContactFactory(evidence=True, profane=True) for _ in range(1)]
    calm = [ContactFactory(evidence=True) for _ in range(3)]
    from insights.services.insights import insight_create

    insight = insight_create(author=org.analyst, title="Angry billing", evidence=[*angry, *calm])
    assert insight.statistics["angry_count"] == 1
    assert insight.statistics["angry_share"] == "0.2500"
    assert insight.statistics["angry_share_baseline"] == "0.2500"
    page = _client(org.analyst).get(f"/insights/{insight.pk}/").content.decode()
    assert "angry customers in the evidence" in page
