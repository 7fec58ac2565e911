"""Contacts as they arrive (already redacted), the import jobs that bring them, and emerging issues."""

from django.conf import settings
from django.contrib.postgres.indexes import BrinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.money import MoneyField


class Channel(models.TextChoices):
    CALL = "call", "Call"
    CHAT = "chat", "Chat"
    EMAIL = "email", "E-mail"
    SOCIAL = "social", "Social post"
    SURVEY = "survey", "Survey"


# Channels that wait in a queue for an agent; the queue metrics count only these.
QUEUED_CHANNELS = (Channel.CALL, Channel.CHAT)


class Contact(models.Model):
    """One customer contact. `source` + `external_id` is the idempotency key of every import.

    Stored range-partitioned by month of `started_at` (migration 0010_contact_partitioned_by_month): PostgreSQL's
    primary key is (id, started_at), Django's pk is `id` (a sequence, so unique all the same). The key is enforced
    across partitions by `ContactKey`, filled by a statement trigger; a stored contact's source, external_id and
    started_at never change (a trigger refuses it). Nothing holds a foreign key to a contact at the SQL level: a
    foreign key to a partitioned table needs the partition key in it. See `ContactKey` for what checks instead.
    """

    source = models.CharField(max_length=60)
    external_id = models.CharField(max_length=120)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    started_at = models.DateTimeField()
    queue = models.CharField(max_length=80, blank=True)
    wait_seconds = models.PositiveIntegerField(default=0)
    handle_seconds = models.PositiveIntegerField(default=0)
    abandoned = models.BooleanField(default=False)
    reason_code = models.CharField(max_length=80, blank=True)
    resolved_first_contact = models.BooleanField(null=True, blank=True)
    csat = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    nps = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    sentiment = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
    )
    text = models.TextField(blank=True, help_text="Excerpt, redacted of personal data before it is stored.")
    customer_ref = models.CharField(max_length=120, blank=True, help_text="Pseudonymous customer reference.")
    profane = models.BooleanField(
        default=False, db_default=False, help_text="The excerpt holds profanity: the customer was angry (issue 17)."
    )
    account_value = MoneyField(null=True, blank=True, help_text="Annual revenue of the customer's account.")
    retained = models.BooleanField(
        null=True, blank=True, help_text="The customer meant to leave: true if they stayed, false if they left."
    )
    sale_value = MoneyField(null=True, blank=True, help_text="Revenue an agent sold on the contact.")
    # No SQL foreign key and no index: a foreign key costs every imported row a queued trigger event, and nothing
    # reads contacts by job (the job keeps its own counts). Only the import writes it, with the job it holds.
    import_job = models.ForeignKey(
        "insights.ImportJob",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(csat__isnull=True) | Q(csat__gte=1, csat__lte=5), name="contact_csat_range"
            ),
            models.CheckConstraint(
                condition=Q(nps__isnull=True) | Q(nps__gte=0, nps__lte=10), name="contact_nps_range"
            ),
            models.CheckConstraint(
                condition=Q(sentiment__isnull=True) | Q(sentiment__gte=-1, sentiment__lte=1),
                name="contact_sentiment_range",
            ),
            models.CheckConstraint(
                condition=Q(account_value__isnull=True) | Q(account_value__gte=0),
                name="contact_account_value_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(sale_value__isnull=True) | Q(sale_value__gte=0), name="contact_sale_value_nonnegative"
            ),
        ]
        # Besides the primary key (id, started_at), which serves reads by id (evidence, samples), only this: a
        # BRIN index for time ranges inside a month (listen-in windows, an emerging issue's sample contacts),
        # nearly free to keep. Month ranges (metrics, the emerging-issue check) are served by partition pruning.
        indexes = [BrinIndex(fields=["started_at"], name="contact_started_at_brin", autosummarize=True)]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.source}/{self.external_id}"


class ContactKey(models.Model):
    """The idempotency key of every stored contact, one row per (source, external_id), across all partitions.

    A unique index on the partitioned contacts would have to include `started_at`, so it could not see a contact
    moved to another month. This table can: a statement-level trigger on insights_contact inserts the keys of
    every statement's new rows (a duplicate fails with this table's primary key), and the import compares a known
    key's `started_at` with the file's to report a moved row as a conflict. Retention removes the keys of the
    months it drops; erasure leaves them, so re-importing a file does not bring an erased contact back.
    """

    # Byte-order collation ("C"): the key is only ever compared for equality, and C comparisons keep the index
    # that every imported row enters several times cheaper than the database's linguistic collation.
    pk = models.CompositePrimaryKey("source", "external_id")
    source = models.CharField(max_length=60, db_collation="C")
    external_id = models.CharField(max_length=120, db_collation="C")
    started_at = models.DateTimeField()

    class Meta:
        db_table = "insights_contact_key"

    def __str__(self) -> str:
        return f"{self.source}/{self.external_id}"


class ContactMetricsDay(models.Model):
    """Rollup: the counts and sums every competency metric is computed from, per local day and channel.

    Kept in the same transaction as the contacts it counts (insights.services.metrics_rollup), so reading a
    quarter reads a few hundred rows instead of every contact. `basis` records the time zone and thresholds the
    parts were counted under: rows counted under other settings are stale, and readers fall back to the
    contacts until `manage.py contact_metrics_rollup --rebuild`. Field names are the parts' names in
    insights.selectors.metrics.
    """

    day = models.DateField(help_text="The local day (TIME_ZONE) the contacts started on.")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    basis = models.CharField(max_length=120, help_text="Time zone and thresholds the parts were counted under.")
    n_offered = models.PositiveIntegerField(default=0)
    n_in_target = models.PositiveIntegerField(default=0)
    n_abandoned = models.PositiveIntegerField(default=0)
    n_answered = models.PositiveIntegerField(default=0)
    total_wait = models.BigIntegerField(default=0, help_text="Seconds waited by the answered contacts.")
    n_handled = models.PositiveIntegerField(default=0)
    total_handle = models.BigIntegerField(default=0, help_text="Handle seconds of the handled contacts.")
    n_resolved = models.PositiveIntegerField(default=0)
    n_resolution_known = models.PositiveIntegerField(default=0)
    n_csat = models.PositiveIntegerField(default=0)
    n_csat_good = models.PositiveIntegerField(default=0)
    n_nps = models.PositiveIntegerField(default=0)
    n_promoters = models.PositiveIntegerField(default=0)
    n_detractors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day", "channel"]
        constraints = [models.UniqueConstraint(fields=["day", "channel"], name="contact_metrics_day_unique")]

    def __str__(self) -> str:
        return f"{self.day} {self.channel}"


class ImportJob(models.Model):
    """One uploaded file of contacts: its checksum, progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed (file unusable)"

    source = models.CharField(max_length=60)
    file_name = models.CharField(max_length=255, blank=True)
    file_path = models.CharField(max_length=500, blank=True, help_text="Where the upload waits for the worker.")
    checksum = models.CharField(max_length=64, help_text="SHA-256 of the file.")
    size_bytes = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    progress = models.DecimalField(max_digits=5, decimal_places=4, default=0, help_text="0 to 1.")
    error = models.TextField(blank=True, help_text="Why the file as a whole was refused.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        default=timezone.now,
        help_text="Last sign of life: handed to the broker, claimed, or a batch committed. Empty while the broker "
        "could not be reached, so the sweep queues it as soon as it answers.",
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Runs started; each claim fences off the runs before it."
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.file_name or self.source} ({self.status})"


class ImportRowError(models.Model):
    """A row the import rejected whole, with the field at fault."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField()
    field = models.CharField(max_length=60)
    message = models.CharField(max_length=500)

    class Meta:
        ordering = ["job", "row_number"]


class EmergingIssue(models.Model):
    """A reason code whose volume or dissatisfaction spiked against its own baseline in one window."""

    class Signal(models.TextChoices):
        VOLUME = "volume", "Volume"
        DISSATISFACTION = "dissatisfaction", "Dissatisfaction"
        ANGER = "anger", "Anger"

    reason_code = models.CharField(max_length=80)
    signal = models.CharField(max_length=20, choices=Signal.choices, default=Signal.VOLUME)
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    observed = models.DecimalField(max_digits=12, decimal_places=3)
    expected = models.DecimalField(max_digits=12, decimal_places=3)
    score = models.DecimalField(max_digits=10, decimal_places=3, help_text="How unusual: a z-score or similar.")
    # No SQL foreign key to the partitioned contacts; retention and erasure remove the links they orphan.
    sample_contacts = models.ManyToManyField(Contact, blank=True, related_name="+", db_constraint=False)
    detected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reason_code", "signal", "window_start", "window_end"], name="emerging_issue_once_per_window"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reason_code} ({self.get_signal_display().lower()}) {self.window_start:%Y-%m-%d %H:%M}"
