"""Ledger bench: posting throughput through the service against django-hordak, and balance reads.

    make bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/centerstage_ledgerbench \\
        .venv/bin/python bench/ledger.py --outcomes 100000 --processes 8

1. Posts `--outcomes` outcomes through `outcomes_record` (the service behind `POST /api/outcomes/batch/`) from
   `--processes` processes, `--batch` outcomes per request, spread over the demo's improvements; then
   `--single` outcomes one request each through `outcome_record` (`POST /api/outcomes/`). Prints postings/s.
2. Posts the same balanced transactions (the same entries: one debit, a center and a department line per
   insight) through django-hordak's documented API (`Transaction.objects.create`, `Leg.objects.create`), in
   the same processes and the same transaction sizes, and prints the ratio ours ÷ hordak.
3. Loads `--entries` ledger entries with COPY into a second database (`--entries-database`), with the
   dashboard bench's loader (balanced postings and reversals, rollups built and checked), and prints
   p50/p95 of a quarter's balances by department from the rollups (`ledger_balances`) and from the raw
   entries.

Run it against its own database: it migrates it and seeds the demo data into it."""

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from multiprocessing import Pool

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.hordak_settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("DEMO_PASSWORD", "bench-only-demo-password")  # seed_demo refuses 'demo' with DEBUG=0
# The posting processes are forked from this one: a connection pool opened here would be shared by all of them
# (one socket, eight writers). Plain per-process connections, as before pooling, keep the figures comparable.
os.environ.setdefault("DB_POOL_MAX_SIZE", "0")


def _setup():
    import django

    django.setup()


def _rows(improvements, start: int, count: int, run: str) -> list[dict]:
    """Deterministic outcomes: amounts 100.00–999.99, a month of 2025 each (ended: value is recognised once
    realised), cycling over the improvements."""
    rows = []
    for n in range(start, start + count):
        month = 1 + n % 12
        rows.append(
            {
                "improvement": improvements[n % len(improvements)],
                "kind": ("new_revenue", "retained_revenue", "cross_sell", "cost_saved", "cost_avoided")[n % 5],
                "amount": Decimal(f"{100 + n % 900}.{n % 100:02d}"),
                "period_start": dt.date(2025, month, 1),
                "period_end": dt.date(2025, month, 28),
                "method": "bench",
                "idempotency_key": f"bench-{run}-{n}",
            }
        )
    return rows


def _improvements():
    from attribution.models import Improvement

    return list(Improvement.objects.select_related("department").order_by("id"))


def _post_ours(args) -> int:
    lead_id, start, count, batch, run = args
    _setup()
    from accounts.models import User
    from attribution.services.ledger import outcome_record, outcomes_record

    lead = User.objects.get(pk=lead_id)
    rows = _rows(_improvements(), start, count, run)
    if batch == 1:
        for row in rows:
            outcome_record(user=lead, **row)
    else:
        for i in range(0, len(rows), batch):
            outcomes_record(user=lead, rows=rows[i : i + batch])
    return count


def _hordak_accounts():
    """Hordak accounts named like ours: value realised (income), the center's three, one per department."""
    from django.conf import settings
    from hordak.models import Account

    accounts = {}
    names = ["value_realised", "center:secured", "center:unsecured", "center:disputed"]
    names += [f"department:{imp.department.slug}" for imp in _improvements()]
    for code, name in enumerate(sorted(set(names)), start=1):
        account, _ = Account.objects.get_or_create(
            name=name, defaults={"code": str(code), "type": Account.TYPES.income, "currencies": [settings.CURRENCY]}
        )
        accounts[name] = account
    return accounts


def _post_hordak(args) -> int:
    """The same entries our posting writes, as hordak legs: the debit of A and every credit line."""
    _, start, count, batch, run = args
    _setup()
    from decimal import Decimal

    from django.conf import settings
    from django.db import transaction
    from djmoney.money import Money
    from hordak.models import Leg, Transaction

    from attribution.services.ledger import insight_credit_states, posting_lines

    accounts = _hordak_accounts()
    improvements = _improvements()
    weights = {
        imp.pk: [
            (w.insight_id, w.insight.category, w.weight)
            for w in imp.insight_weights.select_related("insight").order_by("id")
        ]
        for imp in improvements
    }
    states = {
        imp.pk: insight_credit_states(department=imp.department, insight_ids=[i for i, _, _ in weights[imp.pk]])
        for imp in improvements
    }
    rows = _rows(improvements, start, count, run)
    for i in range(0, len(rows), batch):
        with transaction.atomic():
            for row in rows[i : i + batch]:
                imp = row["improvement"]
                amount = Decimal(row["amount"])
                lines = posting_lines(amount=amount, weights=weights[imp.pk], states=states[imp.pk])
                txn = Transaction.objects.create(description=row["idempotency_key"], date=row["period_end"])
                Leg.objects.create(
                    transaction=txn,
                    account=accounts["value_realised"],
                    debit=Money(amount, settings.CURRENCY),
                )
                for account, _, _, line in lines:
                    name = f"department:{imp.department.slug}" if account == "department" else account
                    if line:
                        Leg.objects.create(
                            transaction=txn, account=accounts[name], credit=Money(line, settings.CURRENCY)
                        )
    return count


def _run(fn, lead_id: int, total: int, processes: int, batch: int, run: str) -> float:
    per = total // processes
    jobs = [(lead_id, i * per, per, batch, run) for i in range(processes)]
    began = time.perf_counter()
    with Pool(processes) as pool:
        done = sum(pool.map(fn, jobs))
    return done / (time.perf_counter() - began)


def _percentiles(fn, reads: int) -> tuple[float, float]:
    samples = []
    for _ in range(reads):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def reads(*, entries: int, reads: int, year: int, quarter: int) -> None:
    """Phase 3, in the database DATABASE_URL names (dropped and created): COPY `entries` balanced ledger
    entries with the dashboard bench's loader, then time a quarter's balances by department."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{name}"')
        c.execute(f'CREATE DATABASE "{name}"')
    _setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from accounts.models import Department, User
    from attribution.models import LedgerBalance, LedgerEntry
    from attribution.selectors.ledger import Period, ledger_balances
    from bench.dashboard_data import FULL_ENTRIES, Ledger, load_ledger, months_back

    call_command("migrate", verbosity=0)
    lead = User.objects.create_user(email="lead@bench.test", password="x")
    departments = [Department.objects.create(name=f"Dept {i}", slug=f"dept-{i}") for i in range(8)]
    months = months_back(year, 3 * quarter, 15)
    ledger = Ledger(scale=entries / FULL_ENTRIES, months=months, departments=departments, user_id=lead.pk)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        loaded = load_ledger(cursor.cursor, ledger, target_entries=entries, zone=timezone.get_current_timezone())
        cursor.execute("VACUUM (ANALYZE)")
    print(
        f"loaded {loaded:,} balanced entries with COPY (+ rollups, checks, VACUUM ANALYZE) in"
        f" {time.perf_counter() - began:.0f}s; {LedgerBalance.objects.count():,} rollup rows"
    )
    period = Period.quarter(year, quarter)

    def raw():
        return list(
            LedgerEntry.objects.filter(month__gte=period.start, month__lt=period.end)
            .values("department__slug", "account")
            .annotate(total=Sum("amount"))
            .order_by()
        )

    r50, r95 = _percentiles(lambda: ledger_balances(period=period, group_by="department"), reads)
    e50, e95 = _percentiles(raw, max(reads // 5, 5))
    print(
        f"{period.label} balances by department: rollups p50 {r50:.1f} ms, p95 {r95:.1f} ms"
        f" (goal p50 <= 50 ms: {'met' if r50 <= 50 else 'NOT met'}); raw entries p50 {e50:.0f} ms,"
        f" p95 {e95:.0f} ms; rollups {e50 / r50:.0f}x faster"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outcomes", type=int, default=100_000, help="outcomes posted in batches")
    parser.add_argument("--single", type=int, default=4_000, help="outcomes posted one request each")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100, help="outcomes per request in the batched run")
    parser.add_argument("--reads", type=int, default=50)
    parser.add_argument("--entries", type=int, default=10_000_000, help="ledger entries loaded with COPY")
    parser.add_argument("--entries-database", default="centerstage_ledgerbench_entries")
    parser.add_argument("--phase", choices=("all", "postings", "reads"), default="all")
    args = parser.parse_args()
    if args.phase == "reads":
        reads(entries=args.entries, reads=args.reads, year=2026, quarter=3)
        return
    _setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--i-know-this-is-production", verbosity=0)  # a throwaway bench database
    improvements = _improvements()
    lead_id = improvements[0].created_by_id
    _hordak_accounts()
    connection.close()
    run = str(time.time_ns())
    print(f"{len(improvements)} improvements, {args.processes} processes, PostgreSQL {connection.pg_version}")

    figures = []
    for label, total, batch in (("batched", args.outcomes, args.batch), ("one per request", args.single, 1)):
        ours = _run(_post_ours, lead_id, total, args.processes, batch, run + label)
        theirs = _run(_post_hordak, lead_id, total, args.processes, batch, run + label)
        figures.append((label, total, batch, ours, theirs))
        print(
            f"{label:>16}: {total} outcomes, {batch} per transaction: ours {ours:,.0f} postings/s,"
            f" hordak {theirs:,.0f} transactions/s, ratio {ours / theirs:.2f}×"
        )
    from attribution.models import LedgerBalance
    from attribution.services.ledger import ledger_rollups_compact

    rows = LedgerBalance.objects.count()
    began = time.perf_counter()
    folded = ledger_rollups_compact()
    print(
        f"rollups after the concurrent postings: {rows:,} rows; compaction folded {folded:,} of them in"
        f" {(time.perf_counter() - began) * 1000:.0f} ms, leaving {LedgerBalance.objects.count():,} (one per key)"
    )
    call_command("ledger_check")
    if args.phase == "all":  # a child process: its own database, named in its DATABASE_URL
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        env = {**os.environ, "DATABASE_URL": f"{server}/{args.entries_database}"}
        command = [sys.executable, __file__, "--phase", "reads", "--entries", str(args.entries)]
        subprocess.run([*command, "--reads", str(args.reads)], env=env, check=True)


if __name__ == "__main__":
    main()
