"""A 60-second broker outage while an insight is published and a file uploaded loses nothing: both requests answer
at once, and once the broker is back the sweep queues everything, which runs exactly once.

The broker is a redis-server of our own, really stopped (its port closed), then started again on the same port.
"""

import os
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Department
from core.models import Notification, OutboxDelivery, OutboxEvent
from core.tasks import outbox_sweep
from insights.models import Contact, ImportJob
from insights.services.imports import COLUMNS
from tests.core.conftest import Receiver
from tests.insights.factories import ContactFactory, InsightFactory
from tests.insights.tasks.conftest import use_broker, wait_for

OUTAGE_SECONDS = float(os.environ.get("BROKER_OUTAGE_SECONDS", "60"))
ROWS = 2_000


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def _upload() -> SimpleUploadedFile:
    lines = [",".join(COLUMNS)] + [
        f"o{n},chat,2026-01-05T10:{n % 60:02d}:00Z,billing,5,60,false,late_delivery,true,4,8,0.2,Where is it,C{n},"
        for n in range(ROWS)
    ]
    return SimpleUploadedFile("outage.csv", ("\n".join(lines) + "\n").encode(), content_type="text/csv")


def _timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


@pytest.mark.worker
def test_a_broker_outage_during_publish_and_upload_loses_nothing_and_runs_everything_once(
    org, api_as, receiver, own_redis, worker_processes, monkeypatch, settings
):
    for department in (org.marketing, org.sales):
        Department.objects.filter(pk=department.pk).update(webhook_url=receiver.url, webhook_secret="s")
    draft = InsightFactory(
        created_by=org.analyst,
        departments=[org.marketing, org.sales],
        evidence=ContactFactory.create_batch(3, evidence=True),
    )
    use_broker(monkeypatch, own_redis.url)
    own_redis.stop()  # the broker's port is closed from here on

    published, publish_time = _timed(lambda: api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/"))
    uploaded, upload_time = _timed(
        lambda: api_as(org.analyst).post("/api/imports/", {"file": _upload(), "source": "crm"}, format="multipart")
    )
    assert published.status_code == 200, published.content
    assert uploaded.status_code == 503, uploaded.content  # told the broker is down; the job is kept for the sweep
    assert f"import job {ImportJob.objects.get().pk}" in uploaded.json()["broker"][0]
    assert max(publish_time, upload_time) < settings.BROKER_TIMEOUT_SECONDS, (publish_time, upload_time)
    job = ImportJob.objects.get()
    assert (job.status, job.heartbeat_at) == ("queued", None)

    time.sleep(OUTAGE_SECONDS)  # beat cannot hand the sweep to a worker meanwhile: nothing moves, nothing is lost
    assert receiver.requests == [] and Contact.objects.filter(source="crm").count() == 0
    assert ImportJob.objects.get().status == "queued"

    own_redis.start()  # the broker is back, on the same port
    worker_processes.start(own_redis.url)
    outbox_sweep.delay()  # what beat does every OUTBOX_SWEEP_SECONDS: a worker runs the sweep

    def everything_ran() -> bool:
        return (
            ImportJob.objects.filter(status="done").exists()
            and Notification.objects.filter(status="delivered").count() == 4
            and len(receiver.requests) == 2
        )

    wait_for(everything_ran, timeout=120, what="the import and the deliveries after the outage")
    outbox_sweep.delay()  # a later sweep finds nothing left to do
    time.sleep(3)

    job = ImportJob.objects.get()
    assert (job.status, job.rows, job.created, job.attempts) == ("done", ROWS, ROWS, 1)
    assert Contact.objects.filter(source="crm").count() == ROWS
    event = OutboxEvent.objects.get()
    assert event.processed_at is not None
    assert sorted(r["headers"]["X-CenterStage-Event"] for r in receiver.requests) == ["insight.published"] * 2
    assert Notification.objects.filter(status="delivered").count() == 4
    assert OutboxDelivery.objects.get(event=event, consumer="insights.notifications").attempts == 1
