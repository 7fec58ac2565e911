"""Demo ledger: per department an improvement built on three published insights (one signed, one
declined, one unanswered) and a year of monthly outcomes, so secured, unsecured, disputed and department
balances are all non-zero and traceable. Uses what earlier demo steps created; otherwise makes the
minimum itself (titles start with "demo-ledger"). Idempotent."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Department, Role
from attribution.models import CreditAgreement, Improvement, SignoffRecord, SignoffRequest
from attribution.selectors.agreements import credit_agreement_current
from attribution.services.ledger import improvement_create, outcome_record
from insights.models import Insight, InsightRevision

SOURCE = "demo-ledger"
KINDS = ["new_revenue", "retained_revenue", "cross_sell", "cost_saved", "cost_avoided"]
CATEGORIES = ["financial_growth", "efficiency", "risk_avoidance"]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _insights_for(department: Department, author) -> list[Insight]:
    found = list(Insight.objects.filter(status="published", departments=department).order_by("id")[:3])
    for n in range(len(found), 3):
        insight = Insight.objects.create(
            title=f"{SOURCE}: {department.name} finding {n + 1}",
            summary="Seeded for the ledger demo.",
            category=CATEGORIES[n],
            status="published",
            has_unpublished_changes=False,
            created_by=author,
            published_at=timezone.now(),
        )
        insight.departments.add(department)
        found.append(insight)
    return found


def _record(insight: Insight, department: Department, kind: str, signer, author) -> None:
    if SignoffRecord.objects.filter(request__insight=insight, department=department).exists():
        return
    revision = insight.revisions.order_by("-number").first()
    if revision is None:
        canonical = f'{{"title":"{insight.title}"}}'
        revision = InsightRevision.objects.create(
            insight=insight,
            number=1,
            content={"title": insight.title},
            canonical_json=canonical,
            content_hash=_sha(canonical),
            published_by=author,
        )
    request, _ = SignoffRequest.objects.get_or_create(
        revision=revision,
        department=department,
        defaults={"insight": insight, "due_on": timezone.localdate() + dt.timedelta(days=14)},
    )
    agreement = credit_agreement_current(department=department) or CreditAgreement.objects.create(
        version=1, terms=f"{SOURCE} default terms", terms_hash=_sha(f"{SOURCE} terms"), share=Decimal("0.2")
    )
    last = SignoffRecord.objects.order_by("-sequence").first()
    sequence = (SignoffRecord.objects.aggregate(m=Max("sequence"))["m"] or 0) + 1
    previous = last.record_hash if last else "0" * 64
    SignoffRecord.objects.create(
        kind=kind,
        request=request,
        revision=revision,
        content_hash=revision.content_hash,
        department=department,
        signer=signer,
        typed_name=signer.full_name or signer.email,
        agreement=agreement,
        terms_text=agreement.terms,
        terms_hash=agreement.terms_hash,
        credit_share=Decimal("0.25") if kind == "signature" else agreement.share,
        reason="We built this ourselves." if kind == "decline" else "",
        sequence=sequence,
        previous_hash=previous,
        record_hash=_sha(f"{SOURCE}:{sequence}:{previous}:{kind}:{request.pk}"),
    )
    request.status = "signed" if kind == "signature" else "declined"
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])


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
        signer = signatory.user if signatory else lead
        insights = _insights_for(department, lead)
        _record(insights[0], department, "signature", signer, lead)
        _record(insights[1], department, "decline", signer, lead)
        title = f"{department.name}: changes from the center's findings"
        improvement = Improvement.objects.filter(department=department, title=title).first()
        if improvement is None:
            improvement = improvement_create(
                user=lead,
                department=department,
                title=title,
                description="Built on the contact center's insights.",
                shipped_on=today - dt.timedelta(days=380),
                insights=[
                    {"insight": insights[0].pk, "weight": "0.5"},
                    {"insight": insights[1].pk, "weight": "0.3"},
                    {"insight": insights[2].pk, "weight": "0.2"},
                ],
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
    return posted
