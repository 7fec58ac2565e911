"""Liveness of the two things the service cannot work without: the database and the Celery broker."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not answering"
        return f"error: {exc.__class__.__name__}: {exc}".strip()
    return "ok"


def broker_status() -> str:
    from config.celery import app

    if app.conf.task_always_eager:
        return "ok (eager: tasks run in-process, no broker)"

    try:
        with Connection(app.conf.broker_url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}: {exc}".strip()
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": database_status(), "broker": broker_status()}
    failing = [name for name, state in checks.items() if not state.startswith("ok")]
    body = {"status": "ok" if not failing else "unavailable", **checks}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
