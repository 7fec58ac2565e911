"""Before the test suite: say plainly if PostgreSQL or Redis is not where the settings point.

Run as `python -m config.preflight`; exits 1 with how to start what is missing.
"""

import os
import sys
from urllib.parse import urlparse

HOW_TO_START = {
    "postgres": (
        "Start PostgreSQL: `docker compose up -d db`, or on Debian "
        "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`."
    ),
    "redis": (
        "Start Redis: `docker compose up -d redis`, or `redis-server --daemonize yes --bind 127.0.0.1 --port 6379`."
    ),
}


def check_postgres(url: str) -> str | None:
    import psycopg

    parsed = urlparse(url)
    # The suite creates its own test database, so connect to the server's maintenance database.
    try:
        conninfo = psycopg.conninfo.make_conninfo(
            host=parsed.hostname or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password or None,
            dbname="postgres",
            connect_timeout=3,
        )
        with psycopg.connect(conninfo) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        where = f"{parsed.hostname}:{parsed.port or 5432}"
        return f"PostgreSQL at {where} does not answer ({exc}). {HOW_TO_START['postgres']}"
    return None


def check_redis(url: str) -> str | None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except Exception as exc:
        return f"Redis at {url} does not answer ({exc}). {HOW_TO_START['redis']}"
    return None


def main() -> int:
    problems = []
    database_url = os.environ.get("DATABASE_URL", "")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        problems.append(check_postgres(database_url))
    else:
        problems.append(f"DATABASE_URL must point at PostgreSQL for the test suite (it is {database_url!r}).")
    if broker_url.startswith("redis://"):
        problems.append(check_redis(broker_url))
    else:
        problems.append(f"CELERY_BROKER_URL must point at Redis for the test suite (it is {broker_url!r}).")
    problems = [p for p in problems if p]
    for problem in problems:
        print(f"preflight: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
