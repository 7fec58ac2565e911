"""Under the Content-Security-Policy, the pages that run scripts work in Chromium with no violation reported."""

import pytest

from insights.models import ImportJob

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def watch_console(page) -> list[str]:
    """Every console error and page error the page reports from now on (CSP violations are console errors)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def test_the_import_job_page_polls_from_its_static_script_without_a_csp_violation(org, browser_page):
    job = ImportJob.objects.create(source="crm", file_name="contacts.csv", checksum="0" * 64, created_by=org.analyst)
    page = browser_page(org.analyst)
    errors = watch_console(page)
    with page.expect_response(lambda response: f"/api/imports/{job.pk}/" in response.url) as polled:
        page.goto(f"/contacts/imports/{job.pk}/")
    assert polled.value.status == 200  # the script ran: it fetched the job's JSON
    assert page.text_content("#job-status").strip() == "Queued"
    assert errors == []


def test_the_dashboard_and_the_api_docs_load_without_a_csp_violation(org, browser_page):
    page = browser_page(org.executive)
    errors = watch_console(page)
    page.goto("/exec/")
    page.wait_for_load_state("networkidle")
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")  # Swagger UI started from its script file
    assert errors == []
