"""Reads of the chain anchors: the latest one (printed on certificates and the board pack) and the check of
every anchor against the records table."""

from attribution.models import ChainAnchor, SignoffRecord


def chain_anchor_latest() -> ChainAnchor | None:
    """The newest anchor of the sign-off chain, or None before the first one is written."""
    return ChainAnchor.objects.order_by("-sequence").first()


def chain_anchor_words(anchor: ChainAnchor | None) -> dict | None:
    """The latest anchor as JSON-safe values (sequence, hash, time), or None."""
    if anchor is None:
        return None
    return {"sequence": anchor.sequence, "record_hash": anchor.record_hash, "created_at": anchor.created_at.isoformat()}


def chain_anchors_check() -> dict | None:
    """The first anchor the records table no longer matches (its record missing or with another hash), as
    {"record", "sequence", "problem"}; None when every anchor holds."""
    anchors = list(ChainAnchor.objects.order_by("sequence").values_list("sequence", "record_hash"))
    found = {
        sequence: (pk, record_hash)
        for pk, sequence, record_hash in SignoffRecord.objects.filter(
            sequence__in=[sequence for sequence, _ in anchors]
        ).values_list("pk", "sequence", "record_hash")
    }
    for sequence, anchored_hash in anchors:
        if sequence not in found:
            return {"record": None, "sequence": sequence, "problem": f"record #{sequence} was anchored but is missing"}
        pk, record_hash = found[sequence]
        if record_hash != anchored_hash:
            problem = f"record #{sequence} no longer has the hash it was anchored with"
            return {"record": pk, "sequence": sequence, "problem": problem}
    return None
