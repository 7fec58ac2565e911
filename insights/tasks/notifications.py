"""Sending one notification (e-mail or webhook); retries are rescheduled by the service itself."""

from celery import shared_task


@shared_task(name="insights.notification_send", ignore_result=True)
def notification_send(notification_id: int) -> None:
    from insights.notifications import notification_send as send

    send(notification_id=notification_id)
