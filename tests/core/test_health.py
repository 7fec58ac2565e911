import pytest
from django.db import connection

from config.celery import app


@pytest.fixture
def real_broker():
    app.conf.task_always_eager = False
    yield


def test_healthz_is_200_when_database_and_broker_answer(client, db, real_broker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "postgresql"
    assert body["database_version"] == str(connection.pg_version // 10000) + "." + str(connection.pg_version % 10000)
    assert body["broker"] == "ok"


def test_healthz_is_503_naming_the_broker_when_it_does_not_answer(client, db, real_broker, monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["broker"]
    assert body["broker"].startswith("error")
    assert body["database"] == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_naming_the_database_when_it_does_not_answer(client, real_broker):
    connection.close()
    connection.close_pool()  # a pool keeps its address: close it so the next one dials the dead port
    original_port = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = "1"
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.close_pool()
        connection.settings_dict["PORT"] = original_port
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["database"].startswith("error")
    assert "database_version" not in body
