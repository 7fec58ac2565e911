"""Beat task: fold the ledger rollups' slots back into one row per key, so reads stay small."""

from celery import shared_task


@shared_task(name="attribution.ledger_rollups_compact")
def ledger_rollups_compact() -> int:
    from attribution.services.ledger import ledger_rollups_compact as compact

    return compact()
