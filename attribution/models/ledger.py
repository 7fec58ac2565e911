"""Improvements, their measured outcomes, and the append-only double-entry ledger that credits the center.

Sign convention: an entry's `amount` is positive for a credit and negative for a debit, so a
transaction balances when its entries sum to zero and the center's accounts carry positive balances.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Department
from core.money import MONEY_SUM_MAX_DIGITS, MoneyField


def validate_weight(value: Decimal) -> None:
    """An insight's weight in an improvement: above 0 and at most 1, as `improvement_insight_weight_range`
    says. The one rule, used by the model, the API, the pages and the service alike."""
    if not value.is_finite() or not Decimal("0") < value <= Decimal("1"):
        raise ValidationError("A weight must be above 0 and at most 1.", code="weight_range")


class OutcomeKind(models.TextChoices):
    NEW_REVENUE = "new_revenue", "New revenue"
    RETAINED_REVENUE = "retained_revenue", "Retained revenue"
    CROSS_SELL = "cross_sell", "Cross-sell"
    COST_SAVED = "cost_saved", "Cost saved"
    COST_AVOIDED = "cost_avoided", "Cost avoided (complaints, legal cost, bad press)"


class Improvement(models.Model):
    """A change a department shipped, built on one or more insights."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="improvements")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    shipped_on = models.DateField()
    insights = models.ManyToManyField("insights.Insight", through="ImprovementInsight", related_name="improvements")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-shipped_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ImprovementInsight(models.Model):
    """How much of an improvement one insight is credited with; an improvement's weights sum to exactly 1."""

    improvement = models.ForeignKey(Improvement, on_delete=models.PROTECT, related_name="insight_weights")
    insight = models.ForeignKey("insights.Insight", on_delete=models.PROTECT, related_name="improvement_weights")
    weight = models.DecimalField(max_digits=5, decimal_places=4, validators=[validate_weight])

    class Meta:
        ordering = ["improvement", "-weight", "id"]
        constraints = [
            models.UniqueConstraint(fields=["improvement", "insight"], name="improvement_insight_once"),
            models.CheckConstraint(condition=Q(weight__gt=0, weight__lte=1), name="improvement_insight_weight_range"),
        ]


class Outcome(models.Model):
    """A measured result of an improvement. Posting it writes one balanced ledger transaction, dated on its
    `period_end` (value is recognised when realised); a forecast posts nothing and is shown as expected value.
    Rows are immutable (a trigger refuses UPDATE, DELETE and TRUNCATE): corrections are reversals."""

    improvement = models.ForeignKey(Improvement, on_delete=models.PROTECT, related_name="outcomes")
    kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    amount = MoneyField()
    currency = models.CharField(max_length=3)
    period_start = models.DateField()
    period_end = models.DateField()
    method = models.TextField(help_text="How it was measured.")
    forecast = models.BooleanField(
        default=False, db_default=False, help_text="Expected value for a period not yet ended: kept off the ledger."
    )
    idempotency_key = models.CharField(max_length=120)
    key_department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # outcome_idempotency_key_unique (key_department, idempotency_key) serves it
        help_text="Whose keys this key is one of: the recorder's department (the center for center staff).",
    )
    request_fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the submitted body; the same key with another body is refused."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key_department", "idempotency_key"], name="outcome_idempotency_key_unique"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="outcome_amount_positive"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="outcome_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency} · {self.improvement}"


class LedgerTransaction(models.Model):
    """A balanced set of entries. Append-only: corrected by reversal, never edited."""

    class Kind(models.TextChoices):
        POSTING = "posting", "Outcome posted"
        RECLASSIFICATION = "reclassification", "Credit reclassified after a sign-off"
        REVERSAL = "reversal", "Reversal"
        DIRECT = "direct", "The center's direct value posted (retention saves and agent sales)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    outcome = models.ForeignKey(Outcome, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions")
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    signoff_record = models.ForeignKey(
        "attribution.SignoffRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    effective_on = models.DateField(help_text="The day the value counts for: decides its month and quarter.")
    memo = models.TextField(blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    posted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["reclassification", "direct"]) | Q(outcome__isnull=False),
                name="ledger_transaction_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(kind="reversal") | Q(reverses__isnull=False), name="ledger_transaction_reversal_links"
            ),
        ]
        indexes = [models.Index(fields=["effective_on"], name="ledger_txn_effective_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class LedgerEntry(models.Model):
    """One line of a transaction. Accounts: `value_realised:<kind>`, `center:secured|unsecured|disputed`,
    `department:<slug>`."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="entries")
    account = models.CharField(max_length=80)
    # Wider than one amount: a reclassification moves the credit of every outcome on an insight in one line.
    amount = MoneyField(max_digits=MONEY_SUM_MAX_DIGITS, help_text="Positive credit, negative debit.")
    currency = models.CharField(max_length=3)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    # No index of its own: ledger_entry_insight_idx (insight, month) serves reads by insight.
    insight = models.ForeignKey(
        "insights.Insight", null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    category = models.CharField(max_length=30, blank=True, help_text="The insight's senior-level category.")
    outcome_kind = models.CharField(max_length=20, choices=OutcomeKind.choices)
    month = models.DateField(help_text="First day of the transaction's effective month.")

    class Meta:
        ordering = ["transaction", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="ledger_entry_amount_nonzero"),
        ]
        indexes = [
            models.Index(fields=["month", "account"], name="ledger_entry_month_acct_idx"),
            models.Index(fields=["insight", "month"], name="ledger_entry_insight_idx"),
        ]


ROLLUP_SLOTS = 16


class LedgerBalance(models.Model):
    """Rollup: the sum of entries per (month, account, department, category, insight), kept in the same
    transaction as each posting. `insight_key` is the insight id or 0, so the key has no NULLs.

    Each key is striped over up to ROLLUP_SLOTS rows (`slot` = the writing connection's backend pid modulo
    ROLLUP_SLOTS): concurrent postings to the same department and month then update different rows instead
    of queueing on one row lock until each commits. Readers sum over slots, as every GROUP BY already does."""

    month = models.DateField()
    account = models.CharField(max_length=80)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, blank=True)
    insight_key = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3)
    slot = models.PositiveSmallIntegerField(default=0, db_default=0)
    amount = MoneyField(max_digits=MONEY_SUM_MAX_DIGITS, default=0)  # sums of amounts: see MONEY_SUM_MAX_DIGITS
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "account", "department", "category", "insight_key", "currency", "slot"],
                name="ledger_balance_key_unique",
            ),
        ]
        # No index holds `amount` or `entry_count`, and the table keeps free room on each page (fillfactor 70,
        # migration 0019): every posting adds to rows already there, and an update that changes no indexed column
        # and fits its page is a heap-only tuple (HOT) that writes no index entry. Reads take months by the key's
        # leading `month`.


class LedgerMonthTotal(models.Model):
    """Rollup of the rollup: LedgerBalance summed over insights, per (month, account, department, category), kept
    by the same statement batch as LedgerBalance (attribution.services.ledger.rollups) and striped over the same
    slots. The executive view's month, business-area and department figures read it: a quarter is some hundreds
    of rows here against tens of thousands in LedgerBalance. `ledger_check` proves it equals the entries."""

    month = models.DateField()
    account = models.CharField(max_length=80)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    category = models.CharField(max_length=30, blank=True)
    currency = models.CharField(max_length=3)
    slot = models.PositiveSmallIntegerField(default=0, db_default=0)
    amount = MoneyField(max_digits=MONEY_SUM_MAX_DIGITS, default=0)  # sums of amounts: see MONEY_SUM_MAX_DIGITS
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "account"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "account", "department", "category", "currency", "slot"],
                name="ledger_month_total_key_unique",
            ),
        ]
        # As LedgerBalance: no index holds what postings add to, so their updates are HOT (fillfactor 70).


class AccountingPeriod(models.Model):
    """A month that a lead or admin has closed: nothing dated in it may be posted any more."""

    month = models.DateField(unique=True, help_text="First day of the month.")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"{self.month:%B %Y} (closed)"
