"""Recompute the rollups from the entries and check that every transaction balances."""

from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db.models import Sum

from attribution.models import LedgerBalance, LedgerEntry, LedgerMonthTotal


class Command(BaseCommand):
    help = "Check every ledger transaction balances and every rollup equals the sum of its entries; exit 1 if not."

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
        if problems:
            for p in problems:
                self.stderr.write(p)
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"Ledger OK: {len(expected)} rollup rows match their entries."))
