"""Contacts, emerging issues, insights and their revisions; one module per kind of thing."""

# Transitional re-export; the lead removes it after the merge.
from core.models import Notification, NotificationAttempt, OutboxDelivery, OutboxEvent  # noqa: E402
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
    "InsightStatus",
    "Notification",
    "NotificationAttempt",
    "OutboxDelivery",
    "OutboxEvent",
]
