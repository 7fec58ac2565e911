"""Reads of import jobs and their rejected rows."""

from django.db.models import QuerySet

from insights.models import ImportJob, ImportRowError

ERRORS_SHOWN = 200


def import_job_list() -> QuerySet[ImportJob]:
    """Import jobs, newest first, with who started them."""
    return ImportJob.objects.select_related("created_by").order_by("-created_at", "-id")


def import_job_errors(*, job: ImportJob, limit: int = ERRORS_SHOWN) -> list[ImportRowError]:
    """The first rejected-row errors of a job, by row number."""
    return list(job.row_errors.order_by("row_number", "id")[:limit])
