"""Recompute the rollups from the entries, check that every transaction balances and that every outcome's
amount is what its value-realised entries say."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection
from django.db.models import Sum

from attribution.models import LedgerBalance, LedgerEntry, LedgerMonthTotal


class Command(BaseCommand):
    help = (
        "Check every ledger transaction balances, every rollup equals the sum of its entries and every outcome's"
        " amount equals its value-realised entries (a forecast has none); exit 1 if not."
    )

    def handle(self, *args, **options):
        problems = []
        cent = Decimal("0.01")
        # PostgreSQL sums numerics exactly, so the database can find the unbalanced transactions itself.
        totals = LedgerEntry.objects.values("transaction_id").annotate(total=Sum("amount")).exclude(total=0).order_by()
        for row in totals:
            problems.append(f"transaction {row['transaction_id']} does not balance: entries sum to {row['total']}")
        fields = ("month", "account", "department_id", "category", "currency")
        expected = {}
        for row in LedgerEntry.objects.values(*fields, "insight_id").annotate(total=Sum("amount")).order_by():
            key = (*(row[f] for f in fields), row["insight_id"] or 0)
            expected[key] = Decimal(row["total"]).quantize(cent)
        stored = {}  # summed over the slots a key is striped across
        for row in LedgerBalance.objects.values(*fields, "insight_key").annotate(total=Sum("amount")).order_by():
            key = (*(row[f] for f in fields), row["insight_key"])
            stored[key] = Decimal(row["total"]).quantize(cent)
        for key in sorted(set(expected) | set(stored), key=str):
            want, have = expected.get(key, 0), stored.get(key, 0)
            if want != have:
                problems.append(f"rollup {key}: stored {have}, entries sum to {want}")
        # The month totals are the same sums without the insight.
        coarse: dict = {}
        for key, total in expected.items():
            coarse[key[:-1]] = coarse.get(key[:-1], 0) + total
        stored_coarse = {}
        for row in LedgerMonthTotal.objects.values(*fields).annotate(total=Sum("amount")).order_by():
            stored_coarse[tuple(row[f] for f in fields)] = Decimal(row["total"]).quantize(cent)
        for key in sorted(set(coarse) | set(stored_coarse), key=str):
            want, have = coarse.get(key, 0), stored_coarse.get(key, 0)
            if want != have:
                problems.append(f"month total {key}: stored {have}, entries sum to {want}")
        problems += outcome_problems()
        if problems:
            for p in problems:
                self.stderr.write(p)
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger OK: {len(expected)} rollup rows match their entries; every outcome matches its postings."
            )
        )


# Per outcome: its value-realised entries in its posting (a debit of the amount) and in a reversal (a credit of
# it), and how many postings it has. Reclassifications never touch value-realised accounts.
OUTCOME_SQL = """
SELECT o.id, o.amount, o.forecast,
       count(DISTINCT t.id) FILTER (WHERE t.kind = 'posting') AS postings,
       COALESCE(-sum(e.amount) FILTER (WHERE t.kind = 'posting' AND starts_with(e.account, 'value_realised:')), 0),
       COALESCE(sum(e.amount) FILTER (WHERE t.kind = 'reversal' AND starts_with(e.account, 'value_realised:')), 0),
       count(DISTINCT t.id) FILTER (WHERE t.kind = 'reversal') AS reversals
FROM attribution_outcome o
LEFT JOIN attribution_ledgertransaction t ON t.outcome_id = o.id
LEFT JOIN attribution_ledgerentry e ON e.transaction_id = t.id
GROUP BY o.id, o.amount, o.forecast
ORDER BY o.id
"""


def outcome_problems() -> list[str]:
    """Outcomes whose amount differs from their value-realised entries, or with the wrong number of postings."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(OUTCOME_SQL)
        for outcome_id, amount, forecast, postings, posted, reversed_, reversals in cursor.fetchall():
            if forecast:
                if postings or reversals:
                    problems.append(f"outcome {outcome_id} is a forecast but has ledger transactions")
                continue
            if postings != 1:
                problems.append(f"outcome {outcome_id} has {postings} postings, not 1")
            elif posted != amount:
                problems.append(f"outcome {outcome_id}: amount {amount}, its value-realised entries post {posted}")
            elif reversals and reversed_ != amount:
                problems.append(f"outcome {outcome_id}: amount {amount}, its reversal takes back {reversed_}")
    return problems
