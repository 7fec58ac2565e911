"""The whole chain through the services: publish → request → outcome posted unsecured → a formal
signature moves that credit to secured, and a decline on another department's insight to disputed."""

from decimal import Decimal

from django.test import Client
from django.utils import timezone

from attribution.models import SignoffRequest
from attribution.selectors.ledger import Period, ledger_balances
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.ledger import improvement_create, outcome_record
from attribution.services.signoffs import signoff_decline, signoff_sign
from insights.services.insights import insight_publish
from tests.insights.factories import ContactFactory, InsightFactory


def _published(org, django_capture_on_commit_callbacks):
    insight = InsightFactory(
        created_by=org.analyst, departments=[org.marketing], evidence=[ContactFactory(evidence=True)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        insight_publish(insight=insight, publisher=org.lead)
    return insight, SignoffRequest.objects.get(insight=insight, department=org.marketing)


def _post(org, insight, amount="1000.00", key="k1"):
    today = timezone.localdate()
    improvement = improvement_create(
        user=org.lead,
        department=org.marketing,
        title="Plan-change billing fixed",
        description="",
        shipped_on=today,
        insights=[(insight, Decimal("1"))],
    )
    outcome_record(
        user=org.lead,
        improvement=improvement,
        kind="retained_revenue",
        amount=Decimal(amount),
        period_start=today.replace(day=1),
        period_end=today,
        method="Churn compared with the quarter before.",
        idempotency_key=key,
    )


def _center(org) -> dict:
    today = timezone.localdate()
    rows = ledger_balances(period=Period.year(today.year), group_by="department")
    row = next(r for r in rows if r["key"] == org.marketing.slug)
    return {k: row[k] for k in ("secured", "unsecured", "disputed", "department")}


def test_a_formal_signature_after_posting_moves_the_credit_to_secured(org, django_capture_on_commit_callbacks):
    insight, request = _published(org, django_capture_on_commit_callbacks)
    _post(org, insight)
    assert _center(org) == {
        "secured": Decimal("0.00"),
        "unsecured": Decimal("200.00"),
        "disputed": Decimal("0.00"),
        "department": Decimal("800.00"),
    }
    terms = credit_agreement_for_signing(department=org.marketing)
    signoff_sign(
        user=org.marketing_signatory,
        request_id=request.pk,
        typed_name=org.marketing_signatory.full_name,
        consent=True,
        content_hash=request.revision.content_hash,
        terms_hash=terms.terms_hash,
        authenticated_at=timezone.now(),
    )
    assert _center(org) == {
        "secured": Decimal("200.00"),
        "unsecured": Decimal("0.00"),
        "disputed": Decimal("0.00"),
        "department": Decimal("800.00"),
    }


def test_a_decline_after_posting_moves_the_credit_to_disputed(org, django_capture_on_commit_callbacks):
    insight, request = _published(org, django_capture_on_commit_callbacks)
    _post(org, insight, amount="500.00", key="k2")
    signoff_decline(user=org.marketing_signatory, request_id=request.pk, reason="We had planned it already.")
    balances = _center(org)
    assert balances["disputed"] == Decimal("100.00")
    assert balances["unsecured"] == Decimal("0.00")


def test_dashboard_counts_improvements_shipped_and_the_value_still_in_the_pipeline(
    org, django_capture_on_commit_callbacks
):
    from attribution.selectors.executive import Pipeline, executive_summary

    acted_on, _ = _published(org, django_capture_on_commit_callbacks)
    waiting, _ = _published(org, django_capture_on_commit_callbacks)
    _post(org, acted_on)
    today = timezone.localdate()
    value = executive_summary(period=Period.year(today.year)).value
    assert value.improvements_shipped == 1
    assert value.pipeline == Pipeline(insights=1, estimated_value=waiting.estimated_value)
    api = Client()
    api.force_login(org.executive)
    body = api.get(f"/api/exec/summary/?year={today.year}").json()
    assert body["value"]["improvements_shipped"] == 1
    assert Decimal(str(body["value"]["pipeline"]["estimated_value"])) == waiting.estimated_value
