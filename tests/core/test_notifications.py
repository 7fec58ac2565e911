"""Notifications: e-mail to the routed departments' members and HMAC-signed webhooks, retried with backoff."""

import json
import time

from django.core import mail
from django.utils import timezone

from core.models import Notification, OutboxEvent
from core.notifications import webhook_signature, webhook_signature_verify
from core.outbox import outbox_sweep_run
from core.tasks import outbox_sweep
from insights.services.insights import insight_publish

SECRET = "marketing-shared-secret"


def _configure(department, url):
    department.webhook_url = url
    department.webhook_secret = SECRET
    department.save(update_fields=["webhook_url", "webhook_secret"])


def _publish(org, draft, capture):
    with capture(execute=True):
        return insight_publish(insight=draft, publisher=org.lead)


def test_publish_emails_members_and_posts_a_signed_webhook(org, draft, receiver, django_capture_on_commit_callbacks):
    _configure(org.marketing, receiver.url)
    revision = _publish(org, draft, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1  # only Marketing has a webhook
    request = receiver.requests[0]
    headers = request["headers"]
    assert webhook_signature_verify(secret=SECRET, header=headers["X-CenterStage-Signature"], body=request["body"])
    assert headers["X-CenterStage-Signature"].startswith(f"t={headers['X-CenterStage-Timestamp']},v1=")
    assert headers["X-CenterStage-Event"] == "insight.published"
    event = OutboxEvent.objects.get()
    assert headers["Idempotency-Key"] == f"evt-{event.pk}-webhook-marketing"
    body = json.loads(request["body"])
    assert body["data"]["revision_id"] == revision.pk
    assert body["data"]["content_hash"] == revision.content_hash
    assert body["department"] == "marketing"

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted(
        [org.marketing_member.email, org.marketing_signatory.email, org.sales_member.email, org.sales_signatory.email]
    )
    assert all(draft.title in m.subject for m in mail.outbox)
    assert set(Notification.objects.values_list("status", flat=True)) == {"delivered"}


def test_a_failing_receiver_is_retried_with_backoff_and_every_attempt_is_logged(
    org, draft, receiver, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    _configure(org.marketing, receiver.url)
    receiver.statuses = [503]
    _publish(org, draft, django_capture_on_commit_callbacks)
    webhook = Notification.objects.get(channel="webhook")
    assert webhook.status == "pending"
    assert webhook.attempts == 1
    assert webhook.last_status_code == 503
    assert 25 <= (webhook.next_attempt_at - timezone.now()).total_seconds() <= 31

    outbox_sweep_run()
    from core.notifications import notification_sweep_run

    assert notification_sweep_run() == 0  # not yet due
    Notification.objects.filter(pk=webhook.pk).update(next_attempt_at=timezone.now())
    assert notification_sweep_run() == 1
    webhook.refresh_from_db()
    assert webhook.status == "delivered"
    assert webhook.attempts == 2
    log = list(webhook.log.values_list("succeeded", "status_code"))
    assert log == [(False, 503), (True, 200)]
    keys = {r["headers"]["Idempotency-Key"] for r in receiver.requests}
    assert keys == {webhook.idempotency_key}
    assert len(receiver.requests) == 2
    bodies = {r["body"] for r in receiver.requests}
    assert len(bodies) == 1  # the same body on every retry: the receiver can deduplicate on the key

    notification_sweep_run()
    assert len(receiver.requests) == 2  # delivered means never sent again


def test_an_unreachable_receiver_is_logged_and_given_up_on_after_the_last_attempt(
    org, draft, closed_port_url, django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    _configure(org.marketing, closed_port_url)
    _publish(org, draft, django_capture_on_commit_callbacks)
    webhook = Notification.objects.get(channel="webhook")
    assert webhook.status == "pending"
    assert "Connection refused" in webhook.last_error or "URLError" in webhook.last_error
    Notification.objects.filter(pk=webhook.pk).update(next_attempt_at=timezone.now())
    outbox_sweep.delay()
    webhook.refresh_from_db()
    assert webhook.status == "failed"
    assert webhook.log.count() == 2


def test_withdrawal_is_notified_too(org, draft, receiver, django_capture_on_commit_callbacks):
    from insights.services.insights import insight_withdraw

    _configure(org.marketing, receiver.url)
    _publish(org, draft, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        insight_withdraw(insight=draft, lead=org.lead, reason="Solved")
    assert [json.loads(r["body"])["event"] for r in receiver.requests] == ["insight.published", "insight.withdrawn"]
    assert len(mail.outbox) == 4
    assert all(m.subject.startswith("Insight withdrawn") for m in mail.outbox)


def test_signatures_refuse_tampering_and_stale_timestamps():
    body = b'{"a":1}'
    now = int(time.time())
    header = webhook_signature(secret=SECRET, timestamp=now, body=body)
    assert webhook_signature_verify(secret=SECRET, header=header, body=body)
    assert not webhook_signature_verify(secret=SECRET, header=header, body=b'{"a":2}')
    assert not webhook_signature_verify(secret="other", header=header, body=body)
    stale = webhook_signature(secret=SECRET, timestamp=now - 3600, body=body)
    assert not webhook_signature_verify(secret=SECRET, header=stale, body=body)
    assert not webhook_signature_verify(secret=SECRET, header="garbage", body=body)


def test_a_webhook_url_needs_a_secret(org):
    import pytest
    from django.core.exceptions import ValidationError

    org.sales.webhook_url = "https://sales.example.com/hook"
    with pytest.raises(ValidationError):
        org.sales.full_clean()
