"""Statement-level triggers that refuse TRUNCATE of the append-only tables (sign-off records, ledger transactions
and entries) with core's `refuse_truncate()`; core/migrations/0002_refuse_truncate.py says the one way round it."""

from django.db import migrations

FORWARD = """
CREATE TRIGGER signoff_record_no_truncate BEFORE TRUNCATE ON attribution_signoffrecord
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_transaction_no_truncate BEFORE TRUNCATE ON attribution_ledgertransaction
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
CREATE TRIGGER ledger_entry_no_truncate BEFORE TRUNCATE ON attribution_ledgerentry
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ledger_entry_no_truncate ON attribution_ledgerentry;
DROP TRIGGER IF EXISTS ledger_transaction_no_truncate ON attribution_ledgertransaction;
DROP TRIGGER IF EXISTS signoff_record_no_truncate ON attribution_signoffrecord;
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0009_signoffrecord_authentication"), ("core", "0002_refuse_truncate")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
