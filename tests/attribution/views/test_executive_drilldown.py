"""Every figure on /exec/ reconciles: its link opens the transactions behind it, whose total is the figure, and
the list's "Back" returns to the dashboard. Over the demo data and over a quarter with reversals and
reclassifications."""

import datetime as dt
import re
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from attribution.models import LedgerTransaction
from attribution.services.ledger import improvement_create, outcome_record, outcome_reverse
from core import formats
from core.periods import Period
from tests.attribution.factories import (
    OutcomeFactory,
    SignoffRecordFactory,
    SignoffRequestFactory,
    center_lead,
    improvement_with_credit,
)
from tests.insights.factories import InsightFactory

pytestmark = pytest.mark.django_db


class _Links(HTMLParser):
    """Every link to the transaction list: its address, the amount it carries (`data-amount`) and the figure it
    shows (the last figure in its text)."""

    def __init__(self):
        super().__init__()
        self.links, self._link, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("/ledger/transactions/?"):
            self._link, self._text = (href, attrs.get("data-amount")), []

    def handle_endtag(self, tag):
        if tag == "a" and self._link:
            figures = [word for word in " ".join(self._text).split() if any(c.isdigit() for c in word)]
            self.links.append((*self._link, figures[-1] if figures else None))
            self._link = None

    def handle_data(self, data):
        if self._link:
            self._text.append(data)


def figure_links(html: str) -> list[tuple[str, str | None, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def assert_every_figure_reconciles(client: Client, dashboard: str) -> int:
    """Follow each figure's link from `dashboard`; return how many were followed. The amount a figure carries is
    exactly its transactions' total, and the figure shown is that amount written the site's one way."""
    page = client.get(dashboard)
    assert page.status_code == 200
    links = figure_links(page.content.decode())
    for href, amount, shown in links:
        assert amount is not None and shown is not None, href
        assert shown in (formats.money(amount), formats.money(amount, short=True)), (href, shown, amount)
        listing = client.get(unescape(href))
        assert listing.status_code == 200, href
        html = listing.content.decode()
        total_amount, total_shown = re.search(r'id="drilldown-total" data-amount="([^"]+)">([^<]+)<', html).groups()
        assert total_amount == amount, (href, total_amount, amount)
        assert total_shown == formats.money(total_amount), href
        amounts = [
            Decimal(a) for a in re.findall(r'<td class="num" data-label="Amount[^"]*" data-amount="([^"]+)">', html)
        ]
        if listing.context["page"].paginator.num_pages == 1:
            assert sum(amounts, Decimal("0.00")) == Decimal(amount), href  # the lines add up
        assert parse_qs(urlsplit(unescape(href)).query)["next"] == [dashboard]
        assert f'<a href="{dashboard.replace("&", "&amp;")}">Back</a>' in html
    return len(links)


def executive_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_every_figure_on_the_demo_dashboard_reconciles(db):
    call_command("seed_demo")
    from accounts.models import User

    client = executive_client(User.objects.get(email="exec@demo.local"))
    today = timezone.localdate()
    quarter = Period.quarter_of(today)
    followed = assert_every_figure_reconciles(client, f"/exec/?{quarter.query()}")
    followed += assert_every_figure_reconciles(client, f"/exec/?year={today.year}")
    assert followed >= 20


def _quarter_with_corrections(org):
    """2026-Q4: secured, at-risk and disputed credit in two areas, an improvement on two insights, a reversal
    and a reclassification once a department signs."""
    day = dt.date(2026, 10, 5)
    OutcomeFactory(department=org.marketing, amount="1000.00", day=day)
    OutcomeFactory(department=org.marketing, amount="250.10", day=dt.date(2026, 11, 3), category="efficiency")
    OutcomeFactory(department=org.sales, disputed=True, amount="75.25", day=dt.date(2026, 11, 4))
    reversed_one = OutcomeFactory(department=org.sales, unsecured=True, amount="333.33", day=dt.date(2026, 10, 20))
    outcome_reverse(user=org.lead, outcome=reversed_one, reason="Counted twice by finance")
    # An at-risk posting on an insight Sales then signs: the signature reclassifies its credit.
    waiting = InsightFactory(published=True, departments=[org.sales], category="customer_experience")
    improvement = improvement_with_credit(
        department=org.sales,
        day=day,
        category="customer_experience",
        credit="unsecured",
        share=Decimal("0.5"),
        insight=waiting,
    )
    outcome_record(
        user=center_lead(),
        improvement=improvement,
        kind="retained_revenue",
        amount=Decimal("999.99"),
        period_start=dt.date(2026, 10, 1),
        period_end=dt.date(2026, 10, 31),
        method="Churn",
        idempotency_key="rc",
    )
    SignoffRecordFactory(request=SignoffRequestFactory(department=org.sales, insight=waiting))
    # Two insights behind one improvement, weighted.
    a = InsightFactory(published=True, departments=[org.marketing], category="financial_growth")
    b = InsightFactory(published=True, departments=[org.marketing], category="risk_avoidance")
    two = improvement_create(
        user=org.lead,
        department=org.marketing,
        title="Two insights",
        description="",
        shipped_on=day,
        insights=[(a, Decimal("0.7")), (b, Decimal("0.3"))],
    )
    outcome_record(
        user=org.lead,
        improvement=two,
        kind="cost_saved",
        amount=Decimal("100.01"),
        period_start=dt.date(2026, 11, 1),
        period_end=dt.date(2026, 11, 20),
        method="Costs",
        idempotency_key="two",
    )
    kinds = set(LedgerTransaction.objects.values_list("kind", flat=True))
    assert kinds == {"posting", "reversal", "reclassification"}


def test_every_figure_reconciles_over_a_quarter_with_reversals_and_reclassifications(org):
    _quarter_with_corrections(org)
    client = executive_client(org.executive)
    followed = assert_every_figure_reconciles(client, "/exec/?year=2026&quarter=4")
    followed += assert_every_figure_reconciles(client, "/exec/?year=2026")
    assert followed >= 20


def test_the_ledger_pages_figures_reconcile_in_every_grouping(org):
    _quarter_with_corrections(org)
    client = executive_client(org.lead)
    for group_by in ("department", "category", "insight", "month", "account"):
        assert assert_every_figure_reconciles(client, f"/ledger/?year=2026&quarter=4&group_by={group_by}") >= 4
