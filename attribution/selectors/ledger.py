"""Reads of the ledger. Executive figures and the balances API both come from `ledger_balances`."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from attribution.models import LedgerBalance

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


def ledger_balances(*, period: Period, group_by: str) -> list[dict]:
    """Credited totals per group for the period, from the rollups: secured, unsecured, disputed and the
    departments' own share, as Decimals. Rows are sorted by the center's total, largest first."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    field = GROUPINGS[group_by]
    rows = (
        LedgerBalance.objects.filter(month__gte=period.start, month__lt=period.end)
        .values(field, "account")
        .annotate(total=Sum("amount"))
        .order_by()
    )
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
