"""Outbox delivery: dispatch one event on commit, and sweep whatever was not delivered."""

from celery import shared_task


@shared_task(name="insights.outbox_dispatch", ignore_result=True)
def outbox_dispatch(event_id: int) -> None:
    from insights.outbox import outbox_dispatch_event

    outbox_dispatch_event(event_id=event_id)


@shared_task(name="insights.outbox_sweep", ignore_result=True)
def outbox_sweep() -> None:
    from insights.notifications import notification_sweep_run
    from insights.outbox import outbox_sweep_run

    outbox_sweep_run()
    notification_sweep_run()
