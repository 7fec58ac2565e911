"""Reads of the ledger. Executive figures and the balances API both come from `ledger_balances`."""

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum

from attribution.models import LedgerBalance, LedgerEntry, LedgerTransaction

CENTER_SECURED = "center:secured"
CENTER_UNSECURED = "center:unsecured"
CENTER_DISPUTED = "center:disputed"
CENTER_ACCOUNTS = (CENTER_SECURED, CENTER_UNSECURED, CENTER_DISPUTED)
DEPARTMENT_PREFIX = "department:"
VALUE_REALISED_PREFIX = "value_realised:"
GROUPINGS = {"account": "account", "department": "department__slug", "category": "category", "insight": "insight_key"}


@dataclass(frozen=True)
class Period:
    """A closed-open range of months: [start, end)."""

    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        start = dt.date(year, 3 * (quarter - 1) + 1, 1)
        end = dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
        return cls(start, end, f"{year}-Q{quarter}")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year + 1, 1, 1), str(year))


def ledger_balances(*, period: Period, group_by: str, department_ids: Collection[int] | None = None) -> list[dict]:
    """Credited totals per group for the period, from the rollups: secured, unsecured, disputed and the
    departments' own share, as Decimals. Rows are sorted by the center's total, largest first.
    `department_ids` limits them to those departments' postings (None: every department)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    field = GROUPINGS[group_by]
    balances = LedgerBalance.objects.filter(month__gte=period.start, month__lt=period.end)
    if department_ids is not None:
        balances = balances.filter(department_id__in=department_ids)
    rows = balances.values(field, "account").annotate(total=Sum("amount")).order_by()
    groups: dict = {}
    for row in rows:
        row["total"] = Decimal(row["total"] or 0).quantize(Decimal("0.01"))  # SQLite sums decimals as floats
        account = row["account"]
        key = account if group_by == "account" else row[field]
        bucket = groups.setdefault(
            key,
            {
                "key": key,
                "secured": Decimal("0.00"),
                "unsecured": Decimal("0.00"),
                "disputed": Decimal("0.00"),
                "department": Decimal("0.00"),
            },
        )
        if account == CENTER_SECURED:
            bucket["secured"] += row["total"]
        elif account == CENTER_UNSECURED:
            bucket["unsecured"] += row["total"]
        elif account == CENTER_DISPUTED:
            bucket["disputed"] += row["total"]
        elif account.startswith(DEPARTMENT_PREFIX):
            bucket["department"] += row["total"]
    result = [g for g in groups.values() if group_by != "account" or not g["key"].startswith(VALUE_REALISED_PREFIX)]
    return sorted(result, key=lambda g: (-(g["secured"] + g["unsecured"] + g["disputed"]), str(g["key"])))


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
