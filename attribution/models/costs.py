"""What the contact center costs, month by month: the denominator of its return."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.money import MoneyField


class CenterCost(models.Model):
    """The center's full cost for one month (staff, systems, premises), as the lead records it. One row per
    month; recording a month again replaces its amount and note and says who did it last."""

    month = models.DateField(help_text="First day of the month.")
    amount = MoneyField()
    currency = models.CharField(max_length=3)
    note = models.TextField(blank=True, help_text="What the amount includes, or where it comes from.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["month"], name="center_cost_one_per_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="center_cost_amount_positive"),
            models.CheckConstraint(condition=Q(month__day=1), name="center_cost_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}: {self.amount} {self.currency}"
