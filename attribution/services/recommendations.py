"""Writing a recommendation: only a center lead, with a real category and a positive expected value."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.policy import Action, require
from attribution.models import Recommendation, RecommendationDecision
from core.typed_text import scrub
from insights.models.insights import Category


@transaction.atomic
def recommendation_create(
    *, user, title: str, investment: str, category: str, case: str, expected_value
) -> Recommendation:
    require(user, Action.WRITE_RECOMMENDATION)
    errors: dict = {}
    if not (title or "").strip():
        errors["title"] = ["Give the recommendation a title."]
    if investment not in Recommendation.Investment.values:
        errors["investment"] = ["Choose staff, training or systems."]
    if category not in Category.values:
        errors["category"] = ["Choose one of the senior-level categories."]
    try:
        value = Decimal(str(expected_value)).quantize(Decimal("0.01"))
        if value <= 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["expected_value"] = ["Give the expected value as a positive amount."]
    if errors:
        raise ValidationError(errors)
    return Recommendation.objects.create(
        title=scrub(title.strip()),
        investment=investment,
        category=category,
        case=scrub(case),
        expected_value=value,
        currency=settings.CURRENCY,
        created_by=user,
    )


REASON_MAX_CHARS = 4000


@transaction.atomic
def recommendation_decide(
    *, recommendation: Recommendation, user, answer: str, reason: str = ""
) -> RecommendationDecision:
    """Record an executive's answer (who, when, what, why). Approval and decline are final; asking for more
    leaves the recommendation open for a later answer. Declining and asking for more need a reason."""
    require(user, Action.DECIDE_RECOMMENDATION)
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    final = recommendation.decisions.exclude(answer=RecommendationDecision.Answer.MORE).first()
    if final is not None:
        done = f"{final.get_answer_display().lower()} on {final.decided_at:%d %b %Y}"
        raise ValidationError({"answer": [f"This recommendation was already {done}."]})
    reason = (reason or "").strip()
    errors: dict = {}
    if answer not in RecommendationDecision.Answer.values:
        errors["answer"] = ["Choose approve, decline or ask for more."]
    elif answer != RecommendationDecision.Answer.APPROVE and not reason:
        errors["reason"] = ["Say why it is declined." if answer == "decline" else "Say what more you need to decide."]
    if len(reason) > REASON_MAX_CHARS:
        errors["reason"] = [f"Keep the reason under {REASON_MAX_CHARS} characters."]
    if errors:
        raise ValidationError(errors)
    return RecommendationDecision.objects.create(
        recommendation=recommendation, answer=answer, reason=reason, decided_by=user
    )
