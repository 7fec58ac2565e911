"""PostgreSQL triggers: sign-off records (signatures, pinky swears, declines) never change or disappear, and
a credit agreement version that any record has used can no longer change."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION attribution_signoffrecord_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'sign-off records are immutable (% refused on record %)', TG_OP, OLD.id
    USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS signoff_record_immutable ON attribution_signoffrecord;
CREATE TRIGGER signoff_record_immutable BEFORE UPDATE OR DELETE ON attribution_signoffrecord
  FOR EACH ROW EXECUTE FUNCTION attribution_signoffrecord_immutable();

CREATE OR REPLACE FUNCTION attribution_creditagreement_used_immutable() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM attribution_signoffrecord WHERE agreement_id = OLD.id) THEN
    RAISE EXCEPTION 'credit agreement version % has been used by a sign-off record and cannot change', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS credit_agreement_used_immutable ON attribution_creditagreement;
CREATE TRIGGER credit_agreement_used_immutable BEFORE UPDATE OR DELETE ON attribution_creditagreement
  FOR EACH ROW EXECUTE FUNCTION attribution_creditagreement_used_immutable();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS signoff_record_immutable ON attribution_signoffrecord;
DROP FUNCTION IF EXISTS attribution_signoffrecord_immutable();
DROP TRIGGER IF EXISTS credit_agreement_used_immutable ON attribution_creditagreement;
DROP FUNCTION IF EXISTS attribution_creditagreement_used_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0001_signoffs_and_ledger")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
