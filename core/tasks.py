"""Celery tasks for the outbox, notifications and the queue sweep: thin, idempotent, take ids.

Their registered names predate the move from insights; beat schedules and messages already in the broker
use them, so they are kept.
"""

from celery import shared_task


@shared_task(name="insights.outbox_dispatch", ignore_result=True)
def outbox_dispatch(event_id: int) -> None:
    from core.outbox import outbox_dispatch_event

    outbox_dispatch_event(event_id=event_id)


@shared_task(name="insights.notification_send", ignore_result=True)
def notification_send(notification_id: int) -> None:
    """Attempt one notification; retries are rescheduled by the service itself."""
    from core.notifications import notification_send as send

    send(notification_id=notification_id)


@shared_task(name="insights.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    """Beat: deliver stranded outbox events, send due notifications, re-queue work an outage left behind."""
    from core.notifications import notification_sweep_run
    from core.outbox import outbox_sweep_run
    from core.queue import queue_sweep_run

    outbox_sweep_run()
    notification_sweep_run()
    queue_sweep_run()
