"""Reads of the ledger. Executive figures and the balances API both come from `ledger_balances`."""

from collections.abc import Collection
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from attribution.models import LedgerBalance, LedgerEntry, LedgerMonthTotal, LedgerTransaction
from core.periods import Period  # noqa: F401  (re-exported: callers import Period from here)

CENTER_SECURED = "center:secured"
CENTER_UNSECURED = "center:unsecured"
CENTER_DISPUTED = "center:disputed"
CENTER_ACCOUNTS = (CENTER_SECURED, CENTER_UNSECURED, CENTER_DISPUTED)
DEPARTMENT_PREFIX = "department:"
VALUE_REALISED_PREFIX = "value_realised:"
GROUPINGS = {
    "account": "account",
    "department": "department__slug",
    "category": "category",
    "insight": "insight_key",
    "month": "month",
}


BUCKETS = {
    "secured": Q(account=CENTER_SECURED),
    "unsecured": Q(account=CENTER_UNSECURED),
    "disputed": Q(account=CENTER_DISPUTED),
    "department": Q(account__startswith=DEPARTMENT_PREFIX),
}
ZERO = Decimal("0.00")


def ledger_balances(
    *,
    period: Period,
    group_by: str,
    department_ids: Collection[int] | None = None,
    insight_ids: Collection[int] | None = None,
    limit: int | None = None,
) -> list[dict]:
    """Credited totals per group for the period, from the rollups: secured, unsecured, disputed and the
    departments' own share, as Decimals — one row per group, summed by the database. Rows are sorted by
    the center's total, largest first (then by key); `limit` keeps the first rows. `department_ids` and
    `insight_ids` limit the rows to those departments' postings and those insights (None: all)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    field = GROUPINGS[group_by]
    # Reads that need no insight take the month totals (the same sums without the insight): far fewer rows.
    rollup = LedgerBalance if group_by == "insight" or insight_ids is not None else LedgerMonthTotal
    balances = rollup.objects.filter(month__gte=period.start, month__lt=period.end).exclude(
        account__startswith=VALUE_REALISED_PREFIX
    )
    if department_ids is not None:
        balances = balances.filter(department_id__in=department_ids)
    if insight_ids is not None:
        balances = balances.filter(insight_key__in=insight_ids)
    sums = {name: Coalesce(Sum("amount", filter=q), Value(ZERO)) for name, q in BUCKETS.items()}
    center = Coalesce(Sum("amount", filter=Q(account__startswith="center:")), Value(ZERO))
    rows = balances.values(field).annotate(**sums, center=center).order_by("-center", field)
    if limit is not None:
        rows = rows[:limit]
    result = []
    for row in rows:
        group = {"key": row[field]}
        for name in BUCKETS:
            group[name] = Decimal(row[name]).quantize(ZERO)  # always two places, however the sum is scaled
        result.append(group)
    return result


def ledger_transactions_scoped(*, department_ids: Collection[int] | None) -> QuerySet[LedgerTransaction]:
    """Every transaction (None), or those whose entries all belong to the given departments. Postings,
    reclassifications and reversals each carry one department on every line; a transaction with a line
    outside the scope would show that line, so it is left out rather than shown in part."""
    transactions = LedgerTransaction.objects.all()
    if department_ids is None:
        return transactions
    department_ids = list(department_ids)
    if not department_ids:
        return transactions.none()
    inside = LedgerEntry.objects.filter(transaction=OuterRef("pk"), department_id__in=department_ids)
    outside = LedgerEntry.objects.filter(transaction=OuterRef("pk")).exclude(department_id__in=department_ids)
    return transactions.filter(Exists(inside), ~Exists(outside))
