"""The executive-view bench's data: 15 months of contacts and a ledger of balanced postings, generated and loaded by
COPY as `bench/dashboard.py` describes (its docstring says what is loaded and how). Django must be set up before
the loaders run; the generators need nothing but the standard library."""

import datetime as dt
import math
import random
import sys
from contextlib import ExitStack, contextmanager
from decimal import Decimal

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


def months_back(year: int, month: int, count: int) -> list[dt.date]:
    """The `count` first-of-month dates ending with (year, month), oldest first."""
    index = year * 12 + month - 1
    return [dt.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def next_month(day: dt.date) -> dt.date:
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
    first, end = months[0], next_month(months[-1])
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
