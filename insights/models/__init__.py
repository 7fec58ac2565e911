"""Contacts, emerging issues, insights and their revisions; one module per kind of thing."""

from insights.models.contacts import (
    Channel,
    Contact,
    ContactKey,
    ContactMetricsDay,
    EmergingIssue,
    ImportJob,
    ImportRowError,
)
from insights.models.erasures import ContactErasure, ErasedEvidence
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
    "ContactErasure",
    "ContactKey",
    "ContactMetricsDay",
    "EmergingIssue",
    "ErasedEvidence",
    "ImportJob",
    "ImportRowError",
    "Insight",
    "InsightEvidence",
    "InsightRevision",
    "InsightRouting",
    "InsightStatus",
]
