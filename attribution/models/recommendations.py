"""A center lead's case for investment, framed in a senior-level category with the value it should bring."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.money import MoneyField


class Recommendation(models.Model):
    class Investment(models.TextChoices):
        STAFF = "staff", "Staff"
        TRAINING = "training", "Training"
        SYSTEMS = "systems", "Systems"

    title = models.CharField(max_length=200)
    investment = models.CharField(max_length=10, choices=Investment.choices)
    category = models.CharField(max_length=30, help_text="The senior-level category it serves.")
    case = models.TextField(help_text="The argument, in the executive's terms.")
    expected_value = MoneyField()
    currency = models.CharField(max_length=3)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(expected_value__gt=0), name="recommendation_expected_value_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class RecommendationDecision(models.Model):
    """An executive's answer to a recommendation: approved (it becomes tracked), declined with a reason, or more
    asked for (the lead answers, and a later decision follows). Append-only: a new answer is a new row."""

    class Answer(models.TextChoices):
        APPROVE = "approve", "Approved"
        DECLINE = "decline", "Declined"
        MORE = "more", "More asked for"

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="decisions")
    answer = models.CharField(max_length=10, choices=Answer.choices)
    reason = models.TextField(blank=True, help_text="Why it was declined, or what more is needed.")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="approve") | ~Q(reason=""), name="recommendation_decision_reason_given"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_answer_display()}: {self.recommendation}"
