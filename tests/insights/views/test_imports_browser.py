"""The upload page in a real headless Chromium: the job page follows the import live, without a reload."""

import pytest

from insights.models import ImportJob
from insights.services.imports import COLUMNS, import_job_run
from tests.browser import screenshot

pytestmark = pytest.mark.browser

ROWS = [
    "c1,call,2026-01-05T10:00:00Z,billing,12,300,false,billing_dispute,true,5,9,0.5,hello,C1,10",
    "c2,call,2026-01-05T10:00:00Z,billing,12,300,false,billing_dispute,true,7,9,0.5,hello,C1,10",
]


@pytest.fixture
def queue_without_worker():
    """Tasks go to the Redis broker and stay there (no worker), so the page meets a queued job; purged after."""
    from config.celery import app

    assert app.conf.broker_url.startswith("redis://"), "needs CELERY_BROKER_URL=redis://…"
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(app.conf.task_default_queue)


@pytest.mark.django_db(transaction=True)
def test_upload_then_watch_the_job_finish_live(org, browser_page, settings, tmp_path, queue_without_worker):
    settings.MEDIA_ROOT = str(tmp_path)
    page = browser_page(org.analyst)
    path = tmp_path / "contacts.csv"
    path.write_text("\n".join([",".join(COLUMNS), *ROWS]) + "\n")
    page.goto("/contacts/import/")
    page.set_input_files("input[name=file]", str(path))
    page.fill("input[name=source]", "crm")
    page.click("main button[type=submit]")
    page.wait_for_url("**/contacts/imports/*/")
    job = ImportJob.objects.get()
    assert page.text_content("#job-status").strip() == "Queued"
    import_job_run(job_id=job.pk)  # the worker's turn
    # A locator wait, not wait_for_function: the CSP forbids the eval a string predicate needs.
    page.locator("#job-status", has_text="Done").wait_for(timeout=10_000)
    assert page.text_content("#job-created") == "1"
    assert page.text_content("#job-rejected") == "1"
    assert "csat must be between 1 and 5" in page.text_content("#row-errors")
    screenshot(page, "contacts-import-job")
