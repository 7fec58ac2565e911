"""Celery task that runs an uploaded contact file's import job."""

from celery import shared_task


@shared_task(name="insights.import_job_run", acks_late=True)
def import_job_run_task(job_id: int) -> dict:
    """Run the import job; running it again after it finished changes nothing."""
    from insights.services.imports import import_job_run

    job = import_job_run(job_id=job_id)
    return {"job": job.pk, "status": job.status, "created": job.created, "rejected": job.rejected}
