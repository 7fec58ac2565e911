"""`manage.py ledger_period close|reopen YYYY-MM --as EMAIL` calls the same service as the API and the page."""

import pytest
from django.core.management import CommandError, call_command

from attribution.models import AccountingPeriod


def test_lead_closes_and_reopens_a_month_from_the_command_line(org, capsys):
    call_command("ledger_period", "close", "2026-10", "--as", org.lead.email)
    assert AccountingPeriod.objects.filter(month="2026-10-01", closed_by=org.lead).exists()
    assert "October 2026 closed" in capsys.readouterr().out
    call_command("ledger_period", "reopen", "2026-10", "--as", org.lead.email)
    assert not AccountingPeriod.objects.exists()


def test_the_command_refuses_someone_who_may_not_close_and_a_bad_month(org):
    with pytest.raises(CommandError, match="not allowed"):
        call_command("ledger_period", "close", "2026-10", "--as", org.analyst.email)
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("ledger_period", "close", "2026/10", "--as", org.lead.email)
    assert not AccountingPeriod.objects.exists()
