"""Recording an improvement a department shipped, with the published insights it was built on."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Department
from accounts.policy import Action, records_for_another_department, require
from attribution.models import Improvement, ImprovementInsight, validate_weight
from core.typed_text import scrub
from insights.models import Insight


def department_recording_require(*, user, department: Department, field: str = "department") -> None:
    """Department people may write only for their own department: another one is a 400 naming the field;
    someone who may not write at all (an executive) is refused outright (403)."""
    if records_for_another_department(user, department):
        raise ValidationError({field: [f"You may only record for your own department, not {department.name}."]})
    require(user, Action.RECORD_OUTCOME, department)


def _insight_refusal(insight: Insight, department: Department, seen: set[int]) -> str | None:
    if insight.pk in seen:
        return f"“{insight.title}” is named twice."
    if insight.status != "published":
        return f"“{insight.title}” is not published."
    if department.pk not in {d.pk for d in insight.departments.all()}:
        return f"“{insight.title}” was not routed to {department.name}."
    return None


def _weights_check(*, department: Department, insights: Sequence[tuple[Insight, Decimal]]) -> None:
    if not insights:
        raise ValidationError({"insights": ["Name at least one insight the improvement was built on."]})
    # Read each insight's standing now, in one query: the caller's instance may predate a publication.
    current = Insight.objects.prefetch_related("departments").in_bulk([insight.pk for insight, _ in insights])
    seen: set[int] = set()
    for index, (insight, weight) in enumerate(insights):
        try:
            validate_weight(weight)
        except ValidationError as exc:
            raise ValidationError({"insights": [f"Row {index + 1}: {exc.messages[0]}"]}) from None
        refusal = _insight_refusal(current[insight.pk], department, seen)
        if refusal:
            raise ValidationError({"insights": [f"Row {index + 1}: {refusal}"]})
        seen.add(insight.pk)
    total = sum((weight for _, weight in insights), Decimal("0"))
    if total != 1:
        raise ValidationError({"insights": [f"Weights must sum to exactly 1; they sum to {total.normalize():f}."]})


@transaction.atomic
def improvement_create(
    *,
    user,
    department: Department,
    title: str,
    description: str,
    shipped_on: dt.date,
    insights: Sequence[tuple[Insight, Decimal]],
) -> Improvement:
    """Record an improvement the department shipped (on `shipped_on`, not after today), with the published
    insights it was built on and the weight (above 0, at most 1, summing to exactly 1) each is credited with."""
    department_recording_require(user=user, department=department)
    if not title.strip():
        raise ValidationError({"title": ["Give the improvement a title."]})
    today = timezone.localdate()
    if shipped_on > today:
        raise ValidationError(
            {"shipped_on": [f"An improvement is recorded once shipped; {shipped_on:%-d %b %Y} is after today."]}
        )
    _weights_check(department=department, insights=insights)
    improvement = Improvement.objects.create(
        department=department,
        title=scrub(title.strip()),
        description=scrub(description),
        shipped_on=shipped_on,
        created_by=user,
    )
    ImprovementInsight.objects.bulk_create(
        [ImprovementInsight(improvement=improvement, insight=insight, weight=weight) for insight, weight in insights]
    )
    return improvement
