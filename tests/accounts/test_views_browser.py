"""In Chromium: an administrator invites a person, gives them a role and finds both in the audit log; the person
follows the e-mailed link, chooses a password and signs in. Every page fits a phone."""

import re

import pytest
from django.core import mail

from tests.browser import PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_invite_give_a_role_and_read_the_audit_log(org, browser_page, live_server):
    page = browser_page(org.admin)
    page.click("text=People and departments")
    page.fill("#id_email", "new.signatory@example.test")
    page.fill("#id_full_name", "Nia Signer")
    page.click("text=Send the invitation")
    page.wait_for_selector("h1:has-text('Nia Signer')")
    page.select_option("#id_role", "signatory")
    page.select_option("#id_department", label="Marketing")
    page.click("text=Give the role")
    page.wait_for_selector("text=Role given.")
    page.click("text=The whole audit log")
    rows = page.inner_text("table.audit-log")
    assert "Invited: Nia Signer" in rows and "Role given: Nia Signer" in rows and "Signatory in Marketing" in rows

    [invitation] = mail.outbox
    link = re.search(r"/accounts/set-password/\S+/", invitation.body).group(0)
    newcomer = page.context.browser.new_context(base_url=live_server.url).new_page()
    newcomer.goto(link)
    newcomer.fill("#id_new_password1", "a-long-new-password-9")
    newcomer.fill("#id_new_password2", "a-long-new-password-9")
    newcomer.click("text=Set my password")
    newcomer.wait_for_url("**/login/")
    newcomer.fill("#id_username", "new.signatory@example.test")
    newcomer.fill("#id_password", "a-long-new-password-9")
    newcomer.click("form.stacked button[type=submit]")
    newcomer.wait_for_selector("text=Your inbox")
    newcomer.context.close()


def test_the_administration_pages_fit_a_phone(org, browser_page):
    page = browser_page(org.admin, viewport=PHONE)
    for path in ("/", "/people/", f"/people/{org.marketing_signatory.pk}/", "/people/audit-log/"):
        page.goto(path)
        _fits(page)
