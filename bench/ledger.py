"""Ledger bench: post outcomes through the service from N processes and print postings/s; then time a
quarter's balances by department from the rollups vs from raw entries (p50/p95).

    DATABASE_URL=postgres://.../bench_db python bench/ledger.py --outcomes 100000 --processes 8

django-hordak comparison and the 10M-entry COPY load are not implemented yet."""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _setup():
    import django

    django.setup()


def _post(args):
    improvement_id, lead_id, start, count = args
    _setup()
    from accounts.models import User
    from attribution.models import Improvement
    from attribution.services.ledger import outcome_record

    improvement = Improvement.objects.select_related("department").get(pk=improvement_id)
    lead = User.objects.get(pk=lead_id)
    for n in range(start, start + count):
        outcome_record(
            user=lead,
            improvement=improvement,
            kind="cost_saved",
            amount=f"{100 + n % 900}.{n % 100:02d}",
            period_start=dt.date(2026, 1 + n % 12, 1),
            period_end=dt.date(2026, 1 + n % 12, 28),
            method="bench",
            idempotency_key=f"bench-{time.time_ns()}-{n}",
        )
    return count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--outcomes", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--reads", type=int, default=50)
    args = parser.parse_args()
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from attribution.models import Improvement, LedgerEntry
    from attribution.selectors.ledger import Period, ledger_balances

    improvement = Improvement.objects.order_by("id").first()
    lead = improvement.created_by
    connection.close()
    per = args.outcomes // args.processes
    jobs = [(improvement.pk, lead.pk, i * per, per) for i in range(args.processes)]
    began = time.perf_counter()
    with Pool(args.processes) as pool:
        total = sum(pool.map(_post, jobs))
    elapsed = time.perf_counter() - began
    print(
        f"posted {total} outcomes from {args.processes} processes in {elapsed:.1f}s: {total / elapsed:.0f} postings/s"
    )
    period = Period.quarter(2026, 1)

    def timed(fn):
        samples = []
        for _ in range(args.reads):
            t = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]

    def raw():
        list(
            LedgerEntry.objects.filter(month__gte=period.start, month__lt=period.end)
            .values("department__slug", "account")
            .annotate(t=Sum("amount"))
        )

    entries = LedgerEntry.objects.count()
    r50, r95 = timed(lambda: ledger_balances(period=period, group_by="department"))
    e50, e95 = timed(raw)
    print(
        f"{entries} entries; quarter by department: rollups p50 {r50:.1f} ms p95 {r95:.1f} ms;"
        f" raw p50 {e50:.1f} ms p95 {e95:.1f} ms"
    )


if __name__ == "__main__":
    main()
