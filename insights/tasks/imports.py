"""Celery tasks for contact imports: running an uploaded file's job, and the watch that re-queues stranded jobs."""

from datetime import timedelta

from celery import shared_task

# A job still `queued` this long after it was handed to the broker was never taken by a worker (its message was
# lost). Generous, so a job merely waiting behind a long import is not queued twice. A job that never reached the
# broker (heartbeat empty: the broker was down at upload) is queued again at the first sweep.
IMPORT_REQUEUE_AFTER_SECONDS = 600
# A job whose runs stopped this many times (killed workers) is failed rather than tried again.
IMPORT_MAX_ATTEMPTS = 3


# acks_late + reject_on_worker_lost: a worker that dies mid-import leaves the message unacknowledged, so the broker
# hands it out again (at once if only the pool child died, after the visibility timeout if the whole worker died);
# the job's claim makes a redelivery of a job that is alive or finished a no-op.
@shared_task(name="insights.import_job_run", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def import_job_run_task(job_id: int) -> dict:
    """Run the import job; running it again after it finished, or while another run is alive, changes nothing."""
    from insights.services.imports import import_job_run

    job = import_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "created": job.created, "rejected": job.rejected}


@shared_task(name="insights.import_jobs_watch", ignore_result=True)
def import_jobs_watch_task() -> int:
    """Beat, every IMPORT_WATCH_SECONDS: re-queue (or fail) jobs stranded by a dead worker or a broker outage."""
    return import_jobs_requeue()


def import_jobs_requeue(*, older_than_seconds: int = IMPORT_REQUEUE_AFTER_SECONDS) -> int:
    """Queue again every stranded import job; returns how many were queued.

    Stranded: `queued` and never handed to the broker, or uploaded longer than `older_than_seconds` ago; or
    `running` with a heartbeat older than IMPORT_STALE_SECONDS (its worker died). An uploaded job that has already
    stopped IMPORT_MAX_ATTEMPTS times, or a stale job run from the command line, is failed instead, saying why.
    """
    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone

    from core.queue import enqueue
    from insights.models import ImportJob
    from insights.services.imports import import_job_abandon, import_job_is_upload

    now = timezone.now()
    waiting = Q(status=ImportJob.Status.QUEUED) & (
        Q(heartbeat_at__isnull=True) | Q(created_at__lt=now - timedelta(seconds=older_than_seconds))
    )
    stale = Q(status=ImportJob.Status.RUNNING) & (
        Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=now - timedelta(seconds=settings.IMPORT_STALE_SECONDS))
    )
    queued = 0
    for job in ImportJob.objects.filter(waiting | stale).order_by("created_at")[:100]:
        if job.status == ImportJob.Status.RUNNING and not import_job_is_upload(job=job):
            import_job_abandon(
                job=job,
                reason="The command running this import stopped. Run it again: the rows already landed are skipped.",
            )
        elif job.attempts >= IMPORT_MAX_ATTEMPTS:
            import_job_abandon(
                job=job,
                reason=f"The import stopped {job.attempts} times (its worker died). "
                "Upload the file again: the rows already landed are skipped.",
            )
        elif enqueue(import_job_run_task, job.pk):
            # Back to `queued`, handed over now: the next run claims it, and later sweeps leave it to its message.
            ImportJob.objects.filter(pk=job.pk, status=job.status, heartbeat_at=job.heartbeat_at).update(
                status=ImportJob.Status.QUEUED, heartbeat_at=now
            )
            queued += 1
    return queued
