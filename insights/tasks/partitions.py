"""Celery beat tasks keeping the month partitions of contacts: made ahead, and removed past retention."""

from celery import shared_task


@shared_task(name="insights.contact_partitions_ahead", ignore_result=True)
def contact_partitions_ahead_task() -> int:
    """Beat, daily: make the months ahead that lack a partition; idempotent."""
    from insights.services.contact_partitions import contact_partitions_ahead

    return contact_partitions_ahead()


@shared_task(name="insights.contacts_retention_apply", ignore_result=True)
def contacts_retention_task() -> dict:
    """Beat, daily: remove contacts older than CONTACT_RETENTION_MONTHS; idempotent."""
    from insights.services.contact_partitions import contacts_retention_apply

    result = contacts_retention_apply()
    return {"dropped": result.partitions_dropped, "deleted": result.rows_deleted}
