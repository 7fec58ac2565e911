"""Insights, their evidence and the frozen revisions departments sign."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Department
from core.money import MoneyField


class Category(models.TextChoices):
    """The senior-level category an insight (and the value credited from it) serves."""

    FINANCIAL_GROWTH = "financial_growth", "Financial growth"
    EFFICIENCY = "efficiency", "Efficiency"
    CUSTOMER_EXPERIENCE = "customer_experience", "Customer experience"
    RISK_AVOIDANCE = "risk_avoidance", "Risk avoided"
    VISION = "vision", "Vision"


class InsightStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Insight(models.Model):
    """What the center tells the rest of the company. Its working copy; revisions freeze what was published."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="Markdown, stored as written, sanitised when rendered.")
    customer_voice = models.JSONField(default=list, blank=True, help_text="Quotes from customers, already redacted.")
    category = models.CharField(max_length=30, choices=Category.choices, blank=True)
    estimated_value = MoneyField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    value_assumptions = models.TextField(blank=True, help_text="The assumptions and method behind the value.")
    statistics = models.JSONField(default=dict, blank=True, help_text="Computed from the evidence and kept with it.")
    departments = models.ManyToManyField(Department, blank=True, related_name="insights", through="InsightRouting")
    status = models.CharField(max_length=10, choices=InsightStatus.choices, default=InsightStatus.DRAFT)
    has_unpublished_changes = models.BooleanField(default=True)
    emerging_issue = models.ForeignKey(
        "insights.EmergingIssue", null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True, help_text="When the latest revision was published.")
    current_revision = models.ForeignKey(
        "insights.InsightRevision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The latest published revision: what departments read and sign.",
    )

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_value__isnull=True) | Q(estimated_value__gte=0),
                name="insight_estimated_value_nonnegative",
            ),
        ]
        indexes = [models.Index(fields=["status", "-estimated_value"], name="insight_status_value_idx")]

    def __str__(self) -> str:
        return self.title


ROUTING_REASON_MAX_LENGTH = 1000


class InsightRouting(models.Model):
    """A department an insight is routed to, and why that department should act on it (frozen when published)."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE)
    department = models.ForeignKey(Department, on_delete=models.CASCADE)
    # db_default too: rows written by plain SQL (bench, older code) name only the two keys.
    reason = models.CharField(max_length=ROUTING_REASON_MAX_LENGTH, blank=True, default="", db_default="")

    class Meta:
        # The table Django made for the plain many-to-many, kept with its rows.
        db_table = "insights_insight_departments"
        constraints = [
            models.UniqueConstraint(fields=["insight", "department"], name="insight_routing_department_once"),
        ]

    def __str__(self) -> str:
        return f"{self.insight_id} → {self.department_id}"


class InsightEvidence(models.Model):
    """A contact linked to an insight as evidence, with the analyst's note."""

    insight = models.ForeignKey(Insight, on_delete=models.CASCADE, related_name="evidence")
    # No SQL foreign key (contacts are partitioned): the evidence services check the ids exist as they link them,
    # and retention and erasure remove the links to the contacts they delete.
    contact = models.ForeignKey(
        "insights.Contact", on_delete=models.PROTECT, related_name="evidence_links", db_constraint=False
    )
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["insight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["insight", "contact"], name="insight_evidence_contact_once"),
        ]


class InsightRevision(models.Model):
    """A published, frozen copy of an insight. Immutable: a PostgreSQL trigger refuses UPDATE and DELETE."""

    insight = models.ForeignKey(Insight, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    content = models.JSONField(help_text="The canonical content as published.")
    canonical_json = models.TextField(help_text="The exact bytes hashed: sorted keys, no spaces, UTF-8.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of canonical_json.")
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Copies of the frozen content in columns, so lists, filters and search read published text, never a draft.
    title = models.CharField(max_length=200, default="")
    summary = models.TextField(blank=True, default="")
    category = models.CharField(max_length=30, choices=Category.choices, blank=True, default="")
    estimated_value = MoneyField(null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    evidence_count = models.PositiveIntegerField(default=0)
    departments = models.ManyToManyField(Department, blank=True, related_name="insight_revisions")

    class Meta:
        ordering = ["insight", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["insight", "number"], name="insight_revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.insight} r{self.number}"
