"""Settings for bench/ledger.py only: the project's settings plus django-hordak (the `bench` extra), so the
bench can post the same balanced transactions through hordak in the same database for comparison."""

from config.settings import *  # noqa: F403
from config.settings import CURRENCY, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "mptt", "djmoney", "hordak"]
DEFAULT_CURRENCY = CURRENCY
CURRENCIES = [CURRENCY]
HORDAK_INTERNAL_CURRENCY = CURRENCY
HORDAK_CURRENCIES = [CURRENCY]
