"""Bench the executive view at scale: COPY contacts and ledger entries (+ their rollups), then time
/exec/ and /api/exec/summary/ over N requests each and print p50/p95.

    DATABASE_URL=postgres://... python bench/dashboard.py [--scale 1.0] [--requests 50]

--scale 1.0 loads 1,000,000 contacts and 10,000,000 ledger entries; use e.g. 0.01 on a shared machine.
Works on a database it creates (bench_dashboard), never the one in DATABASE_URL.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--requests", type=int, default=50)
    args = ap.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server.")
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/bench_dashboard"

    import django

    django.setup()
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute("DROP DATABASE IF EXISTS bench_dashboard")
        c.execute("CREATE DATABASE bench_dashboard")
    call_command("migrate", verbosity=0)

    from accounts.models import Department, Membership, Role, User
    from attribution.models import LedgerTransaction

    exec_user = User.objects.create_user(email="exec@bench.test", password="x")
    Membership.objects.create(user=exec_user, role=Role.EXECUTIVE)
    deps = [Department.objects.create(name=f"Dept {i}", slug=f"dept-{i}") for i in range(8)]
    n_contacts = int(1_000_000 * args.scale)
    n_entries = int(10_000_000 * args.scale)
    rnd = random.Random(8)
    t0 = time.perf_counter()
    cur = connection.cursor().cursor
    with cur.copy(
        "COPY insights_contact (source, external_id, channel, started_at, queue, wait_seconds, handle_seconds,"
        " abandoned, reason_code, resolved_first_contact, csat, nps, text, customer_ref) FROM STDIN"
    ) as cp:
        for i in range(n_contacts):
            cp.write_row(
                (
                    "bench",
                    str(i),
                    rnd.choice(("call", "chat", "email")),
                    f"2026-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d} 10:00:00+00",
                    "",
                    rnd.randint(0, 300),
                    rnd.randint(0, 900),
                    rnd.random() < 0.08,
                    "",
                    rnd.random() < 0.7,
                    rnd.randint(1, 5),
                    rnd.randint(0, 10),
                    "",
                    "",
                )
            )
    t_contacts = time.perf_counter() - t0
    # Entries come in balanced pairs inside transactions of one pair each.
    txn = LedgerTransaction.objects.create(kind="reclassification", effective_on="2026-01-01")
    accounts = ("center:secured", "center:unsecured", "center:disputed")
    cats = ("financial_growth", "efficiency", "customer_experience", "risk_avoidance", "vision")
    t0 = time.perf_counter()
    with cur.copy(
        "COPY attribution_ledgerentry (transaction_id, account, amount, currency, department_id, category,"
        " outcome_kind, month) FROM STDIN"
    ) as cp:
        for i in range(n_entries // 2):
            dep = deps[i % 8].pk
            month = f"2026-{i % 12 + 1:02d}-01"
            cat = cats[i % 5]
            amt = rnd.randint(1, 100000) / 100
            cp.write_row((txn.pk, "value_realised:new_revenue", -amt, "USD", dep, cat, "new_revenue", month))
            cp.write_row((txn.pk, accounts[i % 3], amt, "USD", dep, cat, "new_revenue", month))
    cur.execute(
        "INSERT INTO attribution_ledgerbalance (month, account, department_id, category, insight_key, currency,"
        " amount, entry_count) SELECT month, account, department_id, category, 0, currency, sum(amount), count(*)"
        " FROM attribution_ledgerentry GROUP BY 1, 2, 3, 4, 6"
    )
    cur.execute("ANALYZE")
    t_ledger = time.perf_counter() - t0
    print(f"loaded {n_contacts:,} contacts in {t_contacts:.1f}s, {n_entries:,} entries + rollups in {t_ledger:.1f}s")

    from django.test import Client

    client = Client()
    client.force_login(exec_user)
    for path, goal in (("/exec/?year=2026&quarter=4", 150), ("/api/exec/summary/?year=2026&quarter=4", 50)):
        client.get(path)  # warm
        times = []
        for _ in range(args.requests):
            t = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
        print(f"{path}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, n={len(times)} (goal <= {goal} ms, ratio {p50 / goal:.2f})")


if __name__ == "__main__":
    main()
