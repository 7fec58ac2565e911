"""The Celery app: configured from Django settings (CELERY_*), tasks autodiscovered in each app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("centerstage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping")
def ping() -> dict:
    """Prove a worker is alive and can reach the database: returns the database engine and a count."""
    from django.contrib.auth import get_user_model

    return {"pong": True, "database": "postgresql", "users": get_user_model().objects.count()}
