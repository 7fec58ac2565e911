"""Storing ledger lines and their monthly rollups: COPY for the entries, one upsert for the balances, and the
compaction that folds the rollups' slots back into one row per key."""

from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction

from attribution.models import ROLLUP_SLOTS, LedgerTransaction
from attribution.services.ledger.periods import month_of


class Line(NamedTuple):
    """One ledger line on its way to `LedgerEntry`: plain values, so a batch of thousands costs no model
    instances."""

    account: str
    amount: Decimal
    currency: str
    department_id: int
    insight_id: int | None
    category: str
    outcome_kind: str


ENTRY_COLUMNS = (
    "transaction_id",
    "month",
    "account",
    "amount",
    "currency",
    "department_id",
    "insight_id",
    "category",
    "outcome_kind",
)


def _rollup(rows: list[tuple]) -> None:
    """Add the entries (in ENTRY_COLUMNS order) to the monthly balances: one upsert statement into this
    connection's slot (see LedgerBalance). Keys go in sorted order, so postings that share a slot lock its
    rows in one order and cannot deadlock."""
    sums: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for _, month, account, amount, currency, department_id, insight_id, category, _ in rows:
        key = (month, account, department_id, category, insight_id or 0, currency)
        sums[key][0] += amount
        sums[key][1] += 1
    if not sums:
        return
    values = []
    params: list = []
    for key in sorted(sums):
        amount, count = sums[key]
        values.append(f"(%s, %s, %s, %s, %s, %s, pg_backend_pid() %% {ROLLUP_SLOTS}, %s, %s)")
        params.extend([*key, amount, count])
    sql = (
        "INSERT INTO attribution_ledgerbalance "
        "(month, account, department_id, category, insight_key, currency, slot, amount, entry_count) VALUES "
        + ", ".join(values)
        + " ON CONFLICT (month, account, department_id, category, insight_key, currency, slot) DO UPDATE SET "
        "amount = attribution_ledgerbalance.amount + EXCLUDED.amount, "
        "entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        _month_totals(cursor, sums)


def _month_totals(cursor, sums: dict) -> None:
    """The same sums without the insight, into LedgerMonthTotal (the executive view's month, area and department
    reads): one more upsert, into the same slot, keys sorted as above."""
    totals: dict[tuple, list] = defaultdict(lambda: [Decimal("0"), 0])
    for (month, account, department_id, category, _insight, currency), (amount, count) in sums.items():
        key = (month, account, department_id, category, currency)
        totals[key][0] += amount
        totals[key][1] += count
    values, params = [], []
    for key in sorted(totals):
        values.append(f"(%s, %s, %s, %s, %s, pg_backend_pid() %% {ROLLUP_SLOTS}, %s, %s)")
        params.extend([*key, *totals[key]])
    cursor.execute(
        "INSERT INTO attribution_ledgermonthtotal "
        "(month, account, department_id, category, currency, slot, amount, entry_count) VALUES "
        + ", ".join(values)
        + " ON CONFLICT (month, account, department_id, category, currency, slot) DO UPDATE SET "
        "amount = attribution_ledgermonthtotal.amount + EXCLUDED.amount, "
        "entry_count = attribution_ledgermonthtotal.entry_count + EXCLUDED.entry_count",
        params,
    )


def ledger_rollups_compact() -> int:
    """Fold each rollup key's other slots into slot 0 (see LedgerBalance) so reads stay as small as the keys;
    totals are unchanged. One statement: rows a posting holds right now are skipped (SKIP LOCKED) and left
    for the next run, and slot-0 rows are locked in the same sorted order postings use, so it cannot
    deadlock with them. Returns how many rows were folded."""
    key = "month, account, department_id, category, insight_key, currency"
    order = 'month, account COLLATE "C", department_id, category COLLATE "C", insight_key, currency COLLATE "C"'
    sql = f"""
        WITH moved AS (
            DELETE FROM attribution_ledgerbalance WHERE id IN (
                SELECT id FROM attribution_ledgerbalance WHERE slot <> 0 FOR UPDATE SKIP LOCKED
            )
            RETURNING {key}, amount, entry_count
        ), folded AS (
            INSERT INTO attribution_ledgerbalance ({key}, slot, amount, entry_count)
            SELECT {key}, 0, sum(amount), sum(entry_count) FROM moved GROUP BY {key} ORDER BY {order}
            ON CONFLICT ({key}, slot) DO UPDATE SET
                amount = attribution_ledgerbalance.amount + EXCLUDED.amount,
                entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count
        )
        SELECT count(*) FROM moved
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
        folded = cursor.fetchone()[0]
        cursor.execute(_fold_sql("attribution_ledgermonthtotal", "month, account, department_id, category, currency"))
        return folded


def _fold_sql(table: str, key: str) -> str:
    """The compaction statement for a slotted rollup table: other slots folded into slot 0, SKIP LOCKED."""
    return f"""
        WITH moved AS (
            DELETE FROM {table} WHERE id IN (SELECT id FROM {table} WHERE slot <> 0 FOR UPDATE SKIP LOCKED)
            RETURNING {key}, amount, entry_count
        )
        INSERT INTO {table} ({key}, slot, amount, entry_count)
        SELECT {key}, 0, sum(amount), sum(entry_count) FROM moved GROUP BY {key}
        ORDER BY month, account COLLATE "C", department_id, category COLLATE "C", currency COLLATE "C"
        ON CONFLICT ({key}, slot) DO UPDATE SET
            amount = {table}.amount + EXCLUDED.amount, entry_count = {table}.entry_count + EXCLUDED.entry_count
    """


def entries_write(postings: list[tuple[LedgerTransaction, list[Line]]]) -> None:
    """Store the lines of one or more transactions, dated by each transaction's month, and their rollups:
    COPY, so no statement per row."""
    rows = []
    for txn, lines in postings:
        month = month_of(txn.effective_on)
        assert sum((line.amount for line in lines), Decimal("0")) == 0, "unbalanced transaction"
        rows.extend((txn.pk, month, *line) for line in lines if line.amount != 0)
    copy_sql = f"COPY attribution_ledgerentry ({', '.join(ENTRY_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in rows:
            copy.write_row(row)
    _rollup(rows)


def transaction_write(txn: LedgerTransaction, lines: list[Line]) -> LedgerTransaction:
    """Store one transaction's lines and rollups; returns the transaction."""
    entries_write([(txn, lines)])
    return txn
