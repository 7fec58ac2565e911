"""Chain anchors: copy the sign-off chain's head out of the records table, so a later removal or rewrite of
the records (even with every hash recomputed) no longer matches what was anchored."""

from django.db import transaction

from attribution.models import ChainAnchor, SignoffRecord
from attribution.services.signoffs import lock_chain


@transaction.atomic
def chain_anchor_write() -> ChainAnchor | None:
    """Anchor the chain's head; idempotent: no new anchor when the head has not moved (None then)."""
    lock_chain()  # the head cannot move while it is being anchored
    head = SignoffRecord.objects.order_by("-sequence").values("sequence", "record_hash").first()
    if head is None or ChainAnchor.objects.filter(sequence__gte=head["sequence"]).exists():
        return None
    return ChainAnchor.objects.create(sequence=head["sequence"], record_hash=head["record_hash"])
