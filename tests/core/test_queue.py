"""enqueue_on_commit: work queued after the commit; a dead broker fails no request and loses no work."""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from core.queue import enqueue_on_commit, queue_sweep_run, register_requeuer, unregister_requeuer
from insights.models import ImportJob
from insights.tasks.imports import IMPORT_REQUEUE_AFTER_SECONDS, import_job_run_task

DEAD_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def broker(monkeypatch):
    """Tasks really go to a broker (no eager mode); `broker.use(url)` switches which one, `queued()` reads Redis."""
    from config.celery import app

    real = app.conf.broker_url
    if not real or not real.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://…")

    class Broker:
        def use(self, url: str) -> None:
            # Celery reads CELERY_BROKER_URL before app.conf; drop pooled connections so the next publish dials `url`.
            monkeypatch.setenv("CELERY_BROKER_URL", url)
            app.conf.broker_url = url
            app._pool = app.amqp._producer_pool = None

        def queued(self) -> list[dict]:
            with app.connection_for_write() as conn:
                queue = conn.SimpleQueue(app.conf.task_default_queue)
                messages = []
                while True:
                    try:
                        message = queue.get(block=False)
                    except queue.Empty:
                        return messages
                    messages.append(message.headers)
                    message.ack()

    app.conf.task_always_eager = False
    state = Broker()
    state.real = real
    state.use(real)
    state.queued()  # start from an empty queue
    yield state
    state.use(real)
    state.queued()
    app.conf.task_always_eager = True


def _stale_job() -> ImportJob:
    job = ImportJob.objects.create(source="crm", file_name="contacts.csv", checksum="0" * 64)
    long_ago = timezone.now() - timedelta(seconds=IMPORT_REQUEUE_AFTER_SECONDS + 1)
    ImportJob.objects.filter(pk=job.pk).update(created_at=long_ago)
    return job


def test_nothing_is_queued_before_the_commit(db, broker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        enqueue_on_commit(import_job_run_task, 41)
    assert broker.queued() == []
    assert len(callbacks) == 1


def test_a_dead_broker_at_commit_does_not_raise_and_logs(db, broker, caplog, django_capture_on_commit_callbacks):
    broker.use(DEAD_BROKER)
    with caplog.at_level(logging.WARNING, logger="core.queue"), django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(import_job_run_task, 41)
    assert any("127.0.0.1:1" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db(transaction=True)
def test_an_import_job_stranded_by_a_dead_broker_is_requeued_by_the_sweep_once_it_is_back(broker):
    broker.use(DEAD_BROKER)
    with transaction.atomic():
        job = _stale_job()
        enqueue_on_commit(import_job_run_task, job.pk)  # the commit's callback meets the dead broker
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED  # the durable record of the work still to do

    assert queue_sweep_run()["insights.import_jobs"] == 0  # still down: the sweep tries, nothing lost, no error

    broker.use(broker.real)  # the broker is back
    assert queue_sweep_run()["insights.import_jobs"] == 1
    messages = broker.queued()
    assert [(m["task"], m["argsrepr"]) for m in messages] == [("insights.import_job_run", f"({job.pk},)")]


def test_a_recent_queued_job_is_left_to_its_own_message(db, broker):
    ImportJob.objects.create(source="crm", file_name="contacts.csv", checksum="0" * 64)
    assert queue_sweep_run()["insights.import_jobs"] == 0
    assert broker.queued() == []


def test_one_failing_requeuer_does_not_stop_the_others(db):
    def broken() -> int:
        raise RuntimeError("bug")

    register_requeuer("tests.broken", broken)
    try:
        results = queue_sweep_run()
    finally:
        unregister_requeuer("tests.broken")
    assert results["tests.broken"] == 0 and "insights.import_jobs" in results
