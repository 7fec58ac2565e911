"""The production image: static files collected as the Dockerfile does, served by gunicorn with DEBUG=0."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from urllib.error import URLError

import pytest
from django.db import connection

from tests.config.conftest import HOST_VARIABLES, ROOT, dockerfile_collectstatic


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database (pytest-django's), as a URL for a server in another process."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextmanager
def gunicorn(static_root, port: int):
    """gunicorn serving the app in production mode on 127.0.0.1:port until the block ends."""
    env = {k: v for k, v in os.environ.items() if k not in HOST_VARIABLES}
    env.update(
        DEBUG="0",
        SECRET_KEY="test-only-" + "k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=database_url(),
        STATIC_ROOT=str(static_root),
    )
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def get(url: str, *, wait: float = 0):
    """(status, content type, body) of a GET, retrying while the server is still starting."""
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local test server
                return response.status, response.headers["Content-Type"], response.read().decode()
        except URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_the_dockerfile_collects_static_files_with_the_production_storage():
    env, command = dockerfile_collectstatic()
    assert env["DEBUG"] == "0"
    assert env["SECRET_KEY"] and env["DATABASE_URL"].startswith("postgres://")
    assert command[-2:] == ["collectstatic", "--noinput"]


@pytest.mark.django_db
def test_the_image_serves_the_login_page_and_its_stylesheet_with_debug_off(production_static):
    assert (production_static / "staticfiles.json").is_file()
    port = free_port()
    with gunicorn(production_static, port) as server:
        try:
            status, _, page = get(f"http://127.0.0.1:{port}/login/", wait=60)
        except URLError:
            server.terminate()
            pytest.fail(server.communicate(timeout=30)[0].decode())
        assert status == 200
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        assert re.search(r"site\.[0-9a-f]{12}\.css$", stylesheet), stylesheet  # the manifest's hashed name
        status, content_type, css = get(f"http://127.0.0.1:{port}{stylesheet}")
        assert status == 200
        assert content_type.startswith("text/css")
        assert css.strip()
