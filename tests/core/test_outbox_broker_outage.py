"""Broker down while publishing: nothing is lost; once it is back the sweep delivers everything, exactly once."""

import logging
import time

import pytest
from django.core import mail

from accounts.models import Department
from core.models import Notification, OutboxDelivery, OutboxEvent
from core.tasks import outbox_sweep

SECRET = "sales-secret"


def _use_broker(monkeypatch, app, url: str) -> None:
    # Celery reads CELERY_BROKER_URL from the environment before app.conf, so set both; then drop
    # the pooled connections so the next publish really dials `url`.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
def test_broker_down_during_publish_is_delivered_after_it_returns_exactly_once(
    org, draft, receiver, live_worker, api_as, monkeypatch
):
    from config.celery import app

    for department in (org.marketing, org.sales):
        Department.objects.filter(pk=department.pk).update(webhook_url=receiver.url, webhook_secret=SECRET)
    mail.outbox = []
    real_broker = app.conf.broker_url

    # A Celery worker reconfigures logging (root level, handlers), so listen on the outbox's own logger.
    warnings: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = warnings.append
    outbox_logger = logging.getLogger("core.queue")
    monkeypatch.setattr(outbox_logger, "disabled", False)
    monkeypatch.setattr(outbox_logger, "level", logging.WARNING)
    monkeypatch.setattr(outbox_logger, "handlers", [*outbox_logger.handlers])  # restored after the test
    outbox_logger.addHandler(handler)

    _use_broker(monkeypatch, app, "redis://127.0.0.1:1/0")  # nothing listens on port 1
    response = api_as(org.lead).post(f"/api/insights/{draft.pk}/publish/")
    assert response.status_code == 200, response.content  # the outage never fails the publish
    assert any("127.0.0.1:1" in r.getMessage() for r in warnings)  # the dispatch really could not be queued
    event = OutboxEvent.objects.get()
    time.sleep(0.5)
    assert receiver.requests == []
    assert not OutboxDelivery.objects.filter(event=event).exists()
    assert event.processed_at is None

    _use_broker(monkeypatch, app, real_broker)
    outbox_sweep.delay()  # what beat does every OUTBOX_SWEEP_SECONDS
    assert _wait_for(lambda: Notification.objects.filter(status="delivered").count() == 4), list(
        Notification.objects.values("channel", "department__slug", "status", "last_error")
    )
    # A second sweep (and a late duplicate dispatch) must not send anything again.
    outbox_sweep.delay()
    from core.tasks import outbox_dispatch

    outbox_dispatch.delay(event.pk)
    time.sleep(2)

    assert sorted(r["headers"]["X-CenterStage-Event"] for r in receiver.requests) == ["insight.published"] * 2
    assert len({r["headers"]["Idempotency-Key"] for r in receiver.requests}) == 2
    assert len(mail.outbox) == 4  # two members in each of the two departments, once each
    event.refresh_from_db()
    assert event.processed_at is not None
    assert OutboxDelivery.objects.get(event=event, consumer="insights.notifications").attempts == 1
