"""Celery tasks, one module per area. Celery autodiscovers this package; import each module here."""
