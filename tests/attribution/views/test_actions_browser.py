"""In a real browser: a Marketing member goes from the home page to the department's actions, sees the overdue
one marked, marks an upcoming one done and drops the overdue one with a reason; the executive then reads the
same list with no controls, and the department's "actions on time" figure has moved. Screenshots land in
test-artifacts/."""

import re

import pytest

from attribution.models import ActionCommitment
from attribution.selectors.signoffs import department_scorecards
from tests.attribution.action_helpers import committed_actions
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _marketing_on_time():
    return next(c for c in department_scorecards() if c["slug"] == "marketing")["actions_on_time_pct"]


def test_a_member_marks_an_action_done_and_drops_another(org, browser_page):
    actions = committed_actions(org)
    assert _marketing_on_time() == 0.0

    page = browser_page(org.marketing_member)
    page.get_by_role("link", name="Your department's actions").click()
    page.wait_for_url("**/actions/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Your department's actions")
    overdue = page.locator(f"#action-{actions['overdue'].pk}")
    upcoming = page.locator(f"#action-{actions['upcoming'].pk}")
    assert "Overdue by 3 days" in overdue.inner_text()
    assert page.locator(f"#action-{actions['sales'].pk}").count() == 0  # Sales' action is not Marketing's
    screenshot(page, "actions-01-member-list")

    upcoming.get_by_role("button", name=re.compile("^Mark done")).click()
    page.wait_for_url("**/actions/")
    assert page.get_by_role("status").inner_text().startswith("Marked “Add the due date")
    assert "Done on" in upcoming.inner_text() and "on time" in upcoming.inner_text()
    assert upcoming.get_by_role("button").count() == 0
    screenshot(page, "actions-02-member-marked-done")

    overdue.locator("summary").click()
    overdue.get_by_label("Why drop it?").fill("The new bill layout covers it")
    overdue.get_by_role("button", name="Drop action").click()
    page.wait_for_url("**/actions/")
    assert "Dropped" in overdue.inner_text() and "The new bill layout covers it" in overdue.inner_text()
    screenshot(page, "actions-03-member-dropped")

    stored = {a.pk: a for a in ActionCommitment.objects.all()}
    assert stored[actions["upcoming"].pk].done_on_time is True
    assert stored[actions["overdue"].pk].drop_reason == "The new bill layout covers it"
    # One done on time, one dropped after its due date had passed (still counted as missed): 50 %.
    assert _marketing_on_time() == 50.0

    executive = browser_page(org.executive)
    executive.goto("/actions/")
    assert executive.locator(f"#action-{actions['sales'].pk}").count() == 1
    assert executive.locator("main form[method=post]").count() == 0  # no edit controls
    screenshot(executive, "actions-04-executive-reads")
