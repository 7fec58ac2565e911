"""Make published insight revisions immutable in PostgreSQL: a trigger refuses UPDATE and DELETE.

What a department signs is exactly one revision, so no code path (ORM, raw SQL, admin, a psql
session) may change or remove it. A plain documented SQL trigger is used rather than
django-pgtrigger so the insights app needs no extra installed app; the forward and reverse SQL
are kept together here (the SQL holds no percent signs: it passes through a DB-API driver).
TRUNCATE (used only by test-database flushes) is a statement-level operation and is deliberately
not refused.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION insights_insightrevision_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'insight revision ' || OLD.id || ' is immutable: ' || TG_OP || ' refused',
        ERRCODE = 'integrity_constraint_violation',
        CONSTRAINT = 'insight_revision_immutable';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS insight_revision_immutable ON insights_insightrevision;
CREATE TRIGGER insight_revision_immutable
    BEFORE UPDATE OR DELETE ON insights_insightrevision
    FOR EACH ROW EXECUTE FUNCTION insights_insightrevision_refuse_change();
"""

REVERSE = """
DROP TRIGGER IF EXISTS insight_revision_immutable ON insights_insightrevision;
DROP FUNCTION IF EXISTS insights_insightrevision_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0002_revision_columns_outbox_notifications"),
    ]

    operations = [migrations.RunSQL(FORWARD, reverse_sql=REVERSE)]
