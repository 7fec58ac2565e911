"""The outbox: events commit with their change, each registered consumer handles each event exactly once."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from accounts.models import Department
from core.models import OutboxDelivery, OutboxEvent
from core.outbox import (
    backoff_seconds,
    outbox_dispatch_event,
    outbox_sweep_run,
    register_consumer,
    unregister_consumer,
)
from insights.models import InsightRevision
from insights.services.insights import insight_publish


@pytest.fixture
def recorder():
    """A consumer that records the events it handled, and fails while told to."""

    class Recorder:
        def __init__(self):
            self.seen: list[int] = []
            self.fail = 0

        def __call__(self, event):
            Department.objects.create(name=f"Side effect {event.pk}-{len(self.seen)}", slug=f"side-{len(self.seen)}")
            self.seen.append(event.pk)
            if self.fail:
                self.fail -= 1
                raise RuntimeError("receiver is down")

    handler = Recorder()
    register_consumer("tests.recorder", {"insight.published"}, handler)
    yield handler
    unregister_consumer("tests.recorder")


def test_unknown_event_kinds_cannot_be_registered():
    with pytest.raises(ValueError, match="Unknown"):
        register_consumer("tests.bad", {"insight.exploded"}, lambda event: None)


def test_the_event_is_written_in_the_publishing_transaction(org, draft):
    with pytest.raises(RuntimeError), transaction.atomic():
        insight_publish(insight=draft, publisher=org.lead)
        raise RuntimeError("the request failed after publishing")
    assert not OutboxEvent.objects.exists()
    assert not InsightRevision.objects.exists()


def test_dispatch_runs_each_consumer_once_however_often_it_is_dispatched(org, draft, recorder):
    insight_publish(insight=draft, publisher=org.lead)
    event = OutboxEvent.objects.get()
    outbox_dispatch_event(event_id=event.pk)
    outbox_dispatch_event(event_id=event.pk)
    outbox_sweep_run()
    assert recorder.seen == [event.pk]
    delivery = OutboxDelivery.objects.get(event=event, consumer="tests.recorder")
    assert delivery.status == "delivered"
    assert delivery.attempts == 1
    event.refresh_from_db()
    assert event.processed_at is not None


def test_a_failing_consumer_backs_off_keeps_no_half_writes_and_succeeds_later(org, draft, recorder):
    recorder.fail = 2
    insight_publish(insight=draft, publisher=org.lead)
    event = OutboxEvent.objects.get()
    before = timezone.now()
    outbox_dispatch_event(event_id=event.pk)
    delivery = OutboxDelivery.objects.get(event=event, consumer="tests.recorder")
    assert delivery.status == "pending"
    assert delivery.attempts == 1
    assert "receiver is down" in delivery.last_error
    assert delivery.next_attempt_at >= before + timedelta(seconds=backoff_seconds(1))
    assert not Department.objects.filter(slug__startswith="side-").exists()  # rolled back with the failure
    # Other consumers are not held back by the failing one.
    assert OutboxDelivery.objects.get(event=event, consumer="insights.notifications").status == "delivered"
    event.refresh_from_db()
    assert event.processed_at is None

    outbox_sweep_run()  # not yet due: nothing happens
    assert OutboxDelivery.objects.get(pk=delivery.pk).attempts == 1

    OutboxDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox_sweep_run()
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.next_attempt_at - timezone.now() > timedelta(seconds=backoff_seconds(1))  # doubled

    OutboxDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    outbox_sweep_run()
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert delivery.attempts == 3
    assert Department.objects.filter(slug__startswith="side-").count() == 1
    event.refresh_from_db()
    assert event.processed_at is not None


def test_a_consumer_that_keeps_failing_is_given_up_on(org, draft, recorder, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    recorder.fail = 99
    insight_publish(insight=draft, publisher=org.lead)
    event = OutboxEvent.objects.get()
    outbox_dispatch_event(event_id=event.pk)
    outbox_dispatch_event(event_id=event.pk, force=True)
    delivery = OutboxDelivery.objects.get(event=event, consumer="tests.recorder")
    assert delivery.status == "failed"
    event.refresh_from_db()
    assert event.processed_at is not None  # nothing left to try; the failure stays on record


def test_backoff_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 600
    assert [backoff_seconds(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]


def test_publish_queues_dispatch_on_commit(org, draft, recorder, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        insight_publish(insight=draft, publisher=org.lead)
    assert callbacks
    assert recorder.seen == [OutboxEvent.objects.get().pk]
