"""Chain anchors: the sign-off chain's head copied out of the records table, append-only."""

from django.db import models
from django.utils import timezone


class ChainAnchor(models.Model):
    """The head of the sign-off chain (its sequence and record hash) at a moment. Once anchored, the record at
    that sequence must exist with that hash, so removing or rewriting records after the anchor is found."""

    sequence = models.PositiveBigIntegerField(help_text="Sequence of the chain's newest record when anchored.")
    record_hash = models.CharField(max_length=64, help_text="record_hash of that record.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sequence"]
        constraints = [models.UniqueConstraint(fields=["sequence"], name="chain_anchor_sequence_unique")]

    def __str__(self) -> str:
        return f"anchor #{self.sequence} {self.record_hash[:12]}…"
