"""Contacts, emerging issues, insights and their revisions; one module per kind of thing."""

from insights.models.contacts import (
    Channel,
    Contact,
    ContactMetricsDay,
    EmergingIssue,
    ImportJob,
    ImportRowError,
)
from insights.models.insights import (
    Category,
    Insight,
    InsightEvidence,
    InsightRevision,
    InsightRouting,
    InsightStatus,
)

__all__ = [
    "Category",
    "Channel",
    "Contact",
    "ContactMetricsDay",
    "EmergingIssue",
    "ImportJob",
    "ImportRowError",
    "Insight",
    "InsightEvidence",
    "InsightRevision",
    "InsightRouting",
    "InsightStatus",
]
