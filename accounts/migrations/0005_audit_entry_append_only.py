"""The audit log is append-only in PostgreSQL: a row trigger refuses UPDATE and DELETE, and core's
`refuse_truncate()` refuses TRUNCATE (test databases allow it for flushes; see core/migrations/0002).

Plain documented SQL, as for the insight revisions and the ledger; it holds no percent signs (it passes through a
DB-API driver).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_auditentry_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'audit entry ' || OLD.id || ' is append-only: ' || TG_OP || ' refused',
        ERRCODE = 'integrity_constraint_violation',
        CONSTRAINT = 'audit_entry_append_only';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_entry_append_only ON accounts_auditentry;
CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_refuse_change();

DROP TRIGGER IF EXISTS audit_entry_no_truncate ON accounts_auditentry;
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON accounts_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

REVERSE = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON accounts_auditentry;
DROP TRIGGER IF EXISTS audit_entry_append_only ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_audit_entry"), ("core", "0002_refuse_truncate")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
