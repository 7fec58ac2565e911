"""In a real browser: the executive signs in, lands on the dashboard, reads the secured credit and follows
its link to the ledger. The cross-issue journey (draft → publish → sign → outcome) joins this after merge."""

import datetime as dt
import re

import pytest

from tests.attribution.factories import OutcomeFactory
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_executive_follows_secured_credit_to_the_ledger(org, browser_page):
    OutcomeFactory(department=org.marketing, amount="2500.00", day=dt.date(2026, 11, 4))
    page = browser_page(org.executive)
    assert page.url.endswith("/exec/")  # the executive's home is the dashboard
    page.goto("/exec/?year=2026&quarter=4")
    screenshot(page, "exec-01-dashboard")
    secured = page.locator("#secured")
    assert secured.inner_text() == "$2,500.00"
    secured_amount = secured.get_attribute("data-amount")
    assert secured_amount == "2500.00"
    assert page.get_by_text("At risk: no signed record").first.is_visible()
    assert page.locator("main form[method=post]").count() == 0  # no edit controls
    secured.click()
    page.wait_for_load_state()
    screenshot(page, "exec-02-secured-credit-ledger")
    assert re.search(r"/ledger/transactions/\?account=center%3Asecured&start=2026-10-01&end=2027-01-01&next=", page.url)
    assert page.locator("#drilldown-filter").inner_text() == "Secured credit, 2026-Q4, all departments"
    assert page.locator("#drilldown-total").inner_text() == "$2,500.00"
    assert page.locator("#drilldown-total").get_attribute("data-amount") == secured_amount
    page.get_by_role("link", name="Back").click()
    page.wait_for_load_state()
    assert page.url.endswith("/exec/?year=2026&quarter=4")
