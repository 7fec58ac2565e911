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
import datetime as dt
import math
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from decimal import Decimal
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

FULL_CONTACTS = 1_000_000
FULL_ENTRIES = 10_000_000
FULL_INSIGHTS = 3_000
FULL_IMPROVEMENTS = 2_000
SPAN_MONTHS = 15
GOALS_MS = {"page": 150, "api": 50}

CHANNELS = ("call", "chat", "email", "social", "survey")
CHANNEL_WEIGHTS = (50, 25, 15, 5, 5)
QUEUES = ("billing", "technical", "sales", "general", "retention")
QUEUE_WEIGHTS = (30, 30, 15, 15, 10)
REASONS = tuple(
    f"{topic}_{issue}"
    for topic in ("billing", "login", "delivery", "refund", "upgrade", "app")
    for issue in ("question", "error", "complaint", "change")
)
# Share of a day's contacts arriving in each hour (local time): quiet nights, busy late mornings.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 2, 4, 8, 14, 18, 19, 18, 16, 17, 17, 16, 14, 11, 8, 6, 5, 3, 2, 1)
WEEKDAY_WEIGHTS = (1.0, 1.0, 0.95, 0.95, 0.9, 0.45, 0.3)
EXCERPTS = (
    "Customer asked why the invoice total changed after the plan upgrade; explained the pro-rated charge.",
    "The app logged them out twice during checkout and the basket was lost; escalated to the web team.",
    "Parcel marked delivered but not received; opened a trace with the carrier and offered a reship.",
    "Wants a refund for the duplicate payment; the second charge is still pending at the bank.",
    "Could not find where to change the delivery address; walked through the account settings page.",
    "",
)
OUTCOME_KINDS = ("new_revenue", "retained_revenue", "cross_sell", "cost_saved", "cost_avoided")
OUTCOME_KIND_WEIGHTS = (30, 25, 15, 20, 10)
CATEGORIES = ("financial_growth", "efficiency", "customer_experience", "risk_avoidance", "vision")
REVERSE_EVERY = 200


def _months_back(year: int, month: int, count: int) -> list[dt.date]:
    """The `count` first-of-month dates ending with (year, month), oldest first."""
    index = year * 12 + month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


@contextmanager
def bulk_load(cur, table: str, *, disable_triggers: tuple[str, ...] = ()):
    """Drop the table's secondary indexes and foreign keys for a COPY, and put them back (re-validated) after."""
    cur.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [table],
    )
    foreign_keys = cur.fetchall()
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cur.fetchall()
    for name, _ in foreign_keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    for trigger in disable_triggers:
        cur.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
    try:
        yield
    finally:
        for _, definition in indexes:
            cur.execute(definition)
        for name, definition in foreign_keys:
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for trigger in disable_triggers:
            cur.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def _set_sequence(cur, table: str) -> None:
    cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")


# ---------------------------------------------------------------- contacts


def contact_rows(*, count: int, months: list[dt.date], zone, seed: int = 8):
    """`count` contacts spread over the months day by day, in arrival order (from `channel` on)."""
    rnd = random.Random(seed)
    first, end = months[0], _next_month(months[-1])
    days = [first + dt.timedelta(days=n) for n in range((end - first).days)]
    weights = [WEEKDAY_WEIGHTS[d.weekday()] * (1 + 0.3 * n / len(days)) for n, d in enumerate(days)]
    total = sum(weights)
    hour_cum = list(_cumulative(HOUR_WEIGHTS))
    made = 0
    for n, day in enumerate(days):
        todays = round(count * sum(weights[: n + 1]) / total) - made
        made += todays
        midnight = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
        offsets = sorted(
            rnd.choices(range(24), cum_weights=hour_cum)[0] * 3600 + rnd.randrange(3600) for _ in range(todays)
        )
        for offset in offsets:
            channel = rnd.choices(CHANNELS, cum_weights=(50, 75, 90, 95, 100))[0]
            queued = channel in ("call", "chat")
            if queued:
                wait = int(rnd.expovariate(1 / 35))
                abandoned = rnd.random() < min(0.6, 0.02 + wait / 500)
            else:
                wait = int(rnd.expovariate(1 / 5400)) if channel == "email" else 0
                abandoned = False
            handle = 0 if abandoned else int(rnd.lognormvariate(5.6, 0.5))
            r = rnd.random()
            resolved = None if abandoned or r < 0.1 else r < 0.78
            csat = rnd.choices((1, 2, 3, 4, 5), cum_weights=(5, 12, 25, 60, 100))[0]
            nps = rnd.choices(range(11), cum_weights=(2, 3, 4, 6, 8, 11, 15, 25, 45, 70, 100))[0]
            yield (
                channel,
                midnight + dt.timedelta(seconds=offset),
                rnd.choices(QUEUES, cum_weights=(30, 60, 75, 90, 100))[0],
                wait,
                handle,
                abandoned,
                rnd.choice(REASONS),
                resolved,
                csat if not abandoned and rnd.random() < 0.25 else None,
                nps if not abandoned and rnd.random() < 0.15 else None,
                None if rnd.random() < 0.3 else round(rnd.uniform(-1, 1), 3),
                rnd.choice(EXCERPTS),
                f"cust-{rnd.randrange(max(count // 3, 1))}",
                None if rnd.random() < 0.6 else round(rnd.lognormvariate(7, 1.2), 2),
            )


def _cumulative(weights):
    total = 0
    for w in weights:
        total += w
        yield total


def load_contacts(cur, *, count: int, months: list[dt.date], zone) -> None:
    columns = (
        "source, external_id, channel, started_at, queue, wait_seconds, handle_seconds, abandoned, reason_code,"
        " resolved_first_contact, csat, nps, sentiment, text, customer_ref, account_value"
    )
    with bulk_load(cur, "insights_contact"), cur.copy(f"COPY insights_contact ({columns}) FROM STDIN") as cp:
        for n, row in enumerate(contact_rows(count=count, months=months, zone=zone)):
            cp.write_row(("bench", str(n), *row))


# ---------------------------------------------------------------- the ledger


class Ledger:
    """Insights, improvements and the postings built on them, generated the same way on every pass."""

    def __init__(self, *, scale: float, months: list[dt.date], departments: list, user_id: int, seed: int = 80):
        rnd = random.Random(seed)
        self.months, self.user_id, self.seed = months, user_id, seed
        self.n_insights = max(int(FULL_INSIGHTS * scale), 20)
        self.n_improvements = max(int(FULL_IMPROVEMENTS * scale), 10)
        self.insight_category = {i: rnd.choice(CATEGORIES) for i in range(1, self.n_insights + 1)}
        built_on = list(range(1, int(self.n_insights * 0.8) + 1))  # the rest stay in the pipeline
        self.improvements = []  # (id, department id, department slug, month index shipped, [(insight, cat, w)])
        for imp_id in range(1, self.n_improvements + 1):
            department = rnd.choice(departments)
            k = rnd.choices((1, 2, 3), weights=(50, 30, 20))[0]
            insights = rnd.sample(built_on, k)
            weights = {1: ("1",), 2: ("0.6", "0.4"), 3: ("0.5", "0.3", "0.2")}[k]
            shipped = 0 if imp_id <= self.n_improvements // 20 else rnd.randrange(len(months))
            self.improvements.append(
                (
                    imp_id,
                    department.pk,
                    department.slug,
                    shipped,
                    [(i, self.insight_category[i], Decimal(w)) for i, w in zip(insights, weights, strict=True)],
                )
            )
        self.improvements.sort(key=lambda imp: imp[3])
        self.shipped_by = [sum(1 for imp in self.improvements if imp[3] <= m) for m in range(len(months))]
        # Each (insight, department) pair's credit state: signed 60%, unsigned 30%, declined 10%.
        self.states = {}
        for _, dep, _, _, weights in self.improvements:
            for insight, _, _ in weights:
                account = rnd.choices(("center:secured", "center:unsecured", "center:disputed"), (60, 30, 10))[0]
                self.states[(insight, dep)] = (account, Decimal(rnd.choice(("0.15", "0.20", "0.25", "0.30"))))
        month_weights = [1 + 0.5 * m / len(months) for m in range(len(months))]
        self.month_cum = list(_cumulative(month_weights))

    def postings(self, target_entries: int):
        """(outcome id, posting txn id, reversal txn id or None, improvement, kind, amount, effective, reversal day)
        until the next posting would pass `target_entries` entries."""
        rnd = random.Random(self.seed + 1)
        entries, txn_id, outcome_id = 0, 0, 0
        last = len(self.months) - 1
        while True:
            month = rnd.choices(range(len(self.months)), cum_weights=self.month_cum)[0]
            improvement = self.improvements[rnd.randrange(self.shipped_by[month])]
            per_posting = 1 + 2 * len(improvement[4])
            reversed_ = outcome_id % REVERSE_EVERY == REVERSE_EVERY - 1 and month < last
            need = per_posting * (2 if reversed_ else 1)
            if entries + need > target_entries:
                return
            entries += need
            outcome_id += 1
            txn_id += 1
            reversal_id = None
            if reversed_:
                txn_id += 1
                reversal_id = txn_id
            effective = self.months[month].replace(day=rnd.randint(1, 28))
            kind = rnd.choices(OUTCOME_KINDS, weights=OUTCOME_KIND_WEIGHTS)[0]
            amount = Decimal(max(int(rnd.lognormvariate(math.log(150_000), 1.0)), 5_000)).scaleb(-2)
            reversal_on = self.months[month + 1].replace(day=15) if reversed_ else None
            yield (
                outcome_id,
                txn_id - (1 if reversed_ else 0),
                reversal_id,
                improvement,
                kind,
                amount,
                effective,
                reversal_on,
            )


def load_ledger(cur, ledger: Ledger, *, target_entries: int, zone) -> int:
    """COPY insights, improvements, outcomes, transactions and entries; build the rollups. Returns entries."""
    from attribution.services.ledger import posting_lines

    user = ledger.user_id
    now = dt.datetime(2026, 1, 1, tzinfo=zone)
    with cur.copy(
        "COPY insights_insight (id, title, summary, customer_voice, category, estimated_value, currency,"
        " value_assumptions, statistics, status, has_unpublished_changes, created_at, updated_at, published_at,"
        " created_by_id) FROM STDIN"
    ) as cp:
        for i, category in ledger.insight_category.items():
            value = Decimal(random.Random(i).randrange(1_000_000, 50_000_000)).scaleb(-2)
            cp.write_row(
                (i, f"Insight {i}", "", "[]", category, value, "USD", "", "{}", "published", False, now, now, now, user)
            )
    with cur.copy("COPY insights_insight_departments (insight_id, department_id) FROM STDIN") as cp:
        for pair in sorted(ledger.states):
            cp.write_row(pair)
    with cur.copy(
        "COPY attribution_improvement (id, title, description, shipped_on, created_at, created_by_id, department_id)"
        " FROM STDIN"
    ) as cp:
        for imp_id, dep, _, shipped, _ in ledger.improvements:
            cp.write_row((imp_id, f"Improvement {imp_id}", "", ledger.months[shipped], now, user, dep))
    with cur.copy("COPY attribution_improvementinsight (improvement_id, insight_id, weight) FROM STDIN") as cp:
        for imp_id, _, _, _, weights in ledger.improvements:
            for insight, _, weight in weights:
                cp.write_row((imp_id, insight, weight))
    for table in ("insights_insight", "attribution_improvement"):
        _set_sequence(cur, table)

    with ExitStack() as stack:
        for table in ("attribution_outcome", "attribution_ledgertransaction"):
            stack.enter_context(bulk_load(cur, table))
        stack.enter_context(bulk_load(cur, "attribution_ledgerentry", disable_triggers=("ledger_entry_balanced",)))
        with cur.copy(
            "COPY attribution_outcome (id, kind, amount, currency, period_start, period_end, method, idempotency_key,"
            " request_fingerprint, recorded_at, improvement_id, recorded_by_id, key_department_id) FROM STDIN"
        ) as cp:
            for oid, _, _, imp, kind, amount, effective, _ in ledger.postings(target_entries):
                cp.write_row(
                    (
                        oid,
                        kind,
                        amount,
                        "USD",
                        effective.replace(day=1),
                        effective,
                        "bench",
                        f"bench-{oid}",
                        f"{oid:064x}",
                        now,
                        imp[0],
                        user,
                        imp[1],  # keys are scoped to the recording department
                    )
                )
        with cur.copy(
            "COPY attribution_ledgertransaction (id, kind, effective_on, memo, posted_at, posted_by_id, reverses_id,"
            " outcome_id) FROM STDIN"
        ) as cp:
            for oid, txn, reversal, imp, _, _, effective, reversal_on in ledger.postings(target_entries):
                cp.write_row((txn, "posting", effective, f"From improvement {imp[0]}", now, user, None, oid))
                if reversal:
                    cp.write_row((reversal, "reversal", reversal_on, "Measured twice", now, user, txn, oid))
        entries = 0
        with cur.copy(
            "COPY attribution_ledgerentry (transaction_id, account, amount, currency, department_id, insight_id,"
            " category, outcome_kind, month) FROM STDIN"
        ) as cp:
            for _, txn, reversal, imp, kind, amount, effective, reversal_on in ledger.postings(target_entries):
                _, dep, slug, _, weights = imp
                states = {insight: ledger.states[(insight, dep)] for insight, _, _ in weights}
                lines = [(f"value_realised:{kind}", None, "", -amount)]
                for account, insight, category, line in posting_lines(amount=amount, weights=weights, states=states):
                    lines.append(
                        (f"department:{slug}" if account == "department" else account, insight, category, line)
                    )
                for txn_id, sign, day in ((txn, 1, effective), (reversal, -1, reversal_on)):
                    if txn_id is None:
                        continue
                    month = day.replace(day=1)
                    for account, insight, category, line in lines:
                        cp.write_row((txn_id, account, sign * line, "USD", dep, insight, category, kind, month))
                        entries += 1
    for table in ("attribution_outcome", "attribution_ledgertransaction"):
        _set_sequence(cur, table)

    cur.execute(
        "INSERT INTO attribution_ledgerbalance (month, account, department_id, category, insight_key, currency,"
        " amount, entry_count) SELECT month, account, department_id, category, COALESCE(insight_id, 0), currency,"
        " sum(amount), count(*) FROM attribution_ledgerentry GROUP BY 1, 2, 3, 4, 5, 6"
    )
    cur.execute(
        "INSERT INTO attribution_ledgermonthtotal (month, account, department_id, category, currency, amount,"
        " entry_count) SELECT month, account, department_id, category, currency, sum(amount), sum(entry_count)"
        " FROM attribution_ledgerbalance GROUP BY 1, 2, 3, 4, 5"
    )
    cur.execute(
        "SELECT count(*) FROM (SELECT 1 FROM attribution_ledgerentry GROUP BY transaction_id HAVING sum(amount) <> 0) u"
    )
    unbalanced = cur.fetchone()[0]
    cur.execute("SELECT sum(entry_count), sum(amount) FROM attribution_ledgerbalance")
    counted, total = cur.fetchone()
    if unbalanced or counted != entries or total != 0:
        sys.exit(f"ledger load is inconsistent: {unbalanced} unbalanced transactions, rollups count {counted}")
    return entries


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
    months = _months_back(args.year, 3 * args.quarter, SPAN_MONTHS)
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
    first, end = months[-3], _next_month(months[-1])
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
