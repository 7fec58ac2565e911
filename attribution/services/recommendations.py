"""Writing a recommendation: only a center lead, with a real category and a positive expected value."""

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.policy import Action, require
from attribution.models import Recommendation
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
