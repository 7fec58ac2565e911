"""Liveness of the two things the service cannot work without: the database and the Celery broker."""

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu import Connection


def database_status() -> dict[str, str]:
    """`{"database": "postgresql", "database_version": "15.19"}` when it answers, else the error."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0].split()[0]  # Debian builds append their package name
    except Exception as exc:  # any driver error means "not answering"
        return {"database": f"error: {exc.__class__.__name__}: {exc}".strip()}
    return {"database": "postgresql", "database_version": version}


def broker_status() -> str:
    from celery import current_app as app  # the project's app (config/__init__ loads it); core names no upper floor

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
    database, broker = database_status(), broker_status()
    answering = {"database": "database_version" in database, "broker": broker.startswith("ok")}
    failing = [name for name, ok in answering.items() if not ok]
    body = {"status": "ok" if not failing else "unavailable", **database, "broker": broker}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
