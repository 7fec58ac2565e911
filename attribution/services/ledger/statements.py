"""The two statements a posting costs, whatever the number of outcomes: one read of everything the rules need
(keys already used, weights, closed months, sign-off answers, the terms that apply) and one write of outcomes,
transactions, entries and rollups. A single statement is atomic on its own and needs no BEGIN, COMMIT or
savepoint round trips; the ledger's deferred balance trigger still runs when it commits.

Both are prepared on the connection (`_prepared_cursor`): a posting of one outcome spent more of the server's time
parsing and planning them than running them."""

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import psycopg
from django.conf import settings
from django.db import connection

from attribution.models import ROLLUP_SLOTS
from attribution.services.ledger.credit import credit_states_from

_CONTEXT_SQL = """
SELECT 'existing', o.key_department_id, NULL::bigint, o.idempotency_key, o.request_fingerprint, NULL::numeric,
       o.id, NULL::timestamptz
  FROM attribution_outcome o
  JOIN unnest(%(scopes)s::bigint[], %(keys)s::text[]) AS k(scope, key)
    ON o.key_department_id = k.scope AND o.idempotency_key = k.key
UNION ALL
SELECT 'weight', ii.improvement_id, ii.insight_id, i.category, NULL, ii.weight, ii.id, NULL
  FROM attribution_improvementinsight ii JOIN insights_insight i ON i.id = ii.insight_id
 WHERE ii.improvement_id = ANY(%(improvements)s::bigint[])
UNION ALL
SELECT 'closed', NULL, NULL, to_char(p.month, 'YYYY-MM-DD'), NULL, NULL, NULL, NULL
  FROM attribution_accountingperiod p WHERE p.month = ANY(%(months)s::date[])
UNION ALL
SELECT 'answer', r.department_id, q.insight_id, r.kind, NULL, r.credit_share, r.id, r.signed_at
  FROM attribution_signoffrecord r JOIN attribution_signoffrequest q ON q.id = r.request_id
 WHERE r.department_id = ANY(%(departments)s::bigint[]) AND r.kind IN ('signature', 'decline')
   AND q.insight_id IN (SELECT insight_id FROM attribution_improvementinsight
                         WHERE improvement_id = ANY(%(improvements)s::bigint[]))
UNION ALL
SELECT 'share', d.id, NULL, NULL, NULL,
       (SELECT a.share FROM attribution_creditagreement a WHERE a.department_id = d.id OR a.department_id IS NULL
         ORDER BY a.department_id NULLS LAST, a.version DESC LIMIT 1), NULL, NULL
  FROM unnest(%(departments)s::bigint[]) AS d(id)
"""


class _PreparingCursor(psycopg.Cursor):
    """Binds parameters on the server and prepares every statement it runs on the connection, once."""

    logged = False

    def execute(self, query, params=None, *, prepare=None, binary=None):
        super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)
        if self.logged and self._query is None:
            # psycopg leaves the statement unrecorded when it runs a prepared one; Django's query log reads it.
            self._query = self._convert_query(query, params)
        return self


@contextmanager
def _prepared_cursor() -> Iterator:
    """A Django cursor whose statements are prepared on the connection: parsed once, and planned once.

    Django's cursors quote parameters into the SQL (client-side binding) and never prepare, so the server parsed
    and planned the posting statements anew each time: more of its work than running them, for one outcome. This
    cursor sends the parameters apart and names the statement, kept by psycopg per connection (at most its
    `prepared_max`, 100, least used dropped first). A generic plan is asked for (plan_cache_mode, a setting that
    touches only prepared statements and PL/pgSQL's cached ones): PostgreSQL would otherwise keep planning the
    context read for each call, its generic plan's estimate (ten rows per array) looking dearer than one for the
    actual single key. It is set once per connection, in autocommit so no rollback takes it back; plans
    change nothing of what the statements do. Query counts, the debug log and transactions see a Django cursor."""
    connection.ensure_connection()
    pg = connection.connection
    if not getattr(pg, "_ledger_generic_plans", False) and connection.get_autocommit():
        pg.execute("SET plan_cache_mode = force_generic_plan")
        pg._ledger_generic_plans = True
    threshold = pg.prepare_threshold  # None on Django's connections: psycopg then prepares nothing
    pg.prepare_threshold = 1 << 30  # with `prepare=True`, prepared on first use; nothing else is counted up to it
    raw = _PreparingCursor(pg)
    raw.logged = connection.queries_logged
    try:
        yield connection.make_debug_cursor(raw) if raw.logged else connection.make_cursor(raw)
    finally:
        pg.prepare_threshold = threshold
        raw.close()


@dataclass
class PostingContext:
    """What the rules of a batch of rows need, read in one statement."""

    existing: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)  # key -> (outcome id, fingerprint)
    weights: dict[int, list[tuple[int, str, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    closed: set[dt.date] = field(default_factory=set)
    states: dict[int, dict[int, tuple[str, Decimal]]] = field(default_factory=dict)  # department -> insight -> state


def posting_context(*, keys, improvement_ids, months, department_ids) -> PostingContext:
    """Read, in one statement, the outcomes already recorded under `keys` ((scope, key) pairs), the weights of
    the improvements, which of `months` are closed and each department's credit standing for their insights."""
    keys = sorted(set(keys))
    params = {
        "scopes": [scope for scope, _ in keys],
        "keys": [key for _, key in keys],
        "improvements": sorted(improvement_ids),
        "months": sorted(months),
        "departments": sorted(department_ids),
    }
    context = PostingContext()
    weights, answers, shares = [], defaultdict(list), {}
    with _prepared_cursor() as cursor:
        cursor.execute(_CONTEXT_SQL, params)
        for tag, a, b, text, fingerprint, number, row_id, signed_at in cursor.fetchall():
            if tag == "existing":
                context.existing[(a, text)] = (row_id, fingerprint)
            elif tag == "weight":
                weights.append((row_id, a, b, text, number))
            elif tag == "closed":
                context.closed.add(dt.date.fromisoformat(text))
            elif tag == "answer":
                answers[a].append((signed_at, row_id, b, text, number))
            else:
                shares[a] = settings.DEFAULT_CENTER_CREDIT_SHARE if number is None else number
    for _, improvement_id, insight_id, category, weight in sorted(weights):  # in the order the improvement named them
        context.weights[improvement_id].append((insight_id, category, weight))
    insights = {insight_id for rows in context.weights.values() for insight_id, _, _ in rows}
    for department_id in department_ids:
        newest_first = [(i, kind, share) for _, _, i, kind, share in sorted(answers[department_id], reverse=True)]
        context.states[department_id] = credit_states_from(
            insight_ids=insights, answers=newest_first, applicable=shares.get(department_id)
        )
    return context


_WRITE_SQL = f"""
WITH v AS (
    SELECT * FROM json_to_recordset(%(outcomes)s::json)
        AS v(ord int, improvement_id bigint, kind text, amount numeric, currency text, period_start date,
             period_end date, method text, forecast bool, key text, scope bigint, fingerprint text, memo text)
), o AS (
    INSERT INTO attribution_outcome (improvement_id, kind, amount, currency, period_start, period_end, method,
                                     forecast, idempotency_key, key_department_id, request_fingerprint,
                                     recorded_by_id, recorded_at)
    SELECT improvement_id, kind, amount, currency, period_start, period_end, method, forecast, key, scope,
           fingerprint, %(user)s, %(now)s FROM v ORDER BY ord
    -- A key a concurrent request committed first is skipped here, and answered as a replay afterwards.
    ON CONFLICT (key_department_id, idempotency_key) DO NOTHING
    RETURNING id, key_department_id, idempotency_key, forecast, period_end
), t AS (
    INSERT INTO attribution_ledgertransaction (kind, outcome_id, effective_on, memo, posted_by_id, posted_at)
    SELECT 'posting', o.id, o.period_end, v.memo, %(user)s, %(now)s
      FROM o JOIN v ON v.scope = o.key_department_id AND v.key = o.idempotency_key
     WHERE NOT o.forecast ORDER BY v.ord
    RETURNING id, outcome_id
), e AS (
    INSERT INTO attribution_ledgerentry (transaction_id, month, account, amount, currency, department_id,
                                         insight_id, category, outcome_kind)
    SELECT t.id, x.month, x.account, x.amount, x.currency, x.department_id, x.insight_id, x.category, x.outcome_kind
      FROM json_to_recordset(%(entries)s::json)
           AS x(ord int, month date, account text, amount numeric, currency text, department_id bigint,
                insight_id bigint, category text, outcome_kind text)
      JOIN v ON v.ord = x.ord
      JOIN o ON o.key_department_id = v.scope AND o.idempotency_key = v.key
      JOIN t ON t.outcome_id = o.id
    RETURNING month, account, department_id, category, COALESCE(insight_id, 0) AS insight_key, currency, amount
), b AS (
    -- The rollups of the entries written, into this connection's slot, keys in the order every writer locks them.
    INSERT INTO attribution_ledgerbalance (month, account, department_id, category, insight_key, currency, slot,
                                           amount, entry_count)
    SELECT month, account, department_id, category, insight_key, currency, pg_backend_pid() %% {ROLLUP_SLOTS},
           sum(amount), count(*)
      FROM e GROUP BY month, account, department_id, category, insight_key, currency
     ORDER BY month, account COLLATE "C", department_id, category COLLATE "C", insight_key, currency COLLATE "C"
    ON CONFLICT (month, account, department_id, category, insight_key, currency, slot) DO UPDATE SET
        amount = attribution_ledgerbalance.amount + EXCLUDED.amount,
        entry_count = attribution_ledgerbalance.entry_count + EXCLUDED.entry_count
), m AS (
    -- The same sums without the insight (LedgerMonthTotal, the executive view's reads), same slot, same key order.
    INSERT INTO attribution_ledgermonthtotal (month, account, department_id, category, currency, slot, amount,
                                              entry_count)
    SELECT month, account, department_id, category, currency, pg_backend_pid() %% {ROLLUP_SLOTS}, sum(amount), count(*)
      FROM e GROUP BY month, account, department_id, category, currency
     ORDER BY month, account COLLATE "C", department_id, category COLLATE "C", currency COLLATE "C"
    ON CONFLICT (month, account, department_id, category, currency, slot) DO UPDATE SET
        amount = attribution_ledgermonthtotal.amount + EXCLUDED.amount,
        entry_count = attribution_ledgermonthtotal.entry_count + EXCLUDED.entry_count
)
SELECT o.key_department_id, o.idempotency_key, o.id, t.id FROM o LEFT JOIN t ON t.outcome_id = o.id
"""

# The rows go as two JSON parameters, one object per row: psycopg adapts two strings faster than the two dozen
# arrays of a column each, and the statement text stays short enough for psycopg to cache its conversion.
OUTCOME_COLUMNS = ("ord", "improvement_id", "kind", "amount", "currency", "period_start", "period_end", "method")
OUTCOME_COLUMNS += ("forecast", "key", "scope", "fingerprint", "memo")
ENTRY_COLUMNS = ("ord", "month", "account", "amount", "currency", "department_id", "insight_id", "category")
ENTRY_COLUMNS += ("outcome_kind",)


def _json_rows(names: tuple[str, ...], rows: list[tuple]) -> str:
    """Rows as a JSON array of objects; decimals and dates as their exact text, which PostgreSQL parses back."""
    return json.dumps([dict(zip(names, row, strict=True)) for row in rows], default=str, separators=(",", ":"))


def postings_write(*, user_id, now, outcomes: list[tuple], entries: list[tuple]) -> dict[tuple[int, str], tuple]:
    """Write outcomes (tuples in OUTCOME_COLUMNS order) and their entries (ENTRY_COLUMNS order, `ord` naming the
    outcome's) in one statement. Returns {(scope, key): (outcome id, posting id or None)} for the rows
    written; a row missing from it was recorded by a concurrent request first, and nothing of it was written."""
    params = {
        "user": user_id,
        "now": now,
        "outcomes": _json_rows(OUTCOME_COLUMNS, outcomes),
        "entries": _json_rows(ENTRY_COLUMNS, entries),
    }
    with _prepared_cursor() as cursor:
        cursor.execute(_WRITE_SQL, params)
        return {(scope, key): (outcome_id, txn_id) for scope, key, outcome_id, txn_id in cursor.fetchall()}
