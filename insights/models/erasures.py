"""Erasures of one customer's contacts at their request: who asked, when, how many; never who the customer was."""

from django.conf import settings
from django.db import models


class ContactErasure(models.Model):
    """One erasure: a record that holds no personal data. `customer_ref_digest` is a keyed hash (HMAC with the
    site's secret) of the customer's reference, so a repeated request is recognised without storing the ref."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_via = models.CharField(max_length=10, help_text="api or command")
    erased_at = models.DateTimeField()
    customer_ref_digest = models.CharField(max_length=64, db_index=True)
    contacts_erased = models.PositiveIntegerField()
    evidence_links_removed = models.PositiveIntegerField()
    emerging_samples_removed = models.PositiveIntegerField()

    class Meta:
        ordering = ["-erased_at", "-id"]


class ErasedEvidence(models.Model):
    """Where an erased contact was evidence of an insight: the evidence list says "removed at the customer's
    request" in its place, including in published revisions (whose frozen content is never touched)."""

    erasure = models.ForeignKey(ContactErasure, on_delete=models.PROTECT, related_name="evidence")
    insight = models.ForeignKey("insights.Insight", on_delete=models.CASCADE, related_name="erased_evidence")
    contact_id = models.BigIntegerField(help_text="The id the contact had; no row holds it any more.")

    class Meta:
        ordering = ["insight", "contact_id"]
        constraints = [
            models.UniqueConstraint(fields=["insight", "contact_id"], name="insights_erasedevidence_unique_contact")
        ]
