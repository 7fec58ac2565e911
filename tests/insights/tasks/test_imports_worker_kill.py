"""A worker SIGKILLed a third of the way into a 200,000-row upload: the watch notices the silent heartbeat, a new
worker resumes the job, and it ends `done` with exactly 200,000 contacts, none twice."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count

from insights.models import Contact, ImportJob
from insights.services.imports import COLUMNS
from insights.tasks.imports import import_jobs_requeue
from tests.insights.tasks.conftest import redis_reset, wait_for

ROWS = 200_000
STALE_SECONDS = 10


def _contact_file(rows: int) -> bytes:
    lines = [",".join(COLUMNS)]
    for n in range(rows):
        lines.append(
            f"k{n},call,2026-01-{n % 28 + 1:02d}T{n % 24:02d}:{n % 60:02d}:00Z,billing,{n % 300},{n % 900},false,"
            f"reason_{n % 40},true,{n % 5 + 1},{n % 11},0.1,Customer {n} called about a bill,C{n % 997},12.50"
        )
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def stale_quickly(settings):
    settings.IMPORT_STALE_SECONDS = STALE_SECONDS


@pytest.mark.worker
def test_a_worker_killed_mid_import_is_noticed_and_the_job_ends_with_exact_counts(
    stale_quickly, org, api_as, worker_processes
):
    from config.celery import app

    broker = app.conf.broker_url
    redis_reset(broker)
    try:
        first = worker_processes.start(broker)
        upload = SimpleUploadedFile("contacts.csv", _contact_file(ROWS), content_type="text/csv")
        response = api_as(org.analyst).post("/api/imports/", {"file": upload, "source": "crm"}, format="multipart")
        assert response.status_code == 202, response.content
        job = ImportJob.objects.get(pk=response.json()["id"])

        started = time.monotonic()
        wait_for(lambda: Contact.objects.count() >= ROWS // 3, timeout=300, every=0.05, what="a third of the rows")
        worker_processes.kill(first)  # SIGKILL, the whole process group: no chance to reject or clean up
        killed_at = time.monotonic()
        landed = Contact.objects.count()
        job.refresh_from_db()
        assert job.status == "running" and ROWS // 3 <= landed < ROWS, (job.status, landed)
        third = killed_at - started  # about a third of the import's time

        worker_processes.start(broker)

        def done() -> bool:
            import_jobs_requeue()  # what beat runs every IMPORT_WATCH_SECONDS
            return ImportJob.objects.filter(pk=job.pk, status__in=["done", "failed"]).exists()

        budget = STALE_SECONDS + 3 * third * 1.5 + 30  # stale time + the import time, with room for a busy machine
        wait_for(done, timeout=budget, every=1, what="the job to end")
        job.refresh_from_db()
        assert (job.status, job.error) == ("done", "")
        assert (job.rows, job.created, job.duplicates, job.rejected) == (ROWS, ROWS, 0, 0)
        assert job.attempts == 2
        assert Contact.objects.filter(source="crm").count() == ROWS
        assert not Contact.objects.values("external_id").annotate(n=Count("id")).filter(n__gt=1).exists()
        assert time.monotonic() - killed_at < budget
    finally:
        worker_processes.close()
        redis_reset(broker)
