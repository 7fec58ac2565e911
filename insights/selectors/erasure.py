"""Reads for a customer's privacy requests: their stored contacts (subject access), earlier erasures, and the
evidence that was removed at a customer's request."""

from typing import Any

from insights.models import Contact, ContactErasure, ErasedEvidence

EXPORT_FIELDS = (
    "id",
    "source",
    "external_id",
    "channel",
    "started_at",
    "queue",
    "wait_seconds",
    "handle_seconds",
    "abandoned",
    "reason_code",
    "resolved_first_contact",
    "csat",
    "nps",
    "sentiment",
    "text",
    "customer_ref",
    "account_value",
)


def customer_contacts_export(*, customer_ref: str) -> list[dict[str, Any]]:
    """Every stored contact of one customer, oldest first, with every stored column a person could ask for."""
    return list(Contact.objects.filter(customer_ref=customer_ref).order_by("started_at", "id").values(*EXPORT_FIELDS))


def erasures_before(*, erasure: ContactErasure) -> int:
    """How many earlier erasures were for the same customer (recognised by the keyed hash alone)."""
    return ContactErasure.objects.filter(
        customer_ref_digest=erasure.customer_ref_digest, erased_at__lt=erasure.erased_at
    ).count()


def erased_contact_ids(*, insight_id: int) -> set[int]:
    """Ids of the contacts that were evidence of the insight and were erased at the customer's request."""
    return set(ErasedEvidence.objects.filter(insight_id=insight_id).values_list("contact_id", flat=True))
