"""Demo insights: a dozen realistic ones across categories and departments, some published (idempotent).

Evidence comes from whatever contacts exist (the contacts demo adds many); when there are none, a
handful of demo contacts with source "demo-insights" are created so this works on its own.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from insights.models import Contact, Insight
from insights.services.insights import insight_create, insight_publish
from insights.services.metrics_rollup import contact_metrics_rollup_recount

DEMO_SOURCE = "demo-insights"

# (title, reason code, category, value, departments, publish, summary, assumptions)
INSIGHTS = [
    (
        "Customers are charged twice after changing plans",
        "billing-dispute", "customer_experience", "180000.00", ["billing", "product-development"], True,
        "Customers who change plan mid-month see **two charges** on their next bill. Most call us, upset, "
        "and a fifth of them mention cancelling.",
        "1,200 affected customers a year × 15% who would leave × 1,000 average yearly revenue.",
    ),
    (
        "Customers ask for a family bundle we do not sell",
        "product-inquiry", "financial_growth", "420000.00", ["marketing", "sales"], True,
        "Callers keep asking whether they can put their whole family on one account. We have no answer.",
        "3,500 requests a year × 30% who would buy × 400 extra yearly revenue per bundle.",
    ),
    (
        "The password reset e-mail arrives after it has expired",
        "login-problem", "efficiency", "95000.00", ["product-development"], True,
        "The reset link is valid for 10 minutes, but the e-mail often takes longer. Each failure is a "
        "call or chat that needs a person.",
        "9,500 avoidable contacts a year × 10 cost per contact.",
    ),
    (
        "Customers threaten to complain to the regulator about early-exit fees",
        "cancellation", "risk_avoidance", "250000.00", ["billing", "sales"], True,
        "Several customers a week say the exit fee was **never explained** when they signed. Some name "
        "the regulator or a lawyer.",
        "5 likely formal complaints a year × 50,000 average cost of handling and settling one.",
    ),
    (
        "Delivery slots run out on Mondays",
        "delivery-delay", "customer_experience", "60000.00", ["product-development", "sales"], True,
        "Customers who order over the weekend cannot get a delivery slot until Thursday.",
        "600 orders a year lost × 100 average order margin.",
    ),
    (
        "Small businesses want invoices in their own name",
        "invoice-request", "financial_growth", "150000.00", ["billing", "marketing"], True,
        "Sole traders ask for invoices made out to their business so they can claim tax back.",
        "500 business customers × 300 yearly revenue we would keep.",
    ),
    (
        "Customers do not understand the new price letter",
        "price-question", "customer_experience", "75000.00", ["marketing"], False,
        "The letter announcing new prices leads to calls asking what will actually change.",
        "7,500 contacts a year × 10 cost per contact.",
    ),
    (
        "Upgrade offers reach customers who just bought",
        "product-inquiry", "financial_growth", "40000.00", ["marketing"], False,
        "Customers who bought last week receive an upgrade offer and ask for the discount retroactively.",
        "400 discounts a year × 100 average discount.",
    ),
    (
        "Chat hands customers to a person without their history",
        "technical-support", "efficiency", "110000.00", ["product-development"], False,
        "When the chat bot hands over, customers repeat everything. Conversations take twice as long.",
        "22,000 chats a year × 5 minutes saved × 60 cost per hour.",
    ),
    (
        "Customers want to pause their subscription, not cancel",
        "cancellation", "financial_growth", "300000.00", ["product-development", "sales"], True,
        "A third of people who cancel say they would rather pause for a few months.",
        "1,000 cancellations a year × 30% who would pause instead × 1,000 yearly revenue.",
    ),
    (
        "Refunds take three weeks and customers chase them",
        "refund-status", "risk_avoidance", "85000.00", ["billing"], True,
        "Customers chase refunds repeatedly; some dispute the charge with their bank instead.",
        "300 card disputes a year × 250 average cost of a dispute + 10,000 avoidable contacts.",
    ),
    (
        "Customers imagine a self-service app for moving house",
        "address-change", "vision", "50000.00", ["product-development", "marketing"], False,
        "People moving house call us three or four times. Several describe the app they wish we had.",
        "A guess: 5,000 house moves a year × 10 saved contacts cost.",
    ),
]  # fmt: skip

REASONS = sorted({row[1] for row in INSIGHTS})


def _demo_contacts() -> None:
    now = timezone.now()
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                source=DEMO_SOURCE,
                external_id=f"{reason}-{i}",
                channel=["call", "chat", "email"][i % 3],
                started_at=now - timedelta(days=i % 7, hours=i),
                wait_seconds=20 + 7 * i,
                handle_seconds=240 + 30 * i,
                reason_code=reason,
                csat=1 + i % 3,
                sentiment=Decimal("-0.500") + Decimal(i % 4) / 10,
                text=f"Customer about {reason.replace('-', ' ')}: it is the {i + 1}th time I have had to ask.",
                customer_ref=f"demo-customer-{reason}-{i % 3}",
                account_value=Decimal(600 + 150 * i),
            )
            for reason in REASONS
            for i in range(4)
        ],
        ignore_conflicts=True,
    )
    moments = [c.started_at for c in contacts]
    contact_metrics_rollup_recount(first=min(moments), last=max(moments))


def _evidence_for(reason: str) -> list[dict]:
    contacts = list(Contact.objects.filter(reason_code=reason).order_by("-started_at").values_list("pk", flat=True)[:6])
    if not contacts:
        contacts = list(Contact.objects.order_by("-started_at").values_list("pk", flat=True)[:3])
    return [{"contact": pk, "note": "Typical of what we hear"} for pk in contacts]


def seed_insights() -> int:
    """Create the demo insights that do not exist yet; returns how many were created."""
    analyst = User.objects.filter(email="analyst@demo.local").first()
    lead = User.objects.filter(email="lead@demo.local").first()
    if analyst is None or lead is None:
        return 0
    if not Contact.objects.filter(reason_code__in=REASONS).exists():
        _demo_contacts()
    created = 0
    # Demo publishing must not flood the console with notification e-mails.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
        for title, reason, category, value, departments, publish, summary, assumptions in INSIGHTS:
            if Insight.objects.filter(title=title).exists():
                continue
            insight = insight_create(
                author=analyst,
                title=title,
                summary=summary,
                category=category,
                estimated_value=Decimal(value),
                value_assumptions=assumptions,
                departments=departments,
                evidence=_evidence_for(reason),
                customer_voice=[],
            )
            if publish:
                insight_publish(insight=insight, publisher=lead)
            created += 1
    return created
