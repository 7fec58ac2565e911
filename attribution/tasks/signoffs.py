"""Beat task: remind signatories about pending requests, then escalate to the executive sponsor."""

from celery import shared_task


@shared_task(name="attribution.signoff_reminders_send")
def signoff_reminders_send() -> dict:
    from attribution.services.reminders import signoff_reminders_send as send

    return send()
