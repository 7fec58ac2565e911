"""A statement-level trigger that refuses TRUNCATE of insight revisions, with core's `refuse_truncate()`.

This replaces the exception 0003 made for test flushes: see core/migrations/0002_refuse_truncate.py for the one
way round it (a database-level setting only the owner or a superuser can make).
"""

from django.db import migrations

FORWARD = """
CREATE TRIGGER insight_revision_no_truncate BEFORE TRUNCATE ON insights_insightrevision
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

REVERSE = "DROP TRIGGER IF EXISTS insight_revision_no_truncate ON insights_insightrevision;"


class Migration(migrations.Migration):
    dependencies = [("insights", "0008_importjob_heartbeat"), ("core", "0002_refuse_truncate")]
    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
