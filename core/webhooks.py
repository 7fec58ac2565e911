"""Signed webhooks: the exact body POSTed for a notification, its signature, and one delivery attempt.

Webhooks are POSTed as JSON with these headers (the receiver checks them with `webhook_signature_verify`):

    X-CenterStage-Event: insight.published
    Idempotency-Key: <the same on every retry of one notification>
    X-CenterStage-Timestamp: <unix seconds>
    X-CenterStage-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<timestamp>." + body, keyed by the secret>
"""

import hashlib
import hmac
import time
import urllib.error
import urllib.request

from django.conf import settings

from core.hashing import canonical_json
from core.models import Notification

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
    return canonical_json(document)


def webhook_send(notification: Notification) -> tuple[bool, int | None, str]:
    """POST the notification once; returns (delivered, HTTP status, what went wrong)."""
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
