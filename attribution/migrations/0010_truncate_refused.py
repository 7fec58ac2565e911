"""PostgreSQL triggers that refuse TRUNCATE of the append-only tables: sign-off records, ledger transactions
and ledger entries. Row triggers cannot see a TRUNCATE, so each table gets a statement-level one.

The one way round it is a database-level setting, `centerstage.allow_truncate=on`, which only the database
owner or a superuser can set (the same people who could disable the trigger) and which the test suite sets
on its own test database so Django can flush it between transactional tests. A session `SET` does not count:
the trigger reads the catalog, not the session's settings.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION attribution_refuse_truncate() RETURNS trigger AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
    WHERE d.datname = current_database() AND s.setrole = 0
      AND 'centerstage.allow_truncate=on' = ANY (s.setconfig)
  ) THEN
    RETURN NULL;
  END IF;
  RAISE EXCEPTION USING
    MESSAGE = TG_TABLE_NAME || ' is append-only: TRUNCATE refused',
    ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signoff_record_no_truncate BEFORE TRUNCATE ON attribution_signoffrecord
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_refuse_truncate();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON attribution_ledgertransaction
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_refuse_truncate();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON attribution_ledgerentry
  FOR EACH STATEMENT EXECUTE FUNCTION attribution_refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON attribution_ledgerentry;
DROP TRIGGER IF EXISTS ledger_transaction_no_truncate ON attribution_ledgertransaction;
DROP TRIGGER IF EXISTS signoff_record_no_truncate ON attribution_signoffrecord;
DROP FUNCTION IF EXISTS attribution_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0009_signoffrecord_authentication")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
