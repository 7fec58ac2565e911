"""Bench the executive view at full size: COPY 1M contacts and 10M ledger entries, then time /exec/ and
/api/exec/summary/ over N requests each and print p50/p95 and the ratio to the goals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python bench/dashboard.py --database centerstage_dashbench

--scale 1.0 (the default) loads 1,000,000 contacts and 10,000,000 ledger entries; --scale 0.01 is a quick run.
Works on the database named by --database (dropped and created), never the one in DATABASE_URL; --reuse keeps
a database an earlier run loaded (migrations are applied, the load is skipped) to time code changes alone.

What is loaded, all inside the 15 months that end with the benchmarked quarter (2026-Q3 by default):
* contacts arriving day by day (fewer at weekends, more in business hours, volume growing over time), on five
  channels and five queues, with waits, abandons, handle times, resolution, C-sat and NPS answers;
* insights (a fifth still without an improvement: the pipeline), improvements built on one to three of them,
  and one outcome per posting. Each posting is the balanced transaction `outcome_record` writes: the value
  realised is debited, and per insight the center's share (secured, unsecured or disputed) and the
  department's rest are credited, split by the service's own `posting_lines`. One posting in 200 is reversed
  the next month. The monthly rollups (`attribution_ledgerbalance`, what the executive reads) are built from
  the entries with one INSERT ... SELECT ... GROUP BY, then checked against them. The contacts' daily metrics
  rollup is built by its own rebuild service (the COPY goes around the import that keeps it).

Loading follows PostgreSQL's "Populating a Database" advice: each table's secondary indexes and foreign keys
are dropped during its COPY and recreated afterwards (every foreign key re-validated in one pass). The
deferred per-row trigger `ledger_entry_balanced` is disabled for the load only and re-enabled before timing;
instead one query checks that every transaction sums to zero. The append-only triggers stay enabled (they
fire on UPDATE and DELETE, never on COPY).
"""

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Timed the way production serves: DEBUG off (no query log, manifest static files, JSON logs), requests over
# HTTPS (with DEBUG off the site redirects plain HTTP), static files collected into a scratch directory.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "x" * 50)
os.environ.setdefault("STATIC_ROOT", str(Path(tempfile.gettempdir()) / "centerstage-bench-static"))
os.environ.setdefault("LOG_LEVEL", "WARNING")  # the request log would interleave with the figures

from dashboard_data import (  # noqa: E402 - the data generators and loaders beside this script
    FULL_CONTACTS,
    FULL_ENTRIES,
    GOALS_MS,
    SPAN_MONTHS,
    Ledger,
    load_contacts,
    load_ledger,
    months_back,
    next_month,
)

# ---------------------------------------------------------------- timing


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(math.ceil(len(times) * 0.95) - 1, 0)]


def profile_request(client, path: str) -> None:
    """One request with every SQL statement timed: the slowest five and the share of time spent in SQL."""
    from django.db import connection

    spent = []

    def timer(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.append(((time.perf_counter() - t) * 1000, " ".join(sql.split())[:110]))

    t = time.perf_counter()
    with connection.execute_wrapper(timer):
        client.get(path, secure=True)
    total = (time.perf_counter() - t) * 1000
    sql = sum(ms for ms, _ in spent)
    print(f"  profile {path}: {total:.1f} ms, {len(spent)} queries, {sql:.1f} ms in SQL")
    for ms, text in sorted(spent, reverse=True)[:5]:
        print(f"    {ms:7.1f} ms  {text}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--database", default="bench_dashboard", help="dropped and created unless --reuse")
    ap.add_argument("--year", type=int, default=2026)
    ap.add_argument("--quarter", type=int, default=3, choices=(1, 2, 3, 4))
    ap.add_argument("--reuse", action="store_true", help="keep the data an earlier run loaded into --database")
    ap.add_argument("--profile", action="store_true", help="time each SQL statement of one request per endpoint")
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server.")
    server = url.rsplit("/", 1)[0]
    os.environ["DATABASE_URL"] = f"{server}/{args.database}"

    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    if not args.reuse:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
            c.execute(f'CREATE DATABASE "{args.database}"')
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    from accounts.models import Department, Membership, Role, User
    from insights.models import Contact
    from insights.selectors.metrics import contact_metrics, contact_metrics_by_month, local_midnight
    from insights.services.metrics_rollup import contact_metrics_rollup_rebuild

    zone = timezone.get_current_timezone()
    months = months_back(args.year, 3 * args.quarter, SPAN_MONTHS)
    cur = connection.cursor().cursor  # the psycopg cursor under Django's wrapper
    if args.reuse and Contact.objects.exists():
        exec_user = User.objects.get(email="exec@bench.test")
        print(f"reusing {args.database}: {Contact.objects.count():,} contacts", end="")
        cur.execute("SELECT count(*) FROM attribution_ledgerentry")
        print(f", {cur.fetchone()[0]:,} ledger entries")
    else:
        exec_user = User.objects.create_user(email="exec@bench.test", password="x")
        Membership.objects.create(user=exec_user, role=Role.EXECUTIVE)
        lead = User.objects.create_user(email="lead@bench.test", password="x")
        departments = [Department.objects.create(name=f"Dept {i}", slug=f"dept-{i}") for i in range(8)]
        n_contacts = int(FULL_CONTACTS * args.scale)
        t0 = time.perf_counter()
        load_contacts(cur, count=n_contacts, months=months, zone=zone)
        t_contacts = time.perf_counter() - t0
        t0 = time.perf_counter()
        rollup_rows = contact_metrics_rollup_rebuild()  # COPY went around the import, which keeps it
        t_rollup = time.perf_counter() - t0
        t0 = time.perf_counter()
        ledger = Ledger(scale=args.scale, months=months, departments=departments, user_id=lead.pk)
        n_entries = load_ledger(cur, ledger, target_entries=int(FULL_ENTRIES * args.scale), zone=zone)
        t_ledger = time.perf_counter() - t0
        t0 = time.perf_counter()
        cur.execute("VACUUM (ANALYZE)")
        t_vacuum = time.perf_counter() - t0
        print(
            f"loaded {n_contacts:,} contacts ({months[0]:%b %Y} to {months[-1]:%b %Y}) in {t_contacts:.0f}s"
            f" + their daily metrics rollup ({rollup_rows:,} rows) in {t_rollup:.1f}s;"
            f" {ledger.n_insights:,} insights, {ledger.n_improvements:,} improvements, {n_entries:,} balanced ledger"
            f" entries + rollups in {t_ledger:.0f}s; VACUUM ANALYZE {t_vacuum:.0f}s"
        )
    first, end = months[-3], next_month(months[-1])
    in_quarter = Contact.objects.filter(started_at__gte=local_midnight(first), started_at__lt=local_midnight(end))
    cur.execute("SELECT count(*) FROM attribution_ledgerbalance")
    print(f"{in_quarter.count():,} contacts in {args.year}-Q{args.quarter}; {cur.fetchone()[0]:,} ledger rollup rows")
    t0 = time.perf_counter()
    counted = contact_metrics(start=local_midnight(first), end=local_midnight(end))
    t_counted = (time.perf_counter() - t0) * 1000
    same = contact_metrics_by_month(start=first, end=end)["total"] == counted
    print(
        f"the quarter's competency figures from the rollup equal contact_metrics over its contacts: {same}"
        f" (counting them takes {t_counted:.0f} ms)"
    )

    from django.test import Client

    client = Client()
    client.force_login(exec_user)
    query = f"year={args.year}&quarter={args.quarter}"
    for name, path in (("page", f"/exec/?{query}"), ("api", f"/api/exec/summary/?{query}")):
        assert client.get(path, secure=True).status_code == 200  # warm
        if args.profile:
            profile_request(client, path)
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            assert client.get(path, secure=True).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        p50, p95 = _percentiles(times)
        goal = GOALS_MS[name]
        print(
            f"{path}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, n={len(times)}"
            f" (goal p50 <= {goal} ms: ratio {p50 / goal:.2f}, {'met' if p50 <= goal else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
