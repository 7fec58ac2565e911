"""Writes to the ledger: improvements, outcome postings, reversals, reclassifications after sign-offs, and
closing months. Every write is one database transaction; entries and rollups land together.

The modules, in the order a posting passes through them: `improvements` (what was shipped, on which
insights), `outcomes` (recording and idempotency), `posting` (validating and writing typed rows), `credit`
(how value splits into credit), `rollups` (entries and monthly balances), `reversals` (reversal and
reclassification) and `periods` (closed months)."""

from attribution.services.ledger.credit import insight_credit_states, posting_lines
from attribution.services.ledger.improvements import department_recording_require, improvement_create
from attribution.services.ledger.outcomes import MAX_OUTCOMES_PER_REQUEST, outcome_record, outcomes_record
from attribution.services.ledger.periods import PeriodClosed, period_close, period_is_closed, period_reopen
from attribution.services.ledger.reversals import ledger_reclassify_for_record, outcome_reverse
from attribution.services.ledger.rollups import ENTRY_COLUMNS, Line, ledger_rollups_compact

__all__ = [
    "ENTRY_COLUMNS",
    "MAX_OUTCOMES_PER_REQUEST",
    "Line",
    "PeriodClosed",
    "department_recording_require",
    "improvement_create",
    "insight_credit_states",
    "ledger_reclassify_for_record",
    "ledger_rollups_compact",
    "outcome_record",
    "outcome_reverse",
    "outcomes_record",
    "period_close",
    "period_is_closed",
    "period_reopen",
    "posting_lines",
]
