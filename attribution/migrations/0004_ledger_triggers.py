"""PostgreSQL triggers that keep the ledger append-only and balanced.

- ledger_transaction_append_only / ledger_entry_append_only: refuse any UPDATE or DELETE of a ledger
  transaction or entry; corrections are reversals.
- ledger_entry_balanced: a DEFERRABLE INITIALLY DEFERRED constraint trigger; at commit it checks that the
  entries of each touched transaction sum to zero, and refuses the commit otherwise.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger rows are append-only: % on % refused; post a reversal instead', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_transaction_append_only BEFORE UPDATE OR DELETE ON attribution_ledgertransaction
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entry_append_only BEFORE UPDATE OR DELETE ON attribution_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger AS $$
DECLARE total numeric;
BEGIN
    SELECT COALESCE(SUM(amount), 0) INTO total FROM attribution_ledgerentry WHERE transaction_id = NEW.transaction_id;
    IF total <> 0 THEN
        RAISE EXCEPTION 'ledger transaction % does not balance: entries sum to %', NEW.transaction_id, total
            USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_entry_balanced';
    END IF;
    RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_entry_balanced AFTER INSERT ON attribution_ledgerentry
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ledger_entry_balanced ON attribution_ledgerentry;
DROP TRIGGER IF EXISTS ledger_entry_append_only ON attribution_ledgerentry;
DROP TRIGGER IF EXISTS ledger_transaction_append_only ON attribution_ledgertransaction;
DROP FUNCTION IF EXISTS ledger_check_balanced();
DROP FUNCTION IF EXISTS ledger_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0003_recommendations")]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
