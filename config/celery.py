"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered in each app."""

import logging.config
import os

from celery import Celery
from celery.signals import setup_logging
from django_structlog.celery.steps import DjangoStructLogInitStep

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("centerstage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Each task's log lines carry the request id of the request that queued it (django-structlog's task header).
app.steps["worker"].add(DjangoStructLogInitStep)


@setup_logging.connect
def logging_configure(**kwargs) -> None:
    """Log through the project's LOGGING (JSON or console lines with the request id), not Celery's own format."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@app.task(name="config.ping")
def ping() -> dict:
    """Prove a worker is alive and can reach the database: returns the database engine and a count."""
    from django.contrib.auth import get_user_model

    return {"pong": True, "database": "postgresql", "users": get_user_model().objects.count()}
