"""Beat tasks: remind signatories about pending requests, then escalate to the executive sponsor; anchor the
sign-off chain's head."""

from celery import shared_task


@shared_task(name="attribution.signoff_reminders_send")
def signoff_reminders_send() -> dict:
    from attribution.services.reminders import signoff_reminders_send as send

    return send()


@shared_task(name="attribution.chain_anchor_write")
def chain_anchor_write() -> int | None:
    """Anchor the sign-off chain's head (idempotent); the new anchor's sequence, or None when unmoved."""
    from attribution.services.anchors import chain_anchor_write as write

    anchor = write()
    return anchor.sequence if anchor else None


@shared_task(name="attribution.signoff_certificate_mail")
def signoff_certificate_mail(record_id: int) -> str:
    """E-mail the signer a copy of their certificate."""
    from attribution.services.certificate_mail import signoff_certificate_mail as send

    return send(record_id=record_id)
