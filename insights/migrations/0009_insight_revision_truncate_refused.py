"""A PostgreSQL trigger that refuses TRUNCATE of insight revisions (row triggers cannot see a TRUNCATE).

This replaces the exception 0003 made for test flushes: the one way round it is a database-level setting,
`centerstage.allow_truncate=on`, which only the database owner or a superuser can set and which the test
suite sets on its own test database. A session `SET` does not count: the trigger reads the catalog.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION insights_refuse_truncate() RETURNS trigger AS $$
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

CREATE TRIGGER insight_revision_no_truncate BEFORE TRUNCATE ON insights_insightrevision
  FOR EACH STATEMENT EXECUTE FUNCTION insights_refuse_truncate();
"""

REVERSE = """
DROP TRIGGER IF EXISTS insight_revision_no_truncate ON insights_insightrevision;
DROP FUNCTION IF EXISTS insights_refuse_truncate();
"""


class Migration(migrations.Migration):
    dependencies = [("insights", "0008_importjob_heartbeat")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
