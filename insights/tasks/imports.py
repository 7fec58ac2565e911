"""Celery task that runs an uploaded contact file's import job, and the sweep's re-queuer for stranded jobs."""

from datetime import timedelta

from celery import shared_task

# A job still `queued` this long after its upload was never taken by a worker: the broker was down at commit.
# Generous, so a job merely waiting behind a long import is not queued twice.
IMPORT_REQUEUE_AFTER_SECONDS = 600


@shared_task(name="insights.import_job_run", acks_late=True)
def import_job_run_task(job_id: int) -> dict:
    """Run the import job; running it again after it finished changes nothing."""
    from insights.services.imports import import_job_run

    job = import_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "created": job.created, "rejected": job.rejected}


def import_jobs_requeue(*, older_than_seconds: int = IMPORT_REQUEUE_AFTER_SECONDS) -> int:
    """Queue again every import job left `queued` longer than `older_than_seconds`; returns how many."""
    from django.utils import timezone

    from core.queue import enqueue
    from insights.models import ImportJob

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        ImportJob.objects.filter(status=ImportJob.Status.QUEUED, created_at__lt=cutoff)
        .order_by("created_at")
        .values_list("pk", flat=True)[:100]
    )
    return sum(enqueue(import_job_run_task, pk) for pk in ids)
