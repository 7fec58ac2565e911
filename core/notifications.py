"""Notifications about insights: e-mail to the routed departments' members and signed webhooks.

They are an outbox consumer: for each event, one `Notification` row per department and channel is
written (exactly once, with the consumer's delivery), then each is sent by the `notification_send`
task. Sending retries with exponential backoff and logs every attempt; `notification_sweep` (beat)
resends whatever is due, so a receiver or broker outage delays a notification but never loses it.

Webhooks (signing, body, the POST) live in `core.webhooks`. Which events notify is the registering app's
choice: insights calls `register()` from its AppConfig.ready().

A direct message is an event whose payload names its own `recipient_ids` (users), `subject` and `body` (and the
`department_id` it is about): one e-mail notification goes to exactly those people, with the same retries and
log. An app registers its kinds with `register_direct_messages()` (sign-offs: a decline told to the
department's executive sponsor and the center's leads).
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import DEPARTMENT_ROLES, Department, Role, User
from accounts.selectors import department_members
from core import formats
from core.models import Notification, NotificationAttempt, OutboxEvent
from core.outbox import backoff_seconds, register_consumer
from core.queue import enqueue_on_commit
from core.webhooks import (  # noqa: F401 - re-exported: receivers and tests import them from here
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    webhook_body,
    webhook_send,
    webhook_signature,
    webhook_signature_verify,
)

logger = logging.getLogger(__name__)

# Stored in OutboxDelivery.consumer for every event already handled: the name outlives the move to core.
CONSUMER = "insights.notifications"
EMERGING_CONSUMER = "emerging.notifications"  # a new emerging problem: one e-mail to the center's leads


def _event_departments(event: OutboxEvent) -> list[Department]:
    ids = [d["id"] for d in event.payload.get("departments", [])]
    return list(Department.objects.filter(pk__in=ids, is_contact_center=False).order_by("pk"))


def notifications_fan_out(event: OutboxEvent) -> None:
    """Outbox consumer: one notification per routed department and channel, sent after the commit."""
    created: list[int] = []
    for department in _event_departments(event):
        channels = [(Notification.Channel.EMAIL, "members")]
        if department.webhook_url:
            channels.append((Notification.Channel.WEBHOOK, department.webhook_url))
        for channel, target in channels:
            notification, was_created = Notification.objects.get_or_create(
                event=event,
                department=department,
                channel=channel,
                defaults={"idempotency_key": f"evt-{event.pk}-{channel}-{department.slug}", "target": target},
            )
            if was_created:
                created.append(notification.pk)
    from core.tasks import notification_send

    for pk in created:
        enqueue_on_commit(notification_send, pk)


def emerging_problem_fan_out(event: OutboxEvent) -> None:
    """Outbox consumer: one e-mail notification to the contact center's leads about a new emerging problem."""
    center = Department.objects.filter(is_contact_center=True).first()
    if center is None:
        return
    channel = Notification.Channel.EMAIL
    notification, created = Notification.objects.get_or_create(
        event=event,
        department=center,
        channel=channel,
        defaults={"idempotency_key": f"evt-{event.pk}-{channel}-leads", "target": "center leads"},
    )
    if created:
        from core.tasks import notification_send

        enqueue_on_commit(notification_send, notification.pk)


def _recipients(notification: Notification) -> list[str]:
    """Insight events go to the routed department's people; a new emerging problem to the center's leads."""
    roles = [Role.LEAD] if notification.event.kind == OutboxEvent.Kind.EMERGING_PROBLEM_FLAGGED else DEPARTMENT_ROLES
    members = department_members(department=notification.department, roles=list(roles))
    return sorted(members.values_list("email", flat=True))


def _emerging_problem_email(event: OutboxEvent) -> tuple[str, str]:
    payload = event.payload
    label = str(payload.get("reason_code", "")).replace("_", " ")
    what = "more contacts than usual" if payload.get("signal") == "volume" else "more unhappy customers than usual"
    link = f"{settings.SITE_URL.rstrip('/')}/emerging-issues/"
    body = (
        f"A new problem was flagged: {what} about “{label}”.\n\n{payload.get('summary', '')}\n\n"
        f"You get one e-mail per new problem, not one per hour it lasts. See it, and draft an insight from it:\n"
        f"{link}\n"
    )
    return f"New emerging issue: {label} — {what}", body


def _site_link(event: OutboxEvent) -> str:
    # `?via=email` lets the page tell a first opening from the e-mail apart from one from the site.
    return f"{settings.SITE_URL.rstrip('/')}/insights/{event.payload.get('insight_id')}/?via=email"


def direct_messages_fan_out(event: OutboxEvent) -> None:
    """Outbox consumer for direct messages: one e-mail notification to the payload's recipients, after the commit."""
    department = Department.objects.filter(pk=event.payload.get("department_id")).first()
    addresses = _direct_addresses(event)
    if department is None or not addresses:
        return
    notification, created = Notification.objects.get_or_create(
        event=event,
        department=department,
        channel=Notification.Channel.EMAIL,
        defaults={
            "idempotency_key": f"evt-{event.pk}-direct",
            "target": ", ".join(addresses)[:500],
        },
    )
    if created:
        from core.tasks import notification_send

        enqueue_on_commit(notification_send, notification.pk)


def _direct_addresses(event: OutboxEvent) -> list[str]:
    """The active users a direct message names, by id: the outbox keeps no e-mail address, and a changed address
    is the one written to."""
    ids = event.payload.get("recipient_ids") or []
    return sorted(User.objects.filter(pk__in=ids, is_active=True).values_list("email", flat=True))


def _direct_messages(notification: Notification) -> list[EmailMessage]:
    payload = notification.event.payload
    return [
        EmailMessage(
            subject=payload.get("subject", ""),
            body=payload.get("body", ""),
            to=[address],
            headers={"Idempotency-Key": notification.idempotency_key, "X-CenterStage-Event": notification.event.kind},
        )
        for address in _direct_addresses(notification.event)
    ]


def _send_email(notification: Notification) -> tuple[bool, int | None, str]:
    event = notification.event
    if "recipient_ids" in event.payload:
        direct = _direct_messages(notification)
        get_connection().send_messages(direct)
        return True, None, f"sent to {len(direct)}"
    recipients = _recipients(notification)
    if not recipients:
        return True, None, "no members to write to"
    payload = event.payload
    if event.kind == OutboxEvent.Kind.EMERGING_PROBLEM_FLAGGED:
        subject, body = _emerging_problem_email(event)
    elif event.kind == OutboxEvent.Kind.INSIGHT_WITHDRAWN:
        subject = f"Insight withdrawn: {payload.get('title', '')}"
        body = (
            f"The contact center has withdrawn the insight “{payload.get('title', '')}” "
            f"routed to {notification.department.name}.\n\n{_site_link(event)}\n"
        )
    else:
        subject = f"New insight for {notification.department.name}: {payload.get('title', '')}"
        value = payload.get("estimated_value")
        body = (
            f"The contact center has published an insight for {notification.department.name}.\n\n"
            f"{payload.get('title', '')}\n\n{payload.get('summary', '')}\n\n"
            f"Estimated value at stake: {formats.money(value, currency=payload.get('currency') or None, short=True)}\n"
            f"Revision {payload.get('revision_number')} (content hash {payload.get('content_hash', '')[:12]}…)\n\n"
            f"Read it and its evidence: {_site_link(event)}\n"
        )
    messages = [
        EmailMessage(
            subject=subject,
            body=body,
            to=[address],
            headers={"Idempotency-Key": notification.idempotency_key, "X-CenterStage-Event": event.kind},
        )
        for address in recipients
    ]
    get_connection().send_messages(messages)
    return True, None, f"sent to {len(recipients)}"


def notification_send(*, notification_id: int, force: bool = False) -> str:
    """Attempt one due notification once, log the attempt and schedule the next; returns its status."""
    retry_in: int | None = None
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "department")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None:
            return "busy"
        now = timezone.now()
        if notification.status != Notification.Status.PENDING:
            return notification.status
        if not force and notification.next_attempt_at > now:
            return notification.status
        started = time.monotonic()
        send = webhook_send if notification.channel == Notification.Channel.WEBHOOK else _send_email
        try:
            ok, code, message = send(notification)
        except Exception as exc:  # an SMTP failure or a bug must be logged and retried, not lost
            logger.exception("Sending %s failed", notification)
            ok, code, message = False, None, f"{type(exc).__name__}: {exc}"
        NotificationAttempt.objects.create(
            notification=notification,
            attempted_at=now,
            succeeded=ok,
            status_code=code,
            error="" if ok else message[:2000],
            duration_ms=int((time.monotonic() - started) * 1000),
        )
        notification.attempts += 1
        notification.last_status_code = code
        notification.last_error = "" if ok else message[:2000]
        if ok:
            notification.status = Notification.Status.DELIVERED
            notification.delivered_at = timezone.now()
        elif notification.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            notification.status = Notification.Status.FAILED
        else:
            retry_in = backoff_seconds(notification.attempts)
            notification.next_attempt_at = now + timedelta(seconds=retry_in)
        notification.save(
            update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at", "next_attempt_at"]
        )
    if retry_in is not None:
        _retry_later(notification_id, retry_in)
    return notification.status


def _retry_later(notification_id: int, seconds: int) -> None:
    """Schedule the next attempt; if the broker is down the sweep sends it when due, so nothing is lost."""
    from celery import current_app

    from core.tasks import notification_send as task

    if current_app.conf.task_always_eager:  # eager mode ignores countdowns; the sweep retries instead
        return
    try:
        task.apply_async(args=(notification_id,), countdown=seconds)
    except Exception as exc:  # a broker outage must not undo the attempt just logged
        logger.warning("Could not schedule a retry of notification %s: %s", notification_id, exc)


def notification_sweep_run(*, limit: int = 500) -> int:
    """Send every pending notification whose next attempt is due; returns how many were tried."""
    ids = list(
        Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    for pk in ids:
        notification_send(notification_id=pk)
    return len(ids)


DIRECT_CONSUMER = "core.direct_messages"


def register_direct_messages(kinds: set[str]) -> None:
    """E-mail events of these kinds to the recipients their payload names (called from an AppConfig.ready())."""
    register_consumer(DIRECT_CONSUMER, set(kinds), direct_messages_fan_out)


def register() -> None:
    """Notify routed departments of insight events, and the center's leads of new emerging problems (called by
    the insights app, which owns those events)."""
    register_consumer(
        CONSUMER, {OutboxEvent.Kind.INSIGHT_PUBLISHED, OutboxEvent.Kind.INSIGHT_WITHDRAWN}, notifications_fan_out
    )
    register_consumer(EMERGING_CONSUMER, {OutboxEvent.Kind.EMERGING_PROBLEM_FLAGGED}, emerging_problem_fan_out)
