"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""

from insights.tasks.emerging import emerging_issues_detect_task
from insights.tasks.imports import import_job_run_task
from insights.tasks.notifications import notification_send
from insights.tasks.outbox import outbox_dispatch, outbox_sweep

__all__ = ["emerging_issues_detect_task", "import_job_run_task", "notification_send", "outbox_dispatch", "outbox_sweep"]
