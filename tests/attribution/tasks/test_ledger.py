"""attribution.ledger_post_direct: the beat job posts last month's direct value, once."""

import datetime as dt
from unittest import mock

import pytest

from attribution.models import DirectValuePosting
from attribution.tasks.ledger import ledger_post_direct

pytestmark = pytest.mark.django_db


def test_the_task_posts_last_month_once_whatever_the_number_of_runs(org, settings):
    settings.DIRECT_VALUE_POST_AFTER_DAYS = 0
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date(2026, 11, 5)):
        first = ledger_post_direct.delay().get()
        second = ledger_post_direct.delay().get()
    assert first == second and DirectValuePosting.objects.get().month == dt.date(2026, 10, 1)
