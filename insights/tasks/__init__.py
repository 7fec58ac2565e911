"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""

from insights.tasks import education  # noqa: E402,F401
