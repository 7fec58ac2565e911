"""manage.py ledger_post_direct --month: posts an ended month once and says so; a bad month is an error."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from attribution.models import DirectValuePosting

pytestmark = pytest.mark.django_db


def test_the_command_posts_once_and_reports_the_second_run(org):
    out = StringIO()
    call_command("ledger_post_direct", "--month", "2026-09", stdout=out)
    call_command("ledger_post_direct", "--month", "2026-09", stdout=out)
    assert out.getvalue().startswith("Posted: September 2026") and "Already posted: September 2026" in out.getvalue()
    assert DirectValuePosting.objects.get().month == dt.date(2026, 9, 1)


@pytest.mark.parametrize("month", ["2026-13", "Oct", "2999-01"])
def test_a_bad_or_unended_month_is_an_error(org, month):
    with pytest.raises(CommandError):
        call_command("ledger_post_direct", "--month", month)
