"""Connection pooling: however many threads query at once, a process holds at most DB_POOL_MAX_SIZE connections."""

import threading
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.conf import settings
from django.db import connection, connections

THREADS = 40


def open_connections(monitor: psycopg.Connection, database: str) -> int:
    """Server-side connections to the test database, other than the monitor's own."""
    row = monitor.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [database]
    ).fetchone()
    return row[0]


def test_the_pool_is_on_with_conn_max_age_zero():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["pool"]["max_size"] == settings.DB_POOL_MAX_SIZE > 0
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 0


@pytest.mark.django_db(transaction=True)
def test_many_threads_querying_at_once_never_hold_more_than_the_bound():
    database = connection.settings_dict["NAME"]
    connection.close()  # the test's own connection goes back to the pool too
    monitor = psycopg.connect(
        host=connection.settings_dict["HOST"] or "127.0.0.1",
        port=connection.settings_dict["PORT"] or 5432,
        user=connection.settings_dict["USER"],
        password=connection.settings_dict["PASSWORD"] or None,
        dbname=database,
        autocommit=True,
    )
    peak, done = 0, threading.Event()

    def watch():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, open_connections(monitor, database))
            done.wait(0.02)

    def query(_):
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.2)")
        finally:
            connections.close_all()  # what Django does at the end of every request: back to the pool
        return True

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            results = list(pool.map(query, range(THREADS * 2)))
    finally:
        done.set()
        watcher.join()
    idle_after = open_connections(monitor, database)
    monitor.close()
    assert all(results)
    assert 1 < peak <= settings.DB_POOL_MAX_SIZE, peak
    assert idle_after <= settings.DB_POOL_MAX_SIZE
