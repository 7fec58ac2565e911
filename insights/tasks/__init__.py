"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""

from insights.tasks.notifications import notification_send
from insights.tasks.outbox import outbox_dispatch, outbox_sweep

__all__ = ["notification_send", "outbox_dispatch", "outbox_sweep"]
