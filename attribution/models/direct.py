"""The center's direct value: its own retention saves and agent sales, posted to the ledger once a month."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.money import MoneyField


class DirectValuePosting(models.Model):
    """One month's direct value, counted from the contacts once the month has ended and posted in full to the
    center (`center:direct`, no department share). The unique month makes the posting idempotent: however many
    times the command or the beat job runs, a month is posted once. The counts behind the save rate and the
    cross-sell conversion are kept with it, so the executive view reads a row a month, not the contacts."""

    month = models.DateField(help_text="First day of the month the contacts started in.")
    transaction = models.OneToOneField(
        "attribution.LedgerTransaction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="direct_value",
        help_text="Empty when the month had no saves or sales to credit.",
    )
    retention_saves = MoneyField(help_text="Sum of the account values of the contacts retained.")
    agent_sales = MoneyField(help_text="Sum of the contacts' sale values.")
    currency = models.CharField(max_length=3)
    asked_to_leave = models.PositiveIntegerField(help_text="Contacts whose reason is leaving, or marked retained.")
    saves = models.PositiveIntegerField(help_text="Contacts marked retained.")
    saves_without_value = models.PositiveIntegerField(help_text="Saves with no account value: counted, not valued.")
    handled = models.PositiveIntegerField(help_text="Contacts an agent handled (not abandoned).")
    sales = models.PositiveIntegerField(help_text="Contacts with a sale value above zero.")
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["month"], name="direct_value_posting_once_per_month"),
            models.CheckConstraint(
                condition=Q(retention_saves__gte=0, agent_sales__gte=0), name="direct_value_posting_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return f"Direct value {self.month:%B %Y}"
