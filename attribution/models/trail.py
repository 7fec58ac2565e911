"""The evidence trail of a sign-off request: every step from sending to answering, append-only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SignoffEvent(models.Model):
    """One step in a request's life, as an e-signature audit report lists it. PostgreSQL refuses UPDATE, DELETE
    and TRUNCATE (migration `0014_signoff_event_triggers`), so the trail only grows."""

    class Kind(models.TextChoices):
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered (first opened)"
        VIEWED = "viewed", "Viewed"
        SIGNED = "signed", "Signed"
        DECLINED = "declined", "Declined"
        PINKY_SWORN = "pinky_sworn", "Informally acknowledged (not signed)"
        REMINDED = "reminded", "Reminded"
        ESCALATED = "escalated", "Escalated"

    request = models.ForeignKey("attribution.SignoffRequest", on_delete=models.PROTECT, related_name="trail")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(max_length=20, blank=True, help_text="How it reached them: email, webhook, page.")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    detail = models.CharField(max_length=500, blank=True, help_text="Recipients, a reason, in plain words.")
    record = models.ForeignKey(
        "attribution.SignoffRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["request", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="delivered"), name="signoff_event_one_delivered_per_request"
            ),
        ]
        indexes = [models.Index(fields=["request", "at"], name="signoff_event_request_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · request {self.request_id} · {self.at:%Y-%m-%d %H:%M}"
