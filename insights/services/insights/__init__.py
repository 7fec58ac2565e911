"""Writes for insights: drafts (`drafting`), evidence and its statistics (`evidence`), routing to departments
(`routing`), publishing frozen revisions and withdrawal (`publishing`)."""

from insights.services.insights.drafting import (
    EDITABLE_FIELDS,
    insight_create,
    insight_draft_from_emerging_issue,
    insight_update,
)
from insights.services.insights.evidence import TREND_THRESHOLD, insight_statistics_compute
from insights.services.insights.publishing import (
    canonical_json,
    content_hash,
    insight_content,
    insight_publish,
    insight_withdraw,
)

__all__ = [
    "EDITABLE_FIELDS",
    "TREND_THRESHOLD",
    "canonical_json",
    "content_hash",
    "insight_content",
    "insight_create",
    "insight_draft_from_emerging_issue",
    "insight_publish",
    "insight_statistics_compute",
    "insight_update",
    "insight_withdraw",
]
