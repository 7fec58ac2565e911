"""The DATABASES entry the settings install, from DATABASE_URL and the pool's bound.

Imported by `config/settings/` before Django is set up: it reads nothing but its arguments.
PostgreSQL is the only database: the ledger's triggers and constraints are the product's guarantees.
"""

import environ
from django.core.exceptions import ImproperlyConfigured


def database_config(*, url: str, pool_max_size: int, pool_timeout: float, conn_max_age: int) -> dict:
    """Parse DATABASE_URL (PostgreSQL only, or start-up stops naming the variable) and bound its connections.

    A pool per process (psycopg_pool through Django) opens at most `pool_max_size` connections, so processes x
    DB_POOL_MAX_SIZE must stay under the server's max_connections; Django requires CONN_MAX_AGE 0 with a pool, as
    connections go back to the pool after each request instead of lingering per thread. `pool_max_size` 0 turns
    pooling off: persistent connections for `conn_max_age` seconds, health-checked before reuse."""
    if not url:
        raise ImproperlyConfigured(
            "DATABASE_URL is not set. Center Stage runs on PostgreSQL only: "
            "set DATABASE_URL=postgres://user@host:5432/name, or use `make demo` / `make test`, "
            "which start an embedded PostgreSQL when none is configured."
        )
    try:
        database = environ.Env.db_url_config(url)
    except Exception as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed ({url!r}): {exc}. Use e.g. postgres://user@host:5432/name."
        ) from exc
    if database.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            f"DATABASE_URL must point at PostgreSQL (postgres://user@host:5432/name), not {url!r}."
        )
    if not database.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({url!r}): it names no database.")
    if pool_max_size < 0:
        raise ImproperlyConfigured(f"DB_POOL_MAX_SIZE must be 0 (no pool) or more, not {pool_max_size}.")
    if pool_max_size:
        database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(2, pool_max_size),
            "max_size": pool_max_size,
            "timeout": pool_timeout,  # waiting longer for a free connection is an error, not a hang
        }
        database["CONN_MAX_AGE"] = 0
    else:
        database.setdefault("CONN_MAX_AGE", conn_max_age)
        database["CONN_HEALTH_CHECKS"] = True
    return database
