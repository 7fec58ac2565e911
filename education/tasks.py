"""Celery tasks for executive education: thin, idempotent, take ids."""

from celery import shared_task


# The name predates the education app (issue 13); queued messages and workers still know it by it.
@shared_task(name="insights.listen_in_send_invitation", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def listen_in_send_invitation(session_id: int) -> bool:
    """E-mail a listen-in invitation; does nothing if it was already sent."""
    from education.services import listen_in_invitation_send

    return listen_in_invitation_send(session_id=session_id)
