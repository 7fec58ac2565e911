"""Demo ledger: per department an improvement built on three published insights (one signed, one
declined, one unanswered) and a year of monthly outcomes, so secured, unsecured, disputed and department
balances are all non-zero and traceable. Builds on the insights and sign-off requests the earlier demo
steps published; answers requests through the sign-off services. Idempotent."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Role
from attribution.models import Improvement, Outcome, SignoffRequest, SignoffStatus
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.costs import center_cost_record
from attribution.services.ledger import improvement_create, outcome_record
from attribution.services.signoffs import signoff_decline, signoff_sign
from insights.models import Insight

SOURCE = "demo-ledger"
KINDS = ["new_revenue", "retained_revenue", "cross_sell", "cost_saved", "cost_avoided"]


WEIGHTS = {1: ["1"], 2: ["0.6", "0.4"], 3: ["0.5", "0.3", "0.2"]}


def _insights_for(department: Department) -> list[Insight]:
    """Up to three published insights routed to the department (the earlier demo steps publish them)."""
    return list(Insight.objects.filter(status="published", departments=department).order_by("id")[:3])


def _answer(insight: Insight, department: Department, kind: str, signer) -> None:
    """Sign or decline the department's open request through the sign-off services (so the hash chain
    holds); a request already answered by the sign-off demo keeps its answer."""
    request = (
        SignoffRequest.objects.filter(insight=insight, department=department, status=SignoffStatus.PENDING)
        .select_related("revision")
        .first()
    )
    if request is None or signer is None:
        return
    if kind == "signature":
        agreement = credit_agreement_for_signing(department=department)
        signoff_sign(
            user=signer,
            request_id=request.pk,
            typed_name=signer.full_name,
            consent=True,
            content_hash=request.revision.content_hash,
            terms_hash=agreement.terms_hash,
            authenticated_at=timezone.now(),  # seeded as signed just after signing in
            ip_address="127.0.0.1",
            user_agent="demo seed",
        )
    else:
        signoff_decline(user=signer, request_id=request.pk, reason="We had planned this change before the report.")


@transaction.atomic
def seed_ledger() -> int:
    """Top up the demo ledger; returns how many outcomes were newly posted."""
    center = Department.objects.filter(is_contact_center=True).first()
    lead = center.memberships.filter(role=Role.LEAD).select_related("user").first().user if center else None
    if lead is None:
        return 0
    today = timezone.localdate()
    posted = 0
    for index, department in enumerate(Department.objects.filter(is_contact_center=False).order_by("slug")):
        signatory = department.memberships.filter(role=Role.SIGNATORY).select_related("user").first()
        signer = signatory.user if signatory else None
        insights = _insights_for(department)
        if not insights:
            continue
        _answer(insights[0], department, "signature", signer)
        if len(insights) > 2:  # keep one unanswered, so every kind of credit shows
            _answer(insights[1], department, "decline", signer)
        improvement = _improvement(
            lead,
            department,
            title=f"{department.name}: changes from the center's findings",
            description="Built on the contact center's insights.",
            shipped_on=today - dt.timedelta(days=380),
            weights=zip(insights, WEIGHTS[len(insights)], strict=True),
        )
        month = today.replace(day=1)
        for back in range(12, 0, -1):
            start = dt.date(month.year - (month.month - back <= 0), (month.month - back - 1) % 12 + 1, 1)
            end = dt.date(start.year + (start.month == 12), start.month % 12 + 1, 1) - dt.timedelta(days=1)
            amount = Decimal(1500 + 250 * index + 137 * back).quantize(Decimal("0.01"))
            _, created = outcome_record(
                user=lead,
                improvement=improvement,
                kind=KINDS[(back + index) % len(KINDS)],
                amount=amount,
                period_start=start,
                period_end=end,
                method="Compared with the same month before the change (demo).",
                idempotency_key=f"{SOURCE}:{department.slug}:{start:%Y-%m}",
            )
            posted += created
        posted += _recent_improvement(lead, department, insights[0], index, today)
    _center_costs(lead, today)
    return posted


def _center_costs(lead, today: dt.date) -> None:
    """What the center cost each month of the demo's 15 (this one included), so /exec/ can set value against cost
    from the first visit. Recording a month again replaces its figure: re-seeding changes nothing."""
    month = today.replace(day=1)
    for back in range(14, -1, -1):
        start = dt.date(month.year - (month.month - back <= 0), (month.month - back - 1) % 12 + 1, 1)
        amount = Decimal(1100 + 15 * (back % 4)).quantize(Decimal("0.01"))
        center_cost_record(user=lead, month=start, amount=amount, note="Demo: agents, systems and premises.")


def _improvement(lead, department: Department, *, title: str, description: str, shipped_on: dt.date, weights):
    """The department's demo improvement of that title, created through the service the first time."""
    improvement = Improvement.objects.filter(department=department, title=title).first()
    if improvement is None:
        improvement = improvement_create(
            user=lead,
            department=department,
            title=title,
            description=description,
            shipped_on=shipped_on,
            insights=[(insight, Decimal(weight)) for insight, weight in weights],
        )
    return improvement


def _recent_improvement(lead, department: Department, insight: Insight, index: int, today: dt.date) -> int:
    """A follow-up shipped three weeks ago (within the current quarter), with its result measured so far, so
    the dashboard's "improvements shipped this period" and the current month carry demo figures too."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    shipped_on = max(quarter_start, today - dt.timedelta(days=21))
    key = f"{SOURCE}:{department.slug}:follow-up"
    # Its period ends yesterday, so a later day's body differs: once recorded, a re-seed leaves it as it is.
    if shipped_on >= today or Outcome.objects.filter(idempotency_key=key).exists():
        return 0
    improvement = _improvement(
        lead,
        department,
        title=f"{department.name}: follow-up to the center's findings",
        description="A second change, shipped this quarter, built on the signed insight.",
        shipped_on=shipped_on,
        weights=[(insight, "1")],
    )
    _, created = outcome_record(
        user=lead,
        improvement=improvement,
        kind=KINDS[index % len(KINDS)],
        amount=Decimal(400 + 90 * index).quantize(Decimal("0.01")),
        period_start=shipped_on,
        period_end=today - dt.timedelta(days=1),
        method="Measured since the change shipped, against the weeks before it (demo).",
        idempotency_key=key,
    )
    return int(created)
