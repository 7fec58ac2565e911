"""The two statements a posting costs, whatever the number of outcomes: one read of everything the rules need
(keys already used, weights, closed months, sign-off answers, the terms that apply) and one write of outcomes,
transactions, entries and rollups. A single statement is atomic on its own and needs no BEGIN, COMMIT or
savepoint round trips; the ledger's deferred balance trigger still runs when it commits."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

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
    with connection.cursor() as cursor:
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
    SELECT * FROM unnest(%(ord)s::int[], %(improvement)s::bigint[], %(kind)s::text[], %(amount)s::numeric[],
                         %(currency)s::text[], %(start)s::date[], %(end)s::date[], %(method)s::text[],
                         %(forecast)s::bool[], %(key)s::text[], %(scope)s::bigint[], %(fingerprint)s::text[],
                         %(memo)s::text[])
        AS v(ord, improvement_id, kind, amount, currency, period_start, period_end, method, forecast, key, scope,
             fingerprint, memo)
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
      FROM unnest(%(e_ord)s::int[], %(e_month)s::date[], %(e_account)s::text[], %(e_amount)s::numeric[],
                  %(e_currency)s::text[], %(e_department)s::bigint[], %(e_insight)s::bigint[],
                  %(e_category)s::text[], %(e_kind)s::text[])
           AS x(ord, month, account, amount, currency, department_id, insight_id, category, outcome_kind)
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

OUTCOME_COLUMNS = ("ord", "improvement", "kind", "amount", "currency", "start", "end", "method", "forecast")
OUTCOME_COLUMNS += ("key", "scope", "fingerprint", "memo")
ENTRY_COLUMNS = ("e_ord", "e_month", "e_account", "e_amount", "e_currency", "e_department", "e_insight")
ENTRY_COLUMNS += ("e_category", "e_kind")


def postings_write(*, user_id, now, outcomes: list[tuple], entries: list[tuple]) -> dict[tuple[int, str], tuple]:
    """Write outcomes (tuples in OUTCOME_COLUMNS order) and their entries (ENTRY_COLUMNS order, `e_ord` naming
    the outcome's `ord`) in one statement. Returns {(scope, key): (outcome id, posting id or None)} for the rows
    written; a row missing from it was recorded by a concurrent request first, and nothing of it was written."""
    params = {"user": user_id, "now": now}
    for names, rows in ((OUTCOME_COLUMNS, outcomes), (ENTRY_COLUMNS, entries)):
        columns = list(zip(*rows, strict=True)) if rows else [()] * len(names)
        params.update({name: list(values) for name, values in zip(names, columns, strict=True)})
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_SQL, params)
        return {(scope, key): (outcome_id, txn_id) for scope, key, outcome_id, txn_id in cursor.fetchall()}
