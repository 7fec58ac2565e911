"""Settings: PostgreSQL only, Celery eager without a broker, and start-up refusals that name the variable."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import django, json; from django.conf import settings; django.setup(); "
    "from config.celery import app; "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'eager': app.conf.task_always_eager, "
    "'broker': app.conf.broker_url, 'currency': settings.CURRENCY, 'debug': settings.DEBUG}))"
)
VARIABLES = ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "TIME_ZONE", "CURRENCY"]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


POSTGRES = "postgres://postgres@127.0.0.1:5432/centerstage"


def test_no_database_url_stops_naming_the_variable_and_the_embedded_server():
    result = run_python(PROBE)
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr
    assert "make demo" in result.stderr


def test_makemigrations_check_runs_on_a_fresh_clone_and_other_commands_still_ask_for_the_database():
    checked = run_manage("makemigrations", "--check", "--dry-run")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    refused = run_manage("check")
    assert refused.returncode != 0
    assert "DATABASE_URL is not set" in refused.stderr


def test_a_database_url_that_is_not_postgresql_is_refused():
    for url in ("sqlite:////tmp/demo.sqlite3", "mysql://root@127.0.0.1/centerstage"):
        result = run_python(PROBE, DATABASE_URL=url)
        assert result.returncode != 0
        assert "DATABASE_URL must point at PostgreSQL" in result.stderr


def test_postgres_without_a_broker_means_eager_celery_and_the_defaults():
    result = run_python(PROBE, DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["eager"] is True
    assert probe["currency"] == "USD"
    assert probe["debug"] is True


def test_postgres_and_redis_urls_select_the_real_stack():
    result = run_python(
        PROBE,
        DATABASE_URL=POSTGRES,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        CURRENCY="eur",
    )
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout)
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["name"] == "centerstage"
    assert probe["eager"] is False
    assert probe["broker"] == "redis://127.0.0.1:6379/0"
    assert probe["currency"] == "EUR"


def test_production_without_secret_key_stops_naming_the_variable():
    result = run_python(PROBE, DATABASE_URL=POSTGRES, DEBUG="0", ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_malformed_database_url_stops_naming_the_variable():
    result = run_python(PROBE, DATABASE_URL="not a url at all")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_unknown_currency_code_stops_naming_the_variable():
    result = run_python(PROBE, DATABASE_URL=POSTGRES, CURRENCY="dollars")
    assert result.returncode != 0
    assert "CURRENCY" in result.stderr


def test_deploy_check_is_clean_in_production_mode(production_static):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a" * 10 + "Zq8#kP2!vR6@mW4$xT9%bN1^cL5&hJ3*fG7(dS0)",
        ALLOWED_HOSTS="center-stage.example.com",
        DATABASE_URL=POSTGRES,
        STATIC_ROOT=str(production_static),  # as in the image; core.E001 refuses a missing manifest
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_eager_celery_without_a_broker_publishes_with_no_kombu_warning():
    code = (
        "import django, logging, io\ndjango.setup()\nfrom config.celery import app\n"
        "out = io.StringIO()\nlogging.getLogger('kombu').addHandler(logging.StreamHandler(out))\n"
        "@app.task(name='probe.ping')\ndef ping():\n    return 'pong'\n"
        "print(ping.apply_async().get(), repr(out.getvalue()))\n"
    )
    result = run_python(code, DATABASE_URL=POSTGRES)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pong ''"
    assert "No hostname was supplied" not in result.stderr
