"""A customer's right to erasure: their contacts go from everywhere they are linked; the ledger, the daily
metric rollups and the statistics frozen in published revisions stay (they hold no personal data)."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.models import User
from accounts.policy import Action, require
from insights.models import ContactErasure, EmergingIssue, ErasedEvidence, Insight, InsightEvidence
from insights.services.insights.evidence import statistics_refresh

CUSTOMER_REF_MAX = 120


def customer_ref_clean(customer_ref: str | None) -> str:
    """The customer reference as stored on contacts; refuses a blank or over-long one, naming the field."""
    ref = (customer_ref or "").strip() if isinstance(customer_ref, str | None) else None
    if not ref:
        raise ValidationError({"customer_ref": ["Give the customer's reference as it appears on their contacts."]})
    if len(ref) > CUSTOMER_REF_MAX:
        raise ValidationError({"customer_ref": [f"A customer reference has at most {CUSTOMER_REF_MAX} characters."]})
    return ref


def customer_ref_digest(customer_ref: str) -> str:
    """A keyed hash of the reference (HMAC-SHA256 under the site's secret): recognises a repeat, reveals nothing."""
    return salted_hmac("insights.contact-erasure", customer_ref, algorithm="sha256").hexdigest()


@transaction.atomic
def contacts_erase(*, user: User | None, customer_ref: str, via: str = "api") -> ContactErasure:
    """Delete every contact of one customer and the links to them (evidence, emerging-issue samples), leave a
    marker where each was evidence, and write an erasure record with counts and no personal data. `user` is
    None only from the command line, which the operator's shell access already authorises."""
    if user is not None:
        require(user, Action.ERASE_CONTACTS)
    ref = customer_ref_clean(customer_ref)
    now = timezone.now()
    with connection.cursor() as cursor:
        # Plain SQL on customer_ref: the same on a plain table and on a partitioned one.
        cursor.execute("SELECT id FROM insights_contact WHERE customer_ref = %s FOR UPDATE", [ref])
        contact_ids = [row[0] for row in cursor.fetchall()]
    links = list(InsightEvidence.objects.filter(contact_id__in=contact_ids).values_list("insight_id", "contact_id"))
    samples = EmergingIssue.sample_contacts.through.objects.filter(contact_id__in=contact_ids)
    erasure = ContactErasure.objects.create(
        requested_by=user,
        requested_via=via,
        erased_at=now,
        customer_ref_digest=customer_ref_digest(ref),
        contacts_erased=len(contact_ids),
        evidence_links_removed=len(links),
        emerging_samples_removed=samples.count(),
    )
    ErasedEvidence.objects.bulk_create(
        [ErasedEvidence(erasure=erasure, insight_id=i, contact_id=c) for i, c in links], ignore_conflicts=True
    )
    InsightEvidence.objects.filter(contact_id__in=contact_ids).delete()
    samples.delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM insights_contact WHERE id = ANY(%s)", [contact_ids])
    # The live statistics follow the evidence that is left; a published revision keeps its frozen ones.
    for insight in Insight.objects.filter(pk__in={i for i, _ in links}).select_related("emerging_issue"):
        statistics_refresh(insight)
        insight.save(update_fields=["statistics"])
    return erasure
