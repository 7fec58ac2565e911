"""In a real browser: Marketing's signatory opens a request from the sign-off inbox, signs it, follows the
certificate back to the request, commits to an action (first forgetting the due date, which the page refuses
naming the field and keeping what was typed), then finds the action on the department's actions page and
follows it back to the request. Screenshots land in test-artifacts/."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from attribution.models import ActionCommitment
from tests.attribution.action_helpers import open_requests
from tests.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Print the first bill's date in the welcome e-mail"


def test_a_signatory_commits_to_an_action_and_finds_it_on_the_actions_page(org, browser_page):
    request = open_requests(org, title="Customers call twice about the first bill")["marketing"]
    page = browser_page(org.marketing_signatory)

    page.goto("/signoffs/")
    page.locator("tr", has_text="Customers call twice about the first bill").get_by_role("link", name="Review").click()
    page.wait_for_url(f"**/signoffs/requests/{request.pk}/")
    page.fill("input[name=typed_name]", org.marketing_signatory.full_name)
    page.check("input[name=consent]")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_role("button", name="Confirm: sign").click()
    page.wait_for_url(re.compile(r"/signoffs/records/\d+/$"))
    page.get_by_role("link", name="Commit to actions on this insight").click()
    page.wait_for_url(f"**/signoffs/requests/{request.pk}/#actions")

    form = page.get_by_role("form", name="Commit to an action")
    expected_default = timezone.localdate() + timedelta(days=30)
    assert form.get_by_label("Due date").input_value() == expected_default.isoformat()
    assert form.get_by_label("Owner").locator("option:checked").inner_text() == str(org.marketing_signatory)
    form.get_by_label("Action", exact=True).fill(DESCRIPTION)
    form.get_by_label("Owner").select_option(label=str(org.marketing_member))
    # The browser would stop an empty date itself; take that guard away to see what the server says.
    form.get_by_label("Due date").evaluate("el => { el.required = false; el.value = ''; }")
    with page.expect_navigation():
        form.get_by_role("button", name="Commit to this action").click()
    form = page.get_by_role("form", name="Commit to an action")
    assert form.locator("#action-due_on_error").inner_text() == "Due date: Give a due date."
    assert form.get_by_label("Action", exact=True).input_value() == DESCRIPTION
    assert form.get_by_label("Owner").locator("option:checked").inner_text() == str(org.marketing_member)
    assert ActionCommitment.objects.count() == 0
    screenshot(page, "commit-action-01-refused")

    due = timezone.localdate() + timedelta(days=21)
    form.get_by_label("Due date").fill(due.isoformat())
    form.get_by_role("button", name="Commit to this action").click()
    page.wait_for_url(f"**/signoffs/requests/{request.pk}/#actions")
    assert page.get_by_role("status").inner_text().startswith(f"Committed to “{DESCRIPTION}”")
    action = ActionCommitment.objects.get()
    assert (action.owner_id, action.due_on, action.request_id) == (org.marketing_member.pk, due, request.pk)
    row = page.locator(f"#action-{action.pk}")
    assert str(org.marketing_member) in row.inner_text() and "In 21 days" in row.inner_text()
    screenshot(page, "commit-action-02-committed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Actions", exact=True).click()
    page.wait_for_url("**/actions/")
    listed = page.locator(f"#action-{action.pk}")
    assert DESCRIPTION in listed.inner_text() and "In 21 days" in listed.inner_text()
    screenshot(page, "commit-action-03-on-the-actions-page")
    listed.get_by_role("link", name="Customers call twice about the first bill").click()
    page.wait_for_url(f"**/signoffs/requests/{request.pk}/")
    assert page.get_by_role("form", name="Commit to an action").count() == 1
