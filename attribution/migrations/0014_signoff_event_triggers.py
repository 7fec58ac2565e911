"""PostgreSQL triggers that keep the sign-off evidence trail append-only, like the records it explains: UPDATE and
DELETE refused row by row, TRUNCATE refused by core's `refuse_truncate()` (core migration 0002)."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION attribution_signoffevent_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING
    MESSAGE = 'the sign-off trail is append-only: ' || TG_OP || ' refused on event ' || OLD.id,
    ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER signoff_event_immutable BEFORE UPDATE OR DELETE ON attribution_signoffevent
  FOR EACH ROW EXECUTE FUNCTION attribution_signoffevent_immutable();
CREATE TRIGGER signoff_event_no_truncate BEFORE TRUNCATE ON attribution_signoffevent
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS signoff_event_no_truncate ON attribution_signoffevent;
DROP TRIGGER IF EXISTS signoff_event_immutable ON attribution_signoffevent;
DROP FUNCTION IF EXISTS attribution_signoffevent_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("attribution", "0013_signoff_trail_and_decline_then_sign"), ("core", "0002_refuse_truncate")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=BACKWARD)]
