"""Real parts for the import fault tests: Celery workers as separate processes, and a Redis server of our own.

Every process started here is started in its own session and killed with its whole group when the test ends,
whatever happens; every wait has a deadline.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def wait_for(predicate, *, timeout: float, every: float = 0.2, what: str = "condition"):
    """Poll until `predicate()` is truthy (returned) or fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}")


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group: a prefork worker's children too
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def use_broker(monkeypatch, url: str) -> None:
    """Point this process's Celery app, broker and result backend, at `url` (env first: Celery reads it before
    app.conf), dropping pooled connections and the cached backend."""
    from config.celery import app

    for name in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.setenv(name, url)
    monkeypatch.setitem(app.conf, "broker_url", url)
    monkeypatch.setitem(app.conf, "result_backend", url)
    forget_connections()


def forget_connections() -> None:
    """Drop the app's pooled broker connections and cached result backend: the next use dials the settings anew."""
    from config.celery import app

    app._pool = app.amqp._producer_pool = None
    app._backend_cache = None
    if hasattr(app._local, "backend"):
        del app._local.backend


def redis_reset(url: str) -> None:
    """Empty the queue and the unacknowledged-message store, so no message outlives the test that sent it."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")
    client.close()


class Workers:
    """Start `celery -A config worker` processes against the test database; kill them (SIGKILL, whole group)."""

    def __init__(self, tmp_path: Path, env: dict[str, str]):
        self.tmp_path, self.env, self.processes = tmp_path, env, []

    def start(self, broker_url: str) -> subprocess.Popen:
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("wb")
        env = {**os.environ, **self.env, "CELERY_BROKER_URL": broker_url, "CELERY_RESULT_BACKEND": broker_url}
        process = subprocess.Popen(
            [celery, "-A", "config", "worker", "-P", "prefork", "-c", "1", "-l", "info",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"w{len(self.processes)}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        wait_for(lambda: b"ready." in self.log(process), timeout=60, what="the worker to start")
        return process

    def log(self, process: subprocess.Popen) -> bytes:
        return (self.tmp_path / f"worker-{self.processes.index(process)}.log").read_bytes()

    def kill(self, process: subprocess.Popen) -> None:
        _kill(process)

    def close(self) -> None:
        for process in self.processes:
            _kill(process)


@pytest.fixture
def worker_processes(transactional_db, tmp_path, settings):
    """Workers in their own processes, reading the test database; never left running."""
    from config.celery import app

    broker = app.conf.broker_url or ""
    if not broker.startswith("redis://"):
        if os.environ.get("CI"):
            pytest.fail("CELERY_BROKER_URL must point at Redis in CI")
        pytest.skip("needs CELERY_BROKER_URL=redis://…")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    db = connection.settings_dict
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "IMPORT_STALE_SECONDS": str(settings.IMPORT_STALE_SECONDS),
    }
    app.conf.task_always_eager = False
    workers = Workers(tmp_path, env)
    try:
        yield workers
    finally:
        workers.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server of our own on a fixed port, to stop and start again (the shared one is never touched)."""

    def __init__(self, tmp_path: Path):
        self.port, self.tmp_path, self.process = free_port(), tmp_path, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.tmp_path)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        wait_for(self._answers, timeout=20, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            _kill(self.process)
            self.process = None
        wait_for(lambda: not self._answers(), timeout=20, what="the port to close")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server must be on PATH in CI")
        pytest.skip("needs redis-server on PATH")
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        if server.process is not None:
            _kill(server.process)
        forget_connections()  # monkeypatch has put the shared broker back by now
