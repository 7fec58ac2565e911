"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""

from insights.tasks.emerging import emerging_issues_detect_task
from insights.tasks.imports import import_job_run_task
from insights.tasks.partitions import contact_partitions_ahead_task, contacts_retention_task

__all__ = [
    "contact_partitions_ahead_task",
    "contacts_retention_task",
    "emerging_issues_detect_task",
    "import_job_run_task",
]
