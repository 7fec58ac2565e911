"""The environment reader every settings module shares, and its checked readers."""

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def env_bool(name: str, default: bool) -> bool:
    try:
        return env.bool(name, default=default)
    except ValueError as exc:  # pragma: no cover - message only
        raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false): {exc}") from exc


def env_positive(name: str, default: int) -> int:
    value = env.int(name, default=default)
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be a positive whole number, not {value}.")
    return value
