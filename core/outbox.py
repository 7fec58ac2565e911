"""The transactional outbox: events written with the change they report, delivered to registered consumers.

A service calls `outbox_event_record(...)` inside its own transaction; the event row commits (or
not) with the change. On commit, `outbox_dispatch` is queued; if the broker is down then, the beat
task `outbox_sweep` finds the event later. Each consumer registered for the event's kind runs once:
its `OutboxDelivery` row (unique per event and consumer) is locked, the handler runs in a savepoint
of the same transaction and the row is marked delivered with it, so a consumer's database writes and
its "done" mark commit together. A handler that raises is retried with exponential backoff.

Apps register consumers from their AppConfig.ready(); core never imports them:

    register_consumer("signoff.requests", {"insight.published"}, handle_published)
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from core.models import OutboxDelivery, OutboxEvent
from core.queue import enqueue, enqueue_on_commit

logger = logging.getLogger(__name__)

Handler = Callable[[OutboxEvent], None]

__all__ = [
    "Consumer",
    "backoff_seconds",
    "consumers_for",
    "enqueue",
    "outbox_dispatch_event",
    "outbox_event_record",
    "outbox_sweep_run",
    "register_consumer",
    "unregister_consumer",
]


@dataclass(frozen=True)
class Consumer:
    name: str
    kinds: frozenset[str]
    handler: Handler


_CONSUMERS: dict[str, Consumer] = {}


def register_consumer(name: str, kinds: set[str], handler: Handler) -> None:
    """Run `handler(event)` once for every outbox event whose kind is in `kinds`; re-registering replaces it."""
    unknown = set(kinds) - set(OutboxEvent.Kind.values)
    if unknown:
        raise ValueError(f"Unknown outbox event kinds: {sorted(unknown)}")
    _CONSUMERS[name] = Consumer(name=name, kinds=frozenset(kinds), handler=handler)


def unregister_consumer(name: str) -> None:
    _CONSUMERS.pop(name, None)


def consumers_for(kind: str) -> list[Consumer]:
    return [c for c in _CONSUMERS.values() if kind in c.kinds]


def backoff_seconds(attempts: int) -> int:
    """Wait before attempt `attempts + 1`: base · 2^(attempts − 1), capped."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    return int(min(base * 2 ** max(attempts - 1, 0), settings.OUTBOX_RETRY_MAX_SECONDS))


def outbox_event_record(
    *, kind: str, payload: dict, insight: models.Model | None = None, revision: models.Model | None = None
) -> OutboxEvent:
    """Write an event in the caller's transaction and queue its dispatch for after the commit."""
    from core.tasks import outbox_dispatch

    event = OutboxEvent.objects.create(kind=kind, payload=payload, insight=insight, revision=revision)
    enqueue_on_commit(outbox_dispatch, event.pk)
    return event


def _deliver(event: OutboxEvent, consumer: Consumer, *, force: bool) -> str:
    """Run one consumer for one event, exactly once; returns the delivery's status afterwards."""
    with transaction.atomic():
        OutboxDelivery.objects.get_or_create(event=event, consumer=consumer.name)
        delivery = (
            OutboxDelivery.objects.select_for_update(skip_locked=True)
            .filter(event=event, consumer=consumer.name)
            .first()
        )
        if delivery is None:  # another worker holds it right now
            return OutboxDelivery.Status.PENDING
        if delivery.status != OutboxDelivery.Status.PENDING:
            return delivery.status
        now = timezone.now()
        if not force and delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery.status
        delivery.attempts += 1
        try:
            with transaction.atomic():
                consumer.handler(event)
        except Exception as exc:
            logger.exception("Outbox consumer %s failed on %s", consumer.name, event)
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if delivery.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                delivery.status = OutboxDelivery.Status.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = now + timedelta(seconds=backoff_seconds(delivery.attempts))
        else:
            delivery.status = OutboxDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.next_attempt_at = None
            delivery.last_error = ""
        delivery.save(update_fields=["attempts", "status", "next_attempt_at", "last_error", "delivered_at"])
        return delivery.status


def outbox_dispatch_event(*, event_id: int, force: bool = False) -> dict[str, str]:
    """Run every registered consumer that has not yet handled the event; returns consumer → status."""
    event = OutboxEvent.objects.filter(pk=event_id).first()
    if event is None:
        return {}
    results = {c.name: _deliver(event, c, force=force) for c in consumers_for(event.kind)}
    pending = [name for name, status in results.items() if status == OutboxDelivery.Status.PENDING]
    errors = OutboxDelivery.objects.filter(event=event).exclude(last_error="").values_list("last_error", flat=True)
    OutboxEvent.objects.filter(pk=event.pk).update(
        attempts=event.attempts + 1,
        last_error="\n".join(errors)[:2000],
        processed_at=None if pending else (event.processed_at or timezone.now()),
    )
    return results


def outbox_sweep_run(*, limit: int = 500) -> int:
    """Dispatch every event not yet handled by all its consumers (oldest first); returns how many were tried."""
    unprocessed = OutboxEvent.objects.filter(processed_at__isnull=True).order_by("id")
    ids = list(unprocessed.values_list("id", flat=True)[:limit])
    for event_id in ids:
        outbox_dispatch_event(event_id=event_id)
    return len(ids)
