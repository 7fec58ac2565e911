"""How an outcome's value is split into credit: the standing of each insight's credit for a department, and
the lines of a posting."""

from decimal import Decimal

from accounts.models import Department
from attribution.models import SignoffRecord
from attribution.selectors.agreements import credit_share_applicable
from attribution.selectors.ledger import CENTER_DISPUTED, CENTER_SECURED, CENTER_UNSECURED
from core.money import money_quantize


def insight_credit_states(*, department: Department, insight_ids) -> dict[int, tuple[str, Decimal]]:
    """{insight id: (center account, share)} for the credit the department gives each insight, in two
    queries: a signature on any revision secures it at the signed share; else a decline disputes it at the
    share the department's terms give now; else it is unsecured at that share."""
    ids = set(insight_ids)
    answers = (
        SignoffRecord.objects.filter(
            department=department,
            request__insight_id__in=ids,
            kind__in=[SignoffRecord.Kind.SIGNATURE, SignoffRecord.Kind.DECLINE],
        )
        .order_by("-signed_at", "-id")
        .values_list("request__insight_id", "kind", "credit_share")
    )
    answered = list(answers)
    signed = {insight_id for insight_id, kind, _ in answered if kind == SignoffRecord.Kind.SIGNATURE}
    applicable = credit_share_applicable(department=department) if ids - signed else None
    return credit_states_from(insight_ids=ids, answers=answered, applicable=applicable)


def credit_states_from(*, insight_ids, answers, applicable: Decimal | None) -> dict[int, tuple[str, Decimal]]:
    """The rule of `insight_credit_states` on rows already read: `answers` are (insight id, kind, share), newest
    first; `applicable` is the share the department's terms give now."""
    signed: dict[int, Decimal] = {}
    declined: set[int] = set()
    for insight_id, kind, share in answers:
        if kind == SignoffRecord.Kind.SIGNATURE:
            signed.setdefault(insight_id, share)
        elif kind == SignoffRecord.Kind.DECLINE:
            declined.add(insight_id)
    states = {}
    for insight_id in insight_ids:
        if insight_id in signed:
            states[insight_id] = (CENTER_SECURED, signed[insight_id])
        elif insight_id in declined:
            states[insight_id] = (CENTER_DISPUTED, applicable)
        else:
            states[insight_id] = (CENTER_UNSECURED, applicable)
    return states


def posting_lines(
    *, amount: Decimal, weights: list[tuple[int, str, Decimal]], states: dict[int, tuple[str, Decimal]]
) -> list[tuple[str, int | None, str, Decimal]]:
    """The credit lines of a posting as (account, insight_id, category, amount): per insight a center line
    of A·w·s rounded half-even and a department line so that each insight's lines sum to its rounded
    A·w; the last insight absorbs the rounding so the credits sum to exactly A."""
    lines = []
    allotted = Decimal("0")
    for index, (insight_id, category, weight) in enumerate(weights):
        portion = amount - allotted if index == len(weights) - 1 else money_quantize(amount * weight)
        allotted += portion
        account, share = states[insight_id]
        center = money_quantize(amount * weight * share)
        lines.append((account, insight_id, category, center))
        lines.append(("department", insight_id, category, portion - center))
    return lines
