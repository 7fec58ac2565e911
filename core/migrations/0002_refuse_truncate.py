"""The one PostgreSQL function that refuses TRUNCATE of an append-only table (row triggers cannot see a TRUNCATE);
each app attaches it to its own tables with a statement-level trigger.

The one way round it is a database-level setting, `centerstage.allow_truncate=on`, which only the database owner
or a superuser can set (the same people who could disable the trigger) and which the test suite sets on its own
test database so Django can flush it between transactional tests. A session `SET` does not count: the function
reads the catalog, not the session's settings.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION refuse_truncate() RETURNS trigger AS $$
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
"""

REVERSE = "DROP FUNCTION IF EXISTS refuse_truncate();"


class Migration(migrations.Migration):
    dependencies = [("core", "0001_outbox_notifications")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
