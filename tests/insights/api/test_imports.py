"""POST /api/imports/, GET /api/imports/{id}/, the upload page with live progress, the emerging-issues page."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from insights.models import Contact, EmergingIssue, ImportJob
from insights.services.imports import COLUMNS
from tests.insights.factories import ContactFactory

HEADER = ",".join(COLUMNS)
GOOD = "c1,call,2026-01-05T10:00:00Z,billing,12,300,false,billing_dispute,true,5,9,0.5,mail a@b.io,C1,10"
BAD = "c2,call,2026-01-05T10:00:00Z,billing,12,300,false,billing_dispute,true,7,9,0.5,hi,C1,10"


def upload(*rows: str, name: str = "contacts.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode(), content_type="text/csv")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_post_imports_in_the_background_and_the_job_shows_counts_and_row_errors(
    org, api_as, tmp_path, django_capture_on_commit_callbacks
):
    client = api_as(org.analyst)
    with django_capture_on_commit_callbacks(execute=True):  # the task is queued on commit; eager in tests
        response = client.post("/api/imports/", {"file": upload(GOOD, BAD), "source": "crm"}, format="multipart")
    assert response.status_code == 202
    assert response.json()["status"] == "queued"
    job_id = response.json()["id"]
    detail = client.get(f"/api/imports/{job_id}/").json()
    assert (detail["status"], detail["rows"], detail["created"], detail["rejected"]) == ("done", 2, 1, 1)
    assert detail["progress"] == 1.0
    assert detail["row_errors"] == [{"row": 3, "field": "csat", "message": "csat must be between 1 and 5 (got 7)."}]
    assert Contact.objects.get().text == "mail [EMAIL]"
    assert not list((tmp_path / "imports").iterdir())  # the upload is deleted once imported


def test_an_unusable_upload_is_refused_with_400_and_nothing_written(org, api_as):
    bad = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = api_as(org.analyst).post("/api/imports/", {"file": bad, "source": "crm"}, format="multipart")
    assert response.status_code == 400
    assert "required column" in response.json()["file"][0]
    assert not ImportJob.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(org, api_as, settings):
    settings.IMPORT_MAX_BYTES = 50
    response = api_as(org.lead).post("/api/imports/", {"file": upload(GOOD), "source": "crm"}, format="multipart")
    assert response.status_code == 400
    assert "IMPORT_MAX_BYTES" in response.json()["file"][0]


def test_post_names_missing_file_and_source(org, api_as):
    response = api_as(org.analyst).post("/api/imports/", {}, format="multipart")
    assert response.status_code == 400
    assert "source" in response.json()


@pytest.mark.parametrize("role", ["executive", "signatory", "member", "admin", "outsider"])
def test_only_center_staff_import(org, api_as, role):
    client = api_as(org.by_role()[role])
    assert client.post("/api/imports/", {"file": upload(GOOD), "source": "crm"}, format="multipart").status_code == 403
    assert client.get("/api/imports/").status_code == 403
    assert not Contact.objects.exists()


def test_import_list_query_count_is_constant(org, api_as, django_assert_max_num_queries):
    for i in range(5):
        ImportJob.objects.create(source="crm", checksum=f"{i}", created_by=org.analyst)
    with django_assert_max_num_queries(5):
        response = api_as(org.analyst).get("/api/imports/")
    assert response.json()["count"] == 5


def _issue(reason: str = "card_declined", hours_ago: int = 1) -> EmergingIssue:
    start = datetime(2026, 3, 4, 15, tzinfo=UTC) - timedelta(hours=hours_ago)
    issue = EmergingIssue.objects.create(
        reason_code=reason, window_start=start, window_end=start + timedelta(hours=1), observed=40, expected=3, score=9
    )
    issue.sample_contacts.set(ContactFactory.create_batch(3, reason_code=reason, text="My card was declined"))
    return issue


def test_emerging_issues_api_lists_issues_with_samples(org, api_as, django_assert_max_num_queries):
    for i in range(4):
        _issue(f"reason_{i}", hours_ago=i)
    with django_assert_max_num_queries(6):
        response = api_as(org.analyst).get("/api/emerging-issues/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["reason_code"] for r in results] == ["reason_0", "reason_1", "reason_2", "reason_3"]
    assert len(results[0]["sample_contacts"]) == 3
    assert "40 contacts" in results[0]["summary"]
    # A department reads only the problems whose reasons reached it through a published insight: none here.
    member = api_as(org.marketing_member).get("/api/emerging-issues/")
    assert member.status_code == 200 and member.json()["results"] == []


def test_navigation_shows_the_import_to_center_staff_only(org, client):
    client.force_login(org.analyst)
    page = client.get(reverse("home")).content.decode()
    assert "Contacts import" in page and "Emerging issues" in page
    client.force_login(org.marketing_member)
    page = client.get(reverse("home")).content.decode()
    assert "Contacts import" not in page
    assert client.get(reverse("contacts-import")).status_code == 403
    assert client.get(reverse("emerging-issues")).status_code == 200  # their routed reasons only (issue 18)


def test_upload_page_imports_and_redirects_to_live_progress(org, client, django_capture_on_commit_callbacks):
    client.force_login(org.analyst)
    assert client.get(reverse("contacts-import")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contacts-import"), {"file": upload(GOOD, BAD), "source": "crm"})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import-job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'data-url="/api/imports/{job.pk}/"' in page
    assert "csat must be between 1 and 5" in page
    listing = client.get(reverse("contacts-import")).content.decode()
    assert "contacts.csv" in listing


def test_upload_page_shows_a_refused_file_error(org, client):
    client.force_login(org.lead)
    bad = SimpleUploadedFile("x.csv", b"a,b\n1,2\n", content_type="text/csv")
    response = client.post(reverse("contacts-import"), {"file": bad, "source": "crm"})
    assert response.status_code == 400
    assert "lacks the required columns" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_emerging_issues_page(org, client, django_assert_max_num_queries):
    for i in range(3):
        _issue(f"reason_{i}", hours_ago=i)
    client.force_login(org.analyst)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("emerging-issues")).content.decode()
    assert "Reason 0" in page and "My card was declined" in page
    assert "Reason 0" not in client.get(reverse("emerging-issues"), {"signal": "dissatisfaction"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_answers_503_keeps_the_job_and_the_sweep_queues_it_once_the_broker_answers(
    org, api_as, monkeypatch, tmp_path, settings
):
    """The uploader hears 503 naming the broker within BROKER_TIMEOUT_SECONDS, told the file is kept (no second
    upload, no second job); the sweep queues the stored job as soon as the broker is back."""
    import time

    from config.celery import app
    from core.queue import queue_sweep_run

    # Not eager: the task really goes to the broker, which here is a port nothing listens on.
    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    app.conf.task_always_eager, app.conf.broker_url = False, "redis://127.0.0.1:1/0"
    app._pool = app.amqp._producer_pool = None
    try:
        started = time.monotonic()
        response = api_as(org.analyst).post(
            "/api/imports/", {"file": upload(GOOD), "source": "crm"}, format="multipart"
        )
        elapsed = time.monotonic() - started
    finally:
        monkeypatch.setenv("CELERY_BROKER_URL", broker or "")
        app.conf.task_always_eager, app.conf.broker_url = eager, broker
        app._pool = app.amqp._producer_pool = None
    assert response.status_code == 503, response.content
    assert "no need to upload it again" in response.json()["broker"][0]
    assert elapsed < settings.BROKER_TIMEOUT_SECONDS
    job = ImportJob.objects.get()
    assert (job.status, job.heartbeat_at, job.error) == ("queued", None, "")  # never reached the broker
    assert len(list((tmp_path / "imports").iterdir())) == 1  # the upload waits for the broker

    assert queue_sweep_run()["insights.import_jobs"] == 1  # the broker answers again (eager here: runs at once)
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 1)
    assert Contact.objects.count() == 1
    assert queue_sweep_run()["insights.import_jobs"] == 0  # once
