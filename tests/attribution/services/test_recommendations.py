"""recommendation_decide: an executive's answer is recorded with who, when, what and why; approval and decline
are final; asking for more leaves it open."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attribution.models import RecommendationDecision
from attribution.services.recommendations import recommendation_create, recommendation_decide

pytestmark = pytest.mark.django_db


def _recommendation(org):
    return recommendation_create(
        user=org.lead,
        title="Two more agents",
        investment="staff",
        category="efficiency",
        case="…",
        expected_value="5000",
    )


def test_ask_for_more_then_approve_records_both_answers(org):
    rec = _recommendation(org)
    recommendation_decide(recommendation=rec, user=org.executive, answer="more", reason="What does it cost a year?")
    decision = recommendation_decide(recommendation=rec, user=org.executive, answer="approve")
    assert (decision.answer, decision.decided_by, decision.reason) == ("approve", org.executive, "")
    assert list(rec.decisions.values_list("answer", flat=True)) == ["approve", "more"]


@pytest.mark.parametrize(
    ("answer", "reason", "field"), [("decline", "", "reason"), ("more", " ", "reason"), ("x", "", "answer")]
)
def test_a_decline_or_a_request_for_more_needs_a_reason(org, answer, reason, field):
    with pytest.raises(ValidationError) as refused:
        recommendation_decide(recommendation=_recommendation(org), user=org.executive, answer=answer, reason=reason)
    assert field in refused.value.message_dict and not RecommendationDecision.objects.exists()


def test_an_approval_or_a_decline_is_final(org):
    rec = _recommendation(org)
    recommendation_decide(recommendation=rec, user=org.executive, answer="decline", reason="Not this year.")
    with pytest.raises(ValidationError) as refused:
        recommendation_decide(recommendation=rec, user=org.executive, answer="approve")
    assert "already declined" in refused.value.message_dict["answer"][0]


@pytest.mark.parametrize("who", ["lead", "analyst", "marketing_signatory", "admin"])
def test_only_executives_answer(org, who):
    with pytest.raises(PermissionDenied):
        recommendation_decide(recommendation=_recommendation(org), user=getattr(org, who), answer="approve")
