"""seed_demo in production: refused unless confirmed, and then never with the known password."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User

ROOT = Path(__file__).resolve().parents[3]


def test_with_debug_off_in_the_environment_it_refuses_before_touching_the_database():
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_PASSWORD", "SECRET_KEY")}
    # A database that does not exist: the refusal must come first.
    env.update(DEBUG="0", SECRET_KEY="test-only-" + "s" * 50, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "--i-know-this-is-production" in result.stderr


def test_in_production_mode_it_refuses_without_the_flag(db, settings):
    settings.PRODUCTION_MODE = True
    with pytest.raises(CommandError, match="--i-know-this-is-production"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize("password", ["demo", ""])
def test_with_the_flag_it_still_refuses_the_known_password(db, settings, password):
    settings.PRODUCTION_MODE = True
    settings.DEMO_PASSWORD = password
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        call_command("seed_demo", "--i-know-this-is-production")
    assert not User.objects.exists()


def test_with_the_flag_and_a_password_it_seeds_and_no_superuser_has_the_password_demo(db, settings):
    settings.PRODUCTION_MODE = True
    settings.DEMO_PASSWORD = "a-long-production-demo-password"
    call_command("seed_demo", "--i-know-this-is-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    admins = User.objects.filter(is_superuser=True)
    assert admins.exists()
    assert not any(user.check_password("demo") for user in admins)
    assert all(user.check_password("a-long-production-demo-password") for user in admins)
