"""manage.py contacts_erase: the same service as the API, errors naming the option."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from insights.models import ContactErasure
from tests.insights.factories import ContactFactory


def test_the_command_erases_and_reports_counts(org, capsys):
    ContactFactory(evidence=True, customer_ref="cust-A")
    call_command("contacts_erase", "--customer-ref", "cust-A", "--by", org.admin.email)
    assert "Erased 1 contacts" in capsys.readouterr().out
    erasure = ContactErasure.objects.get()
    assert (erasure.requested_by, erasure.requested_via) == (org.admin, "command")
    with pytest.raises(CommandError, match="--customer-ref"):
        call_command("contacts_erase", "--customer-ref", " ")
    with pytest.raises(CommandError, match="--by"):
        call_command("contacts_erase", "--customer-ref", "cust-A", "--by", org.lead.email)
