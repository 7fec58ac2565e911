"""manage.py invite_user: the same audited invitation as the page, with errors that name the argument."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from accounts.models import AuditEntry


def test_an_administrator_invites_from_the_command_line(org):
    call_command("invite_user", "cli@example.test", "Cli Person", "--by", org.admin.email, "--role", "member",
                 "--department", "sales")  # fmt: skip
    assert mail.outbox[0].to == ["cli@example.test"]
    assert AuditEntry.objects.get().after["roles"] == [{"role": "member", "department": "Sales"}]


def test_refusals_name_what_was_wrong(org):
    with pytest.raises(CommandError, match="department"):
        call_command("invite_user", "x@example.test", "X", "--by", org.admin.email, "--role", "lead", "--department",
                     "sales")  # fmt: skip
    with pytest.raises(CommandError, match="not allowed"):
        call_command("invite_user", "y@example.test", "Y", "--by", org.lead.email)
    assert not AuditEntry.objects.exists()
