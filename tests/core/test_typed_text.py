"""Typed text: services store it redacted, the API says what was removed, a page that saved says it too; and a
property test that no free-text column of any model holds what the detectors find, whatever PII is typed."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.redaction import luhn_valid, personal_data_found
from core.typed_text import redactions_collected, redactions_describe, scrub, scrub_all


def test_scrub_counts_what_it_removes_in_the_current_report():
    with redactions_collected() as counts:
        assert scrub("call 020 7946 0958 or 07700 900123") == "call [PHONE] or [PHONE]"
        assert scrub_all(["x@y.com", "fine"]) == ["[EMAIL]", "fine"]
    assert counts == Counter({"phone": 2, "email": 1})
    assert scrub("x@y.com") == "[EMAIL]"  # outside a report it still redacts


def test_the_description_names_each_kind_in_plain_words():
    assert redactions_describe({"phone": 2}).startswith("2 phone numbers were removed")
    assert redactions_describe({"email": 1}).startswith("1 e-mail address was removed")
    text = redactions_describe({"phone": 1, "iban": 2, "card": 1})
    assert text.startswith("2 bank account numbers (IBAN), 1 payment card number and 1 phone number were removed")
    assert "[IBAN], [CARD], [PHONE]" in text
    assert redactions_describe({}) == ""


def test_an_api_write_answers_with_what_was_removed(org, api_as):
    response = api_as(org.analyst).post(
        "/api/insights/",
        {"title": "Call 020 7946 0958 back", "summary": "mail a@b.com or x@y.org", "customer_voice": ["fine"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["title"] == "Call [PHONE] back"
    assert response.json()["redactions"] == {"phone": 1, "email": 2}
    clean = api_as(org.analyst).post("/api/insights/", {"title": "Nothing personal"}, format="json")
    assert "redactions" not in clean.json()


def test_a_page_that_saved_says_what_was_removed(org):
    client = Client()
    client.force_login(org.analyst)
    response = client.post(
        "/insights/new/",
        {"title": "Billing", "summary": "She gave 4111 1111 1111 1111 and +44 20 7946 0958"},
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 payment card number and 1 phone number were removed" in page
    assert "[CARD]" in page


# --- the property: whatever personal data is typed anywhere, no stored free-text column holds it -------------

# Columns that hold personal data by design (who a person is, where a message goes) or no typed text at all.
NOT_TYPED_TEXT = {
    "accounts.User": {"password", "email", "full_name"},
    "accounts.Department": {"webhook_url", "webhook_secret", "slug"},
    # SHA-256 hex digests: a run of their digits can pass a card check by chance, and nobody types them.
    "attribution.SignoffRecord": {
        "typed_name",
        "user_agent",
        "content_hash",
        "terms_hash",
        "record_hash",
        "previous_hash",
    },
    "attribution.CreditAgreement": {"terms_hash"},
    "attribution.ChainAnchor": {"record_hash"},
    "insights.InsightRevision": {"content_hash"},
    "core.Notification": {"target", "idempotency_key"},
    # The evidence trail and reminders name the colleagues a message went to, as a certificate of completion does.
    "attribution.SignoffEvent": {"detail", "user_agent"},
    "attribution.SignoffReminder": {"recipients"},
}

phones = st.sampled_from(["+44 20 7946 0958", "(415) 555-0100", "415.555.0100", "07700 900123", "0044 20 7946 0958"])
emails = st.from_regex(r"[a-z]{1,8}(\+[a-z]{1,5})?@([a-z]{2,6}\.){1,2}(com|org|co\.uk)", fullmatch=True)
cards = (
    st.text(alphabet="0123456789", min_size=15, max_size=15)
    .map(lambda body: next("4" + body[1:] + d for d in "0123456789" if luhn_valid("4" + body[1:] + d)))
    .flatmap(
        lambda n: st.sampled_from(
            [n, " ".join(n[i : i + 4] for i in range(0, 16, 4)), "-".join(n[i : i + 4] for i in range(0, 16, 4))]
        )
    )
)
national = st.sampled_from(["123-45-6789", "SSN 078051120", "AB 12 34 56 C", "GB82 WEST 1234 5698 7654 32"])
pii = st.lists(st.one_of(phones, emails, cards, national), min_size=1, max_size=3).map(" and ".join)


def _typed(text: str) -> str:
    return f"The customer wrote {text} in the chat"


def _write_everything(org, text: str) -> None:
    """One write through each service that stores text a person typed."""
    from attribution.services.agreements import credit_agreement_create
    from attribution.services.ledger import outcome_record, outcome_reverse
    from attribution.services.recommendations import recommendation_create
    from attribution.services.signoffs import action_commitment_create, action_commitment_set_status
    from education.quiz.figures import SAMPLE_FIGURES
    from education.services.listen_in import listen_in_notes_record, listen_in_schedule
    from education.services.quiz import quiz_game_start
    from insights.services.insights import insight_create, insight_publish, insight_update
    from tests.attribution.factories import ImprovementFactory, SignoffRecordFactory, clock_at, requests_open
    from tests.insights.factories import ContactFactory

    contact = ContactFactory()
    insight = insight_create(
        author=org.analyst,
        title=_typed(text)[:200],
        summary=_typed(text),
        customer_voice=[_typed(text)],
        value_assumptions=_typed(text),
        departments=[org.marketing, org.sales],
        evidence=[{"contact": contact.pk, "note": _typed(text)[:500]}],
        category="financial_growth",
        estimated_value=Decimal("1000"),
    )
    insight_update(insight=insight, editor=org.analyst, summary=_typed(text) + " (edited)")
    insight_publish(insight=insight, publisher=org.lead)
    marketing, sales = sorted(requests_open(insight), key=lambda r: r.department.name)
    SignoffRecordFactory(request=sales, kind="decline", reason=_typed(text), signer=org.sales_signatory)
    SignoffRecordFactory(request=marketing, kind="signature", signer=org.marketing_signatory)
    action = action_commitment_create(
        user=org.marketing_signatory,
        request_id=marketing.pk,
        description=_typed(text),
        owner_id=org.marketing_member.pk,
        due_on=dt.date(2027, 1, 1),
    )
    action_commitment_set_status(
        user=org.marketing_signatory, action_id=action.pk, status="dropped", reason=_typed(text)
    )
    improvement = ImprovementFactory(
        department=org.marketing,
        title=_typed(text)[:200],
        description=_typed(text),
        insights=[(insight, Decimal(1))],
        user=org.lead,
    )
    outcome, _ = outcome_record(
        user=org.lead,
        improvement=improvement,
        kind="new_revenue",
        amount=Decimal("10.00"),
        period_start=improvement.shipped_on,
        period_end=improvement.shipped_on,
        method=_typed(text),
        idempotency_key=f"k-{insight.pk}",
    )
    outcome_reverse(user=org.lead, outcome=outcome, reason=_typed(text))
    recommendation_create(
        user=org.lead,
        title=_typed(text)[:200],
        investment="training",
        category="financial_growth",
        case=_typed(text),
        expected_value=Decimal("5"),
    )
    credit_agreement_create(user=org.lead, department=org.sales, share=Decimal("0.2"), terms=_typed(text))
    quiz_game_start(
        started_by=org.lead,
        title=_typed(text)[:200],
        players=[org.executive],
        question_count=1,
        figures=SAMPLE_FIGURES,
        group_label=_typed(text),
    )
    starts = timezone.now() + dt.timedelta(hours=1)
    session = listen_in_schedule(
        scheduled_by=org.lead, guest=org.executive, starts_at=starts, duration_minutes=30, queue="billing"
    )
    with clock_at(starts + dt.timedelta(minutes=10)):
        listen_in_notes_record(session=session, user=org.executive, notes=_typed(text))


def _stored_personal_data() -> list[tuple[str, str, str, list[str]]]:
    """(model, field, value, kinds) for every stored free-text value the detectors still match."""
    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"core", "accounts", "insights", "attribution", "education"}:
            continue
        skip = NOT_TYPED_TEXT.get(model._meta.label, set())
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField) and f.name not in skip
        ]
        for row in model.objects.values_list(*fields) if fields else []:
            for name, value in zip(fields, row, strict=True):
                text = value if isinstance(value, str) else repr(value)
                if kinds := personal_data_found(text):
                    found.append((model._meta.label, name, text[:120], kinds))
    return found


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=pii)
def test_no_stored_free_text_holds_personal_data_whatever_is_typed(org, text):
    assert personal_data_found(_typed(text)), text  # the generated sample is personal data to begin with
    _write_everything(org, text)
    assert _stored_personal_data() == []
