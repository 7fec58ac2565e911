"""One journey end to end, in a real browser against the live server: the analyst drafts and the lead
publishes an insight, Marketing's signatory signs it, the lead records an improvement and an outcome, and
the executive sees the secured credit rise by exactly amount × weight × share and follows that figure
through the ledger to the signed record. Screenshots of every step land in test-artifacts/."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from attribution.models import LedgerTransaction, SignoffRecord, SignoffRequest, SignoffStatus
from core import formats
from insights.models import Insight, InsightStatus
from tests.browser import screenshot
from tests.insights.factories import ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AMOUNT = Decimal("12500.00")
WEIGHT = Decimal("1")


def _secured(page) -> Decimal:
    """The secured credit to the cent (the figure shown drops the cents from 10,000 up; `data-amount` keeps them)."""
    figure = page.locator("#secured")
    amount = Decimal(figure.get_attribute("data-amount"))
    assert figure.inner_text().strip() == formats.money(amount, short=True)
    return amount


def test_journey_from_draft_to_signed_secured_credit_on_the_dashboard(org, browser_page):
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    dashboard = f"/exec/?year={today.year}&quarter={quarter}"
    contacts = ContactFactory.create_batch(3, evidence=True, reason_code="double-charge")

    # The executive's starting point.
    executive = browser_page(org.executive)
    executive.goto(dashboard)
    before = _secured(executive)
    screenshot(executive, "journey-01-exec-dashboard-before")

    # 1. The analyst drafts the insight with evidence, routed to Marketing.
    analyst = browser_page(org.analyst)
    analyst.goto("/insights/new/?reason_code=double-charge")
    for contact in contacts:
        analyst.check(f"#ev-{contact.pk}")
    analyst.fill("#id_title", "Customers are charged twice after changing plans")
    analyst.fill("#id_summary", "Callers tell us the plan change bills them twice in the same month.")
    analyst.select_option("#id_category", "financial_growth")
    analyst.fill("#id_estimated_value", "125000.00")
    analyst.fill("#id_value_assumptions", "2,000 accounts a year × 5% who would leave × 1,250 a year each.")
    analyst.check("input[name=departments][value=marketing]")
    screenshot(analyst, "journey-02-analyst-drafts")
    analyst.click("#insight-form button[type=submit]")
    analyst.wait_for_url(re.compile(r"/insights/\d+/$"))
    insight_id = int(re.search(r"/insights/(\d+)/$", analyst.url).group(1))
    screenshot(analyst, "journey-03-analyst-draft-saved")
    insight = Insight.objects.get(pk=insight_id)
    assert insight.status == InsightStatus.DRAFT
    assert insight.evidence.count() == len(contacts)

    # 2. The lead publishes it; on commit the outbox dispatch (eager) opens Marketing's sign-off request.
    lead = browser_page(org.lead)
    lead.goto(f"/insights/{insight_id}/")
    lead.get_by_role("button", name=re.compile(r"^Publish")).click()
    lead.get_by_role("button", name="Confirm: publish revision 1").click()  # the page said what publishing does
    lead.wait_for_selector(".message.success")
    screenshot(lead, "journey-04-lead-published")
    insight.refresh_from_db()
    assert insight.status == InsightStatus.PUBLISHED
    request = SignoffRequest.objects.get(insight_id=insight_id, department=org.marketing)
    assert request.status == SignoffStatus.PENDING
    assert request.revision_id == insight.current_revision_id

    # 3. Marketing's signatory finds it in the inbox and signs it.
    signatory = browser_page(org.marketing_signatory)
    signatory.goto("/signoffs/")
    row = signatory.locator("tr", has_text=insight.title)
    screenshot(signatory, "journey-05-signatory-inbox")
    row.get_by_role("link", name="Review").click()
    signatory.wait_for_url(f"**/signoffs/requests/{request.pk}/")
    share_text = re.search(r"center share ([\d.]+)", signatory.locator("main").inner_text())
    share = Decimal(share_text.group(1)) if share_text else settings.DEFAULT_CENTER_CREDIT_SHARE
    signatory.fill("input[name=typed_name]", org.marketing_signatory.full_name)
    signatory.check("input[name=consent]")
    screenshot(signatory, "journey-06-signatory-signs")
    signatory.get_by_role("button", name="Sign", exact=True).click()
    signatory.get_by_role("button", name="Confirm: sign").click()
    signatory.wait_for_url(re.compile(r"/signoffs/records/\d+/$"))
    record = SignoffRecord.objects.get(request=request, kind=SignoffRecord.Kind.SIGNATURE)
    assert signatory.url.endswith(f"/signoffs/records/{record.pk}/")
    assert record.credit_share == share
    screenshot(signatory, "journey-07-signatory-certificate")

    # 4. The lead records the improvement Marketing shipped, then an outcome dated this quarter.
    lead.goto("/improvements/new/")
    lead.select_option("#choose-department select[name=department]", "marketing")
    lead.get_by_role("button", name="Show its insights").click()
    lead.wait_for_url(re.compile(r"department=marketing"))
    lead.fill("input[name=title]", "Plan changes bill once")
    lead.fill("textarea[name=description]", "Billing now prorates the plan change instead of charging twice.")
    lead.fill("input[name=shipped_on]", today.replace(day=1).isoformat())
    weight_name = lead.locator(f"input[name$='-insight'][value='{insight_id}']").get_attribute("name")
    lead.fill(f"input[name='{weight_name.replace('-insight', '-weight')}']", str(WEIGHT))
    screenshot(lead, "journey-08-lead-improvement")
    lead.get_by_role("button", name="Save").click()
    lead.wait_for_url(re.compile(r"/outcomes/new/\?improvement=\d+$"))
    lead.select_option("select[name=kind]", index=0)
    lead.fill("input[name=amount]", str(AMOUNT))
    lead.fill("input[name=period_start]", today.replace(day=1).isoformat())
    lead.fill("input[name=period_end]", today.isoformat())
    lead.fill("textarea[name=method]", "Refunds for double charges, month on month, from the billing system.")
    screenshot(lead, "journey-09-lead-outcome")
    lead.get_by_role("button", name="Post").click()
    lead.get_by_role("button", name="Post to the ledger").click()  # the confirmation says what posting writes
    lead.wait_for_url(re.compile(r"/ledger/transactions/\d+/$"))
    screenshot(lead, "journey-10-lead-posting")
    posting = LedgerTransaction.objects.get(pk=int(re.search(r"/transactions/(\d+)/$", lead.url).group(1)))
    assert posting.kind == LedgerTransaction.Kind.POSTING

    # 5. The executive's secured credit went up by exactly amount × weight × share.
    expected = (AMOUNT * WEIGHT * share).quantize(Decimal("0.01"))
    executive.goto(dashboard)
    after = _secured(executive)
    screenshot(executive, "journey-11-exec-dashboard-after")
    assert after - before == expected

    # ...and the figure leads through the ledger to the signed record.
    executive.click("#secured")
    executive.wait_for_url(re.compile(r"/ledger/transactions/\?account=center%3Asecured&"))
    screenshot(executive, "journey-12-exec-secured-transactions")
    executive.click(f"a[href='/ledger/transactions/{posting.pk}/']")
    executive.wait_for_url(f"**/ledger/transactions/{posting.pk}/")
    screenshot(executive, "journey-13-exec-transaction")
    executive.get_by_role("link", name=re.compile(r"^Signed agreement by Marketing")).click()
    executive.wait_for_url(f"**/signoffs/records/{record.pk}/")
    screenshot(executive, "journey-14-exec-signed-record")
    assert record.record_hash in executive.locator("main").inner_text()
    assert posting.effective_on == today
