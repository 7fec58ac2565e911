"""Credit agreements, sign-offs, improvements, outcomes and the ledger; one module per kind of thing."""

from attribution.models.ledger import (
    ROLLUP_SLOTS,
    AccountingPeriod,
    Improvement,
    ImprovementInsight,
    LedgerBalance,
    LedgerEntry,
    LedgerMonthTotal,
    LedgerTransaction,
    Outcome,
    OutcomeKind,
    validate_weight,
)
from attribution.models.signoffs import (
    ActionCommitment,
    CreditAgreement,
    SignoffRecord,
    SignoffReminder,
    SignoffRequest,
    SignoffStatus,
)

__all__ = [
    "AccountingPeriod",
    "ActionCommitment",
    "CreditAgreement",
    "Improvement",
    "ImprovementInsight",
    "ROLLUP_SLOTS",
    "LedgerBalance",
    "LedgerEntry",
    "LedgerMonthTotal",
    "LedgerTransaction",
    "Outcome",
    "OutcomeKind",
    "validate_weight",
    "SignoffRecord",
    "SignoffReminder",
    "SignoffRequest",
    "SignoffStatus",
]

from attribution.models.recommendations import Recommendation, RecommendationDecision  # noqa: E402

__all__ += ["Recommendation", "RecommendationDecision"]

from attribution.models.anchors import ChainAnchor  # noqa: E402

__all__ += ["ChainAnchor"]

from attribution.models.trail import SignoffEvent  # noqa: E402

__all__ += ["SignoffEvent"]

from attribution.models.costs import CenterCost  # noqa: E402

__all__ += ["CenterCost"]

from attribution.models.direct import DirectValuePosting  # noqa: E402

__all__ += ["DirectValuePosting"]
