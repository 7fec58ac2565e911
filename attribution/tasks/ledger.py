"""Beat task: fold the ledger rollups' slots back into one row per key, so reads stay small."""

from celery import shared_task


@shared_task(name="attribution.ledger_rollups_compact")
def ledger_rollups_compact() -> int:
    from attribution.services.ledger import ledger_rollups_compact as compact

    return compact()


@shared_task(name="attribution.ledger_post_direct")
def ledger_post_direct() -> int | None:
    """Post last month's direct value once it is due; idempotent, so every run after the first writes nothing."""
    from attribution.services.ledger.direct import direct_value_post_due

    posting = direct_value_post_due()
    return posting.pk if posting else None
