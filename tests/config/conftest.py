"""The production static files, built once per run exactly as the Dockerfile builds them."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Variables a developer's shell may carry that the image build does not set.
HOST_VARIABLES = ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "STATIC_ROOT"]


def dockerfile_collectstatic() -> tuple[dict[str, str], list[str]]:
    """The environment and command of the Dockerfile's collectstatic step, as written there."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    run = next(line for line in text.splitlines() if line.startswith("RUN") and "collectstatic" in line)
    step = next(part for part in re.split(r"&&|;", run) if "collectstatic" in part)
    tokens = shlex.split(step)
    env = {}
    while re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env[name] = value
    return env, tokens


@pytest.fixture(scope="session")
def production_static(tmp_path_factory) -> Path:
    """STATIC_ROOT filled by the Dockerfile's own collectstatic command (the image's storage and environment)."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    env, command = dockerfile_collectstatic()
    assert command[:2] == ["python", "manage.py"], command
    clean = {k: v for k, v in os.environ.items() if k not in HOST_VARIABLES}
    clean.update(env, STATIC_ROOT=str(static_root))
    result = subprocess.run(
        [sys.executable, *command[1:]], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root
