"""The transactional outbox (events and each consumer's delivery) and the notifications it sends.

The tables were created by the insights app and keep their names, so moving them here moved no data.
"""

from django.db import models
from django.utils import timezone

from accounts.models import Department


class OutboxEvent(models.Model):
    """An event written in the same transaction as the change it reports; delivered later, exactly once.

    Consumers (notifications, sign-off requests) each record their own delivery, keyed by event id.
    """

    class Kind(models.TextChoices):
        INSIGHT_PUBLISHED = "insight.published", "Insight published"
        INSIGHT_WITHDRAWN = "insight.withdrawn", "Insight withdrawn"
        SIGNOFF_DECLINED = "signoff.declined", "Sign-off declined"
        EMERGING_PROBLEM_FLAGGED = "emerging.problem_flagged", "New emerging problem flagged"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    payload = models.JSONField()
    insight = models.ForeignKey(
        "insights.Insight", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    revision = models.ForeignKey(
        "insights.InsightRevision", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    created_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True, help_text="When every consumer had handled it.")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        db_table = "insights_outboxevent"  # created by insights before the move; the rows stay put
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["processed_at", "created_at"], name="outbox_unprocessed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


class OutboxDelivery(models.Model):
    """One consumer's handling of one outbox event; the unique pair makes delivery exactly-once per consumer."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    consumer = models.CharField(max_length=80)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "insights_outboxdelivery"  # created by insights before the move; the rows stay put
        ordering = ["event", "consumer"]
        constraints = [
            models.UniqueConstraint(fields=["event", "consumer"], name="outbox_delivery_event_consumer_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.consumer} ({self.status})"


class Notification(models.Model):
    """One message to one department about one event (an e-mail to its members or a signed webhook)."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="notifications")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="notifications")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    idempotency_key = models.CharField(max_length=80, unique=True, help_text="Sent with every attempt.")
    target = models.CharField(max_length=500, blank=True, help_text="The URL, or how many recipients.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "insights_notification"  # created by insights before the move; the rows stay put
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "department", "channel"], name="notification_event_department_channel_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.department} for {self.event} ({self.status})"


class NotificationAttempt(models.Model):
    """The delivery log: every attempt to send a notification and what came of it."""

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="log")
    attempted_at = models.DateTimeField(default=timezone.now)
    succeeded = models.BooleanField(default=False)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "insights_notificationattempt"  # created by insights before the move; the rows stay put
        ordering = ["notification", "attempted_at", "id"]


class DemoMail(models.Model):
    """An e-mail the demo sent, kept for its in-app "Demo mail" page instead of a mail server or the log.

    Written by `core.demo_mail.DemoMailBackend`, which `make demo` selects (EMAIL_BACKEND); nothing else uses it."""

    sent_at = models.DateTimeField(default=timezone.now)
    from_email = models.CharField(max_length=300, blank=True)
    to = models.JSONField(default=list, help_text="Every recipient: to, cc and bcc.")
    subject = models.CharField(max_length=500, blank=True)
    body = models.TextField(blank=True)
    attachments = models.JSONField(default=list, blank=True, help_text="The attachments' file names.")

    class Meta:
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
