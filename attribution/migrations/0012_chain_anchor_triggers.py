"""PostgreSQL triggers that keep chain anchors append-only, like the sign-off records they anchor: UPDATE and
DELETE refused row by row, TRUNCATE refused by the statement trigger function of 0009."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION attribution_chainanchor_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING
    MESSAGE = 'chain anchors are append-only: ' || TG_OP || ' refused on anchor ' || OLD.id,
    ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER chain_anchor_immutable BEFORE UPDATE OR DELETE ON attribution_chainanchor
  FOR EACH ROW EXECUTE FUNCTION attribution_chainanchor_immutable();
CREATE TRIGGER chain_anchor_no_truncate BEFORE TRUNCATE ON attribution_chainanchor
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS chain_anchor_no_truncate ON attribution_chainanchor;
DROP TRIGGER IF EXISTS chain_anchor_immutable ON attribution_chainanchor;
DROP FUNCTION IF EXISTS attribution_chainanchor_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0011_chain_anchor")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
