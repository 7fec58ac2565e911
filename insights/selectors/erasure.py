"""Reads for a customer's privacy requests: their stored contacts (subject access), earlier erasures, and the
evidence that was removed at a customer's request."""

from typing import Any

from insights.models import Contact, ContactErasure, ErasedEvidence

# Every stored column of a contact but the import job's id (bookkeeping, not about the customer): new columns
# (saves, sales, profanity) join the export without anyone remembering to add them.
EXPORT_FIELDS = tuple(f.attname for f in Contact._meta.concrete_fields if f.name != "import_job")


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
