"""Notifications about insights: e-mail to the routed departments' members and signed webhooks.

They are an outbox consumer: for each event, one `Notification` row per department and channel is
written (exactly once, with the consumer's delivery), then each is sent by the `notification_send`
task. Sending retries with exponential backoff and logs every attempt; `notification_sweep` (beat)
resends whatever is due, so a receiver or broker outage delays a notification but never loses it.

Webhooks are POSTed as JSON with these headers (the receiver checks them with `webhook_signature_verify`):

    X-CenterStage-Event: insight.published
    Idempotency-Key: <the same on every retry of one notification>
    X-CenterStage-Timestamp: <unix seconds>
    X-CenterStage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<timestamp>." + body, keyed by the secret>
"""

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from accounts.models import DEPARTMENT_ROLES, Department
from accounts.selectors import department_members
from insights.models import Notification, NotificationAttempt, OutboxEvent
from insights.outbox import backoff_seconds, enqueue, register_consumer

logger = logging.getLogger(__name__)

CONSUMER = "insights.notifications"
SIGNATURE_HEADER = "X-CenterStage-Signature"
TIMESTAMP_HEADER = "X-CenterStage-Timestamp"


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """The signature header value for `body` sent at `timestamp`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def webhook_signature_verify(*, secret: str, header: str, body: bytes, tolerance_seconds: int = 300) -> bool:
    """True when `header` signs `body` with `secret` and its timestamp is recent (what a receiver should check)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(time.time() - timestamp) > tolerance_seconds:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, header)


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

    def _queue() -> None:
        from insights.tasks.notifications import notification_send

        for pk in created:
            enqueue(notification_send, pk)

    transaction.on_commit(_queue)


def _site_link(event: OutboxEvent) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/insights/{event.payload.get('insight_id')}/"


def _send_email(notification: Notification) -> tuple[bool, int | None, str]:
    event = notification.event
    recipients = sorted(
        department_members(department=notification.department, roles=list(DEPARTMENT_ROLES)).values_list(
            "email", flat=True
        )
    )
    if not recipients:
        return True, None, "no members to write to"
    payload = event.payload
    if event.kind == OutboxEvent.Kind.INSIGHT_WITHDRAWN:
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
            f"Estimated value at stake: {value} {payload.get('currency', '')}\n"
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


def webhook_body(notification: Notification) -> bytes:
    """The exact bytes POSTed: the same on every retry, so the signature covers a stable body."""
    event = notification.event
    document = {
        "event": event.kind,
        "event_id": event.pk,
        "idempotency_key": notification.idempotency_key,
        "department": notification.department.slug,
        "created_at": event.created_at.isoformat(),
        "data": event.payload,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _send_webhook(notification: Notification) -> tuple[bool, int | None, str]:
    department = notification.department
    if not department.webhook_url:
        return True, None, "department no longer has a webhook URL"
    body = webhook_body(notification)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - URL is an administrator-configured http(s) URLField
        department.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "CenterStage-Webhook/1",
            "X-CenterStage-Event": notification.event.kind,
            "Idempotency-Key": notification.idempotency_key,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: webhook_signature(secret=department.webhook_secret, timestamp=timestamp, body=body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            code = response.status
    except urllib.error.HTTPError as exc:
        return False, exc.code, f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return False, None, f"{type(exc).__name__}: {exc}"
    return 200 <= code < 300, code, "" if 200 <= code < 300 else f"HTTP {code}"


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
        send = _send_webhook if notification.channel == Notification.Channel.WEBHOOK else _send_email
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
        from config.celery import app
        from insights.tasks.notifications import notification_send as task

        if not app.conf.task_always_eager:  # eager mode ignores countdowns; the sweep retries instead
            try:
                task.apply_async(args=(notification_id,), countdown=retry_in)
            except Exception as exc:
                logger.warning("Could not schedule a retry of notification %s: %s", notification_id, exc)
    return notification.status


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


def register() -> None:
    register_consumer(
        CONSUMER, {OutboxEvent.Kind.INSIGHT_PUBLISHED, OutboxEvent.Kind.INSIGHT_WITHDRAWN}, notifications_fan_out
    )
