"""Credit agreements, the sign-off requests a publish opens, the chained records that answer them,
the actions departments commit to, and the reminders sent about them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department


class CreditAgreement(models.Model):
    """A version of the terms under which a department credits the center with a share of improvements.

    `department` empty = the default terms. Once any record has used a version it can no longer change
    (a PostgreSQL trigger refuses UPDATE/DELETE of used versions).
    """

    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="credit_agreements"
    )
    version = models.PositiveIntegerField()
    terms = models.TextField(help_text="Markdown: the department received the insight from the center, and its share.")
    terms_hash = models.CharField(max_length=64, help_text="SHA-256 of the terms text as shown to signers.")
    share = models.DecimalField(
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="The center's share of the value of any improvement built on the insight, e.g. 0.2000.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["department", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "version"],
                condition=Q(department__isnull=False),
                name="credit_agreement_department_version_unique",
            ),
            models.UniqueConstraint(
                fields=["version"], condition=Q(department__isnull=True), name="credit_agreement_default_version_unique"
            ),
            models.CheckConstraint(condition=Q(share__gt=0, share__lte=1), name="credit_agreement_share_range"),
        ]

    def __str__(self) -> str:
        whose = self.department.name if self.department_id else "Default"
        return f"{whose} terms v{self.version} ({self.share:.0%})"


class SignoffStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SIGNED = "signed", "Signed"
    PINKY_SWORN = "pinky_sworn", "Pinky-sworn (informal)"
    DECLINED = "declined", "Declined"
    SUPERSEDED = "superseded", "Superseded"


class SignoffRequest(models.Model):
    """A request that one routed department sign one published revision of an insight."""

    insight = models.ForeignKey("insights.Insight", on_delete=models.PROTECT, related_name="signoff_requests")
    revision = models.ForeignKey("insights.InsightRevision", on_delete=models.PROTECT, related_name="signoff_requests")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="signoff_requests")
    status = models.CharField(max_length=12, choices=SignoffStatus.choices, default=SignoffStatus.PENDING)
    due_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    source_event = models.ForeignKey(
        "core.OutboxEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "department"], name="signoff_request_revision_department_unique"
            ),
        ]
        indexes = [models.Index(fields=["department", "status"], name="signoff_req_dept_status_idx")]

    def __str__(self) -> str:
        return f"{self.department} · {self.revision} ({self.status})"


class SignoffRecord(models.Model):
    """A signature, a pinky swear or a decline: immutable, and chained by hash to the record before it."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", "Signed agreement"
        PINKY_SWEAR = "pinky_swear", "Informal — not a signed agreement"
        DECLINE = "decline", "Declined"

    class Authentication(models.TextChoices):
        PASSWORD_REENTERED = "password-reentered", "Password re-entered when signing"
        RECENT_LOGIN = "recent-login", "Signed in shortly before signing"
        SSO = "sso", "Single sign-on"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    request = models.ForeignKey(SignoffRequest, on_delete=models.PROTECT, related_name="records")
    revision = models.ForeignKey("insights.InsightRevision", on_delete=models.PROTECT, related_name="+")
    content_hash = models.CharField(max_length=64)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="signoff_records")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signoff_records")
    typed_name = models.CharField(max_length=200, blank=True)
    consent_text = models.CharField(max_length=500, blank=True)
    agreement = models.ForeignKey(CreditAgreement, on_delete=models.PROTECT, related_name="records")
    terms_text = models.TextField()
    terms_hash = models.CharField(max_length=64)
    credit_share = models.DecimalField(max_digits=5, decimal_places=4)
    reason = models.TextField(blank=True, help_text="Why the department declined.")
    signed_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    authentication = models.CharField(
        max_length=20,
        choices=Authentication.choices,
        blank=True,
        default="",
        help_text="How a signer proved who they were when signing; blank on declines, pinky swears and older records.",
    )
    sequence = models.PositiveBigIntegerField(help_text="Position in the chain of every record, from 1.")
    previous_hash = models.CharField(
        max_length=64, help_text="record_hash of the record before; 64 zeros for the first."
    )
    record_hash = models.CharField(max_length=64, help_text="SHA-256 over the canonical JSON of this record.")

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["sequence"], name="signoff_record_sequence_unique"),
            models.UniqueConstraint(fields=["record_hash"], name="signoff_record_hash_unique"),
            # A decline may be followed by a pinky swear and then a signature (the seed's escalation ladder):
            # one of each per request, never two signatures or two declines.
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="signature"), name="signoff_record_one_signature_per_request"
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="decline"), name="signoff_record_one_decline_per_request"
            ),
            models.UniqueConstraint(
                fields=["request"], condition=Q(kind="pinky_swear"), name="signoff_record_one_pinky_swear_per_request"
            ),
            models.CheckConstraint(
                condition=~Q(kind="decline") | ~Q(reason=""), name="signoff_record_decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.get_kind_display()} · {self.department}"


class ActionCommitment(models.Model):
    """Something a department commits to doing about an insight, with an owner and a due date."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    request = models.ForeignKey(SignoffRequest, on_delete=models.PROTECT, related_name="actions")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_actions")
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(null=True, blank=True)
    drop_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="dropped") | ~Q(drop_reason=""), name="action_commitment_dropped_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(done_on__isnull=False), name="action_commitment_done_has_date"
            ),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_on < timezone.localdate()

    @property
    def days_late(self) -> int:
        """Days past the due date of an open action (0 when it is not overdue)."""
        return (timezone.localdate() - self.due_on).days if self.is_overdue else 0

    @property
    def days_left(self) -> int:
        """Days until the due date (negative once it has passed)."""
        return (self.due_on - timezone.localdate()).days

    @property
    def done_on_time(self) -> bool | None:
        if self.status != self.Status.DONE:
            return None
        return self.done_on <= self.due_on


class SignoffReminder(models.Model):
    """One reminder or escalation step sent about a request; the unique step makes each send happen once."""

    class Step(models.TextChoices):
        REMINDER = "reminder", "Reminder to signatories"
        ESCALATION = "escalation", "Escalation to the executive sponsor"

    request = models.ForeignKey(SignoffRequest, on_delete=models.PROTECT, related_name="reminders")
    step = models.CharField(max_length=12, choices=Step.choices)
    recipients = models.JSONField(default=list)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["request", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "step"], name="signoff_reminder_once_per_step"),
        ]
