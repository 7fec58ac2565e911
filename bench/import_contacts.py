"""Benchmark the contact import and the metrics selector on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/centerstage_bench .venv/bin/python bench/import_contacts.py
    ... bench/import_contacts.py --rows 200000     # a smaller run on a busy machine
    ... bench/import_contacts.py --grow --rows 10000000 --file-rows 1000000     # the scale run

1. Generates N contact rows (seeded; some texts carry e-mails, phone numbers and card numbers).
2. Imports them through the real path — `manage.py import_contacts` in a child process: validation,
   redaction, COPY into the staging table, one INSERT of the rows whose key is new into the month
   partitions (the key table filled by its statement trigger) and the daily rollup — and reads the
   child's peak RSS from the kernel.
3. COPYs the same rows, as stored (already redacted), into a bare table with no index or
   constraint: the floor no import can beat. Prints both rates and their ratio (goal >= 0.30).
   Then INSERT ... SELECTs them into insights_contact under another source: the database's own cost.
4. Times contact_metrics() and the daily breakdown over the whole range (goal < 500 ms).

--grow imports --rows in files of --file-rows, each the next 30 days, printing each file's rate (goal: the
last >= 0.8 of the first), then times at that size contact_metrics over 2026-Q2 against hand-written SQL of
the same parts (goal <= 2x), one window of the emerging-issue check (goal <= 5 s) and /api/exec/summary/ p50
(goal <= 50 ms).

--stages times the import's stages in one process (reading, parsing and redacting, writing).

Prints figures and ratios; asserts nothing. Leaves the database as it found it unless --keep.
"""

import argparse
import csv
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from insights.models import Contact, ImportJob  # noqa: E402
from insights.selectors.metrics import contact_metrics, contact_metrics_by_interval  # noqa: E402
from insights.services.imports import COLUMNS  # noqa: E402

SOURCE = "bench"
FLOOR_SOURCE = "bench-sql"
BARE = "bench_contact_bare"
STORED = list(COLUMNS)
REASONS = ["billing_dispute", "password_reset", "delivery_delay", "cancel", "upgrade", "login_failure", "refund"]
TEXTS = [
    "I was charged twice this month",
    "The parcel for order 48213377 never arrived",
    "Please cancel my subscription",
    "Write to me at jane.doe@example.com instead",
    "Call me back on +44 20 7946 0958 after six",
    "My card 4111 1111 1111 1111 was declined again",
    "The app logs me out every time",
    "",
]


def generate(path: Path, rows: int, seed: int, start: datetime, *, days: int = 90, prefix: str = "b") -> None:
    rng = random.Random(seed)
    span = days * 24 * 3600
    channels = ["call"] * 9 + ["chat"] * 5 + ["email"] * 3 + ["social", "survey", "survey"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for i in range(rows):
            channel = rng.choice(channels)
            queued = channel in ("call", "chat")
            wait = int(rng.expovariate(1 / 25)) if queued else 0
            abandoned = queued and rng.random() < 0.07
            csat = rng.randint(1, 5) if rng.random() < 0.3 else ""
            nps = rng.randint(0, 10) if rng.random() < 0.1 else ""
            writer.writerow(
                [
                    f"{prefix}{i:08d}",
                    channel,
                    (start + timedelta(seconds=rng.randrange(span))).isoformat(),
                    rng.choice(("billing", "support", "sales")),
                    wait,
                    0 if abandoned else int(rng.lognormvariate(5.8, 0.5)),
                    "true" if abandoned else "false",
                    rng.choice(REASONS),
                    rng.choice(("true", "true", "true", "false", "")),
                    csat,
                    nps,
                    f"{rng.uniform(-1, 1):.3f}" if rng.random() < 0.5 else "",
                    rng.choice(TEXTS),
                    f"CUST-{rng.randrange(100000):06d}",
                    f"{rng.randrange(100, 50000)}.00" if rng.random() < 0.5 else "",
                ]
            )


def import_through_the_real_path(path: Path) -> tuple[float, float, ImportJob]:
    """Run manage.py import_contacts in a child; returns (seconds, peak RSS in MiB, job)."""
    env = {**os.environ, "IMPORT_MAX_BYTES": str(max(path.stat().st_size + 1, 200 * 1024 * 1024))}
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "import_contacts", str(path), "--source", SOURCE, "--no-progress"],
        env=env,
        stdout=subprocess.PIPE,
    )
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    print(child.stdout.read().decode().strip())
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("the import failed")
    job = ImportJob.objects.filter(source=SOURCE).latest("id")
    return seconds, usage.ru_maxrss / 1024, job


def copy_into_bare_table(rows: int) -> tuple[float, float]:
    """COPY the stored (redacted) rows into an index-free table; returns (seconds, seconds of the SQL-only floor).

    The floor: INSERT ... SELECT of those rows into insights_contact itself (under another source) with its
    partitions, indexes, checks and key trigger — what the database alone needs, before any parsing or validation.
    """
    with tempfile.TemporaryFile() as dump, connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(
            f"COPY (SELECT {', '.join(STORED)} FROM insights_contact WHERE source = %s) TO STDOUT", [SOURCE]
        ) as copy:
            for block in copy:
                dump.write(block)
        dump.seek(0)
        cursor.execute(f"DROP TABLE IF EXISTS {BARE}")
        cursor.execute(f"CREATE TABLE {BARE} AS SELECT source, {', '.join(STORED)} FROM insights_contact LIMIT 0")
        started = time.perf_counter()
        with raw.copy(f"COPY {BARE} ({', '.join(STORED)}) FROM STDIN") as copy:
            while block := dump.read(1 << 20):
                copy.write(block)
        seconds = time.perf_counter() - started
        cursor.execute(f"SELECT count(*) FROM {BARE}")
        assert cursor.fetchone()[0] == rows
        # The same rows into the real table under another source: partitions, indexes, the key trigger, no Python.
        started = time.perf_counter()
        cursor.execute(
            f"INSERT INTO insights_contact (source, {', '.join(STORED)}) SELECT %s, {', '.join(STORED)} FROM {BARE}",
            [FLOOR_SOURCE],
        )
        floor = time.perf_counter() - started
        cursor.execute(f"DROP TABLE {BARE}")
    return seconds, floor


def timed(function, repeat: int = 5) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def clean() -> None:
    with connection.cursor() as cursor:
        for source in (SOURCE, FLOOR_SOURCE):
            cursor.execute("DELETE FROM insights_contact WHERE source = %s", [source])
            cursor.execute("DELETE FROM insights_contact_key WHERE source = %s", [source])
        cursor.execute("DELETE FROM insights_contactmetricsday")
        cursor.execute(f"DROP TABLE IF EXISTS {BARE}")
    ImportJob.objects.filter(source=SOURCE).delete()


# --- The scale run (--grow) ------------------------------------------------------------------------------------
GROW_START = datetime(2026, 1, 1, tzinfo=UTC)
GROW_DAYS = 30  # each file holds the next 30 days, as a center's monthly exports would
PARTS_SQL = """
SELECT count(*) FILTER (WHERE q), count(*) FILTER (WHERE q AND NOT abandoned AND wait_seconds <= %(sl)s),
       count(*) FILTER (WHERE q AND abandoned), count(*) FILTER (WHERE q AND NOT abandoned),
       coalesce(sum(wait_seconds) FILTER (WHERE q AND NOT abandoned), 0),
       count(*) FILTER (WHERE NOT abandoned AND handle_seconds > 0),
       coalesce(sum(handle_seconds) FILTER (WHERE NOT abandoned AND handle_seconds > 0), 0),
       count(*) FILTER (WHERE resolved_first_contact), count(resolved_first_contact),
       count(csat), count(*) FILTER (WHERE csat >= 4), count(nps), count(*) FILTER (WHERE nps >= 9),
       count(*) FILTER (WHERE nps <= 6)
FROM (SELECT *, channel IN ('call', 'chat') AS q FROM insights_contact
      WHERE started_at >= %(start)s AND started_at < %(end)s AND NOT (abandoned AND wait_seconds < %(short)s)) c
"""


def _median_ms(function, repeat: int = 3) -> float:
    return statistics.median(timed(function, repeat))


def _grow_files(args) -> None:
    files = -(-args.rows // args.file_rows)
    rates = []
    for i in range(files):
        rows = min(args.file_rows, args.rows - i * args.file_rows)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / f"contacts-{i + 1:02d}.csv"
            generate(
                path,
                rows,
                args.seed + i,
                GROW_START + timedelta(days=GROW_DAYS * i),
                days=GROW_DAYS,
                prefix=f"g{i:02d}-",
            )
            before = sum(created for created, _ in rates)
            _, rss, job = import_through_the_real_path(path)
        seconds = (job.finished_at - job.started_at).total_seconds()
        rates.append((job.created, job.created / seconds))
        print(
            f"file {i + 1:>2}: {job.created:>9,} rows onto {before:>11,} in {seconds:6.1f} s: "
            f"{rates[-1][1]:>8,.0f} rows/s, peak RSS {rss:.0f} MiB",
            flush=True,
        )
    print(f"rate of the last file / the first   {rates[-1][1] / rates[0][1]:.2f}   (goal >= 0.8)")


def grow(args) -> None:
    """Import --rows in files of --file-rows (each the next 30 days), printing each file's rate, then time the
    reads at that size: contact_metrics over a quarter against hand-written SQL, the emerging-issue check and
    /api/exec/summary/."""
    from django.conf import settings
    from django.test import Client

    from accounts.models import Membership, Role, User
    from insights.selectors.metrics import local_midnight
    from insights.services.emerging import emerging_issues_detect

    if not args.reuse:
        _grow_files(args)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE insights_contact")
    start, end = local_midnight(date(2026, 4, 1)), local_midnight(date(2026, 7, 1))
    in_quarter = Contact.objects.filter(started_at__gte=start, started_at__lt=end).count()
    orm = _median_ms(lambda: contact_metrics(start=start, end=end))
    params = {"start": start, "end": end, "sl": settings.SERVICE_LEVEL_SECONDS, "short": settings.SHORT_ABANDON_SECONDS}

    def by_hand():
        with connection.cursor() as cursor:
            cursor.execute(PARTS_SQL, params)
            return cursor.fetchone()

    sql = _median_ms(by_hand)
    assert by_hand()[0] == contact_metrics(start=start, end=end)["offered"]
    last = Contact.objects.filter(source=SOURCE).order_by("-started_at").values_list("started_at", flat=True)[0]
    check = _median_ms(lambda: emerging_issues_detect(now=last, since=last))
    user, _ = User.objects.get_or_create(email="exec@bench.test")
    Membership.objects.get_or_create(user=user, role=Role.EXECUTIVE)
    client = Client()
    client.force_login(user)
    logging.disable(logging.INFO)  # the per-request log lines
    path = "/api/exec/summary/?year=2026&quarter=2"
    assert client.get(path).status_code == 200  # warm
    summary = statistics.median(timed(lambda: client.get(path), args.requests))
    from insights.selectors.erasure import customer_contacts_export

    ref = Contact.objects.filter(source=SOURCE).values_list("customer_ref", flat=True).first()
    export = _median_ms(lambda: customer_contacts_export(customer_ref=ref))
    exported = len(customer_contacts_export(customer_ref=ref))
    total = Contact.objects.count()
    print()
    print(f"contacts in the table                 {total:>12,}")
    print(f"contact_metrics, 2026-Q2 ({in_quarter:,})   {orm:>8.0f} ms   median of 3")
    print(f"the same parts by hand-written SQL    {sql:>8.0f} ms   ratio {orm / sql:.2f} (goal <= 2)")
    print(f"emerging-issue check, one window      {check:>8.0f} ms   median of 3 (goal <= 5000 ms)")
    print(f"/api/exec/summary/ p50                {summary:>8.1f} ms   n={args.requests} (goal <= 50 ms)")
    print(f"subject-access export of one customer {export:>8.0f} ms   {exported} contacts, median of 3 (no index)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", action="store_true", help="keep the imported rows afterwards")
    parser.add_argument("--grow", action="store_true", help="the scale run: --rows in files of --file-rows")
    parser.add_argument("--file-rows", type=int, default=1_000_000, help="rows per file with --grow")
    parser.add_argument("--requests", type=int, default=30, help="/api/exec/summary/ requests timed with --grow")
    parser.add_argument("--stages", action="store_true", help="where the import's time goes, stage by stage")
    parser.add_argument(
        "--reuse", action="store_true", help="with --grow: time the reads on the contacts a --keep run left"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if args.grow and args.reuse:
        grow(args)
        return
    clean()
    if args.stages:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "contacts.csv"
            generate(path, args.rows, args.seed, datetime(2026, 1, 1, tzinfo=UTC))
            from bench.import_stages import stages

            stages(path, args.rows, source=SOURCE)
        clean()
        return
    if args.grow:
        grow(args)
        if not args.keep:
            clean()
        return
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "contacts.csv"
        began = time.perf_counter()
        generate(path, args.rows, args.seed, start)
        size = path.stat().st_size / 2**20
        print(f"generated {args.rows:,} rows ({size:.0f} MiB) in {time.perf_counter() - began:.1f} s")
        seconds, rss, job = import_through_the_real_path(path)
    assert job.created == args.rows, job
    job_seconds = (job.finished_at - job.started_at).total_seconds()
    import_rate = args.rows / job_seconds
    print(f"import (real path): {job_seconds:.1f} s in the job, {seconds:.1f} s with process start-up")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE insights_contact")
    bare_seconds, floor_seconds = copy_into_bare_table(args.rows)
    bare_rate = args.rows / bare_seconds
    print(f"bare COPY of the same redacted rows: {bare_seconds:.1f} s")
    print(f"INSERT ... SELECT of them into insights_contact (another source): {floor_seconds:.1f} s")
    end = start + timedelta(days=91)
    metrics_ms = timed(lambda: contact_metrics(start=start, end=end))
    by_day_ms = timed(lambda: contact_metrics_by_interval(start=start, end=end, interval="day"))
    call_ms = timed(lambda: contact_metrics(start=start, end=end, channel="call"))
    print()
    print(f"rows                        {args.rows:>12,}")
    print(f"import rows/s               {import_rate:>12,.0f}")
    print(f"bare COPY rows/s            {bare_rate:>12,.0f}")
    print(f"ratio import / bare COPY    {import_rate / bare_rate:>12.2f}   (goal >= 0.30)")
    floor_rate = args.rows / floor_seconds
    ceiling = floor_rate / bare_rate
    print(f"SQL-only indexed insert/s   {floor_rate:>12,.0f}   (ratio {ceiling:.2f}: the ceiling of any import)")
    print(f"peak RSS of the import      {rss:>10.0f} MiB   (goal < 300 MiB)")
    print(f"contact_metrics, all        {statistics.median(metrics_ms):>10.0f} ms   median of 5 (goal < 500 ms)")
    print(f"contact_metrics, call only  {statistics.median(call_ms):>10.0f} ms   median of 5")
    print(f"by day over 91 days         {statistics.median(by_day_ms):>10.0f} ms   median of 5")
    print(f"contacts in the table       {Contact.objects.count():>12,}")
    if not args.keep:
        clean()


if __name__ == "__main__":
    main()
