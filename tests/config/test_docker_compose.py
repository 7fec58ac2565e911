"""There is no Docker engine here, so the deployment description is checked by reading it."""

import importlib
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_describes_the_whole_stack():
    services = compose()["services"]
    assert set(services) >= {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis")


def test_each_app_service_is_wired_by_the_settings_variables():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://"), name
        assert "SECRET_KEY" in env and env["DEBUG"] == "0", name


def test_each_command_names_a_module_that_exists():
    services = compose()["services"]
    wsgi = re.search(r"gunicorn\s+([\w.]+):(\w+)", services["web"]["command"])
    assert wsgi, services["web"]["command"]
    assert hasattr(importlib.import_module(wsgi.group(1)), wsgi.group(2))
    for name in ("worker", "beat"):
        celery_app = re.search(r"celery\s+-A\s+([\w.]+)\s+(worker|beat)", services[name]["command"])
        assert celery_app, services[name]["command"]
        assert hasattr(importlib.import_module(celery_app.group(1)), "celery_app")


def test_the_image_copies_every_installed_project_app():
    """An app in INSTALLED_APPS that the Dockerfile does not copy fails only in production, at start-up."""
    from django.conf import settings

    copied = set(re.findall(r"^COPY (\w+) \1$", (ROOT / "Dockerfile").read_text(), flags=re.M))
    project_apps = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert project_apps <= copied, f"not copied into the image: {sorted(project_apps - copied)}"
