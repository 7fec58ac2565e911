"""The audit log is append-only: PostgreSQL refuses to change or remove an entry, however it is asked."""

import pytest
from django.db import IntegrityError, connection, transaction

from accounts.models import AuditEntry, Role
from accounts.services import user_role_grant


@pytest.fixture
def entry(org):
    return user_role_grant(by=org.admin, user=org.outsider, role=Role.EXECUTIVE)


def test_an_audit_entry_cannot_be_updated_even_with_raw_sql(entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="role.revoked")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_auditentry SET after = '{}' WHERE id = %s", [entry.pk])


def test_an_audit_entry_cannot_be_deleted_even_with_raw_sql(entry):
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
