"""Contacts become a table range-partitioned by month of `started_at` (issue 17 item 4), data and all.

The partitioned table is created `LIKE` the old one (defaults, NOT NULL and CHECK constraints), so it is right
whatever columns other migrations added before this one; columns added after it propagate to every partition.

Partitions are months in UTC, named insights_contact_yYYYYmMM, made by `insights_contact_partitions_ensure(first,
last)`: the beat task makes them ahead, the import makes a missing month before it writes a batch. There is no
DEFAULT partition: attaching a month would then have to scan it (and move its rows), and rows could pile up there
outside the retention scheme. A new month is made with CREATE TABLE … LIKE and ATTACH PARTITION, which takes a SHARE
UPDATE EXCLUSIVE lock on the parent (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE and stop readers).

Indexes, each for a measured query (README, "Contacts at scale"):
* primary key (id, started_at) — reads by id: evidence links, an emerging issue's sample contacts, `pk__in`;
* BRIN on started_at — time ranges inside a month (listen-in windows, sample contacts); nearly free to keep;
* insights_contact_key's primary key (source, external_id) — the import's idempotency and moved-row check.
Dropped: the unique (source, external_id) (moved to the key table), (started_at), (reason_code, started_at) and
(channel, started_at) — metrics over days to quarters and the emerging-issue check read whole months or most of
one, which partition pruning gives them — and the import_job index (nothing reads contacts by job any more).

No foreign key points at contacts (one would need started_at in it) and contacts hold none to the import job (its
deferred trigger queued one event per imported row). What checks instead: the evidence services check the ids they
link; retention and erasure delete the links of the contacts they remove; only the import writes import_job_id.

Triggers:
* insights_contact_key_insert — AFTER INSERT, once per statement: the statement's keys into insights_contact_key;
  a key already there fails the statement (insights_contact_key_pkey), so no writer can duplicate a contact;
* insights_contact_key_fixed — BEFORE UPDATE of source, external_id or started_at: refused, a contact never moves.
"""

import django.contrib.postgres.indexes
import django.db.models.deletion
from django.db import migrations, models

FORWARD = r"""
ALTER TABLE insights_contact RENAME TO insights_contact_unpartitioned;
CREATE TABLE insights_contact (LIKE insights_contact_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
    PARTITION BY RANGE (started_at);
ALTER TABLE insights_contact ALTER COLUMN id DROP DEFAULT;

CREATE FUNCTION insights_contact_partition_create(month_start timestamptz) RETURNS boolean AS $$
DECLARE
    first timestamptz := date_trunc('month', month_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    name text := 'insights_contact_' || to_char(first AT TIME ZONE 'UTC', '"y"YYYY"m"MM');
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE %I (LIKE insights_contact INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
    EXECUTE format(
        'ALTER TABLE insights_contact ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
        name, first, first + interval '1 month'
    );
    RETURN true;
END;
$$ LANGUAGE plpgsql;
COMMENT ON FUNCTION insights_contact_partition_create(timestamptz) IS
    'Make the UTC month partition of insights_contact holding month_start, unless it exists; true if it made it.';

CREATE FUNCTION insights_contact_partitions_ensure(first timestamptz, last timestamptz) RETURNS integer AS $$
DECLARE
    month timestamptz := date_trunc('month', first AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
    made integer := 0;
BEGIN
    WHILE month <= last LOOP
        IF insights_contact_partition_create(month) THEN
            made := made + 1;
        END IF;
        month := month + interval '1 month';
    END LOOP;
    RETURN made;
END;
$$ LANGUAGE plpgsql;
COMMENT ON FUNCTION insights_contact_partitions_ensure(timestamptz, timestamptz) IS
    'Make every missing month partition of insights_contact from first''s month to last''s; returns how many.';

SELECT insights_contact_partitions_ensure(
    coalesce(min(started_at), now()), greatest(max(started_at), now()) + interval '3 months'
) FROM insights_contact_unpartitioned;
INSERT INTO insights_contact SELECT * FROM insights_contact_unpartitioned;
INSERT INTO insights_contact_key (source, external_id, started_at)
    SELECT source, external_id, started_at FROM insights_contact_unpartitioned;

DO $$
DECLARE fk record;
BEGIN
    FOR fk IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
              WHERE contype = 'f' AND confrelid = 'insights_contact_unpartitioned'::regclass LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', fk.tbl, fk.conname);
    END LOOP;
END $$;
DROP TABLE insights_contact_unpartitioned;

CREATE SEQUENCE insights_contact_id_seq OWNED BY insights_contact.id;
SELECT setval('insights_contact_id_seq', coalesce(max(id), 0) + 1, false) FROM insights_contact;
ALTER TABLE insights_contact ALTER COLUMN id SET DEFAULT nextval('insights_contact_id_seq');
ALTER TABLE insights_contact ADD CONSTRAINT insights_contact_pkey PRIMARY KEY (id, started_at);
CREATE INDEX contact_started_at_brin ON insights_contact USING brin (started_at) WITH (autosummarize = on);

CREATE FUNCTION insights_contact_key_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO insights_contact_key (source, external_id, started_at)
        SELECT source, external_id, started_at FROM contact_new_rows;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER insights_contact_key_insert AFTER INSERT ON insights_contact
    REFERENCING NEW TABLE AS contact_new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_contact_key_insert();

CREATE FUNCTION insights_contact_key_fixed() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A stored contact keeps its source, external_id and started_at (contact %)', OLD.id
        USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'contact_key_fixed';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER insights_contact_key_fixed BEFORE UPDATE OF source, external_id, started_at ON insights_contact
    FOR EACH ROW WHEN (OLD.source IS DISTINCT FROM NEW.source OR OLD.external_id IS DISTINCT FROM NEW.external_id
                       OR OLD.started_at IS DISTINCT FROM NEW.started_at)
    EXECUTE FUNCTION insights_contact_key_fixed();
"""

REVERSE = r"""
ALTER TABLE insights_contact RENAME TO insights_contact_partitioned;
CREATE TABLE insights_contact (LIKE insights_contact_partitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
ALTER TABLE insights_contact ALTER COLUMN id DROP DEFAULT;
INSERT INTO insights_contact SELECT * FROM insights_contact_partitioned;
DROP TABLE insights_contact_partitioned CASCADE;
DROP FUNCTION insights_contact_key_insert();
DROP FUNCTION insights_contact_key_fixed();
DROP FUNCTION insights_contact_partitions_ensure(timestamptz, timestamptz);
DROP FUNCTION insights_contact_partition_create(timestamptz);
ALTER TABLE insights_contact ADD CONSTRAINT insights_contact_pkey PRIMARY KEY (id);
ALTER TABLE insights_contact ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY;
SELECT setval(pg_get_serial_sequence('insights_contact', 'id'), coalesce(max(id), 0) + 1, false) FROM insights_contact;
ALTER TABLE insights_contact ADD CONSTRAINT contact_source_external_id_unique UNIQUE (source, external_id);
CREATE INDEX contact_started_at_idx ON insights_contact (started_at);
CREATE INDEX contact_reason_started_idx ON insights_contact (reason_code, started_at);
CREATE INDEX contact_channel_started_idx ON insights_contact (channel, started_at);
CREATE INDEX insights_contact_import_job_id_idx ON insights_contact (import_job_id);
ALTER TABLE insights_contact ADD CONSTRAINT insights_contact_import_job_id_fk FOREIGN KEY (import_job_id)
    REFERENCES insights_importjob (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE insights_insightevidence ADD CONSTRAINT insights_insightevidence_contact_id_fk FOREIGN KEY (contact_id)
    REFERENCES insights_contact (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE insights_emergingissue_sample_contacts ADD CONSTRAINT insights_emergingissue_sample_contact_id_fk
    FOREIGN KEY (contact_id) REFERENCES insights_contact (id) DEFERRABLE INITIALLY DEFERRED;
"""


def _partitions_for_the_retention_window(apps, schema_editor):
    """Months from the retention horizon to the ones made ahead, so writers other than the import (the ORM, the
    demo seeders) find a partition for any contact retention would keep; beat keeps the window moving."""
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone

    now = timezone.now()
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT insights_contact_partitions_ensure(%s, %s)",
            [
                now - timedelta(days=31 * settings.CONTACT_RETENTION_MONTHS),
                now + timedelta(days=31 * settings.CONTACT_PARTITIONS_AHEAD_MONTHS),
            ],
        )


def _state_operations():
    return [
        migrations.RemoveConstraint(model_name="contact", name="contact_source_external_id_unique"),
        migrations.RemoveIndex(model_name="contact", name="contact_started_at_idx"),
        migrations.RemoveIndex(model_name="contact", name="contact_reason_started_idx"),
        migrations.RemoveIndex(model_name="contact", name="contact_channel_started_idx"),
        migrations.AlterField(
            model_name="contact",
            name="import_job",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="contacts",
                to="insights.importjob",
            ),
        ),
        migrations.AlterField(
            model_name="emergingissue",
            name="sample_contacts",
            field=models.ManyToManyField(blank=True, db_constraint=False, related_name="+", to="insights.contact"),
        ),
        migrations.AlterField(
            model_name="insightevidence",
            name="contact",
            field=models.ForeignKey(
                db_constraint=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="evidence_links",
                to="insights.contact",
            ),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=django.contrib.postgres.indexes.BrinIndex(
                autosummarize=True, fields=["started_at"], name="contact_started_at_brin"
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [("insights", "0009_insight_revision_truncate_refused")]

    operations = [
        migrations.CreateModel(
            name="ContactKey",
            fields=[
                ("pk", models.CompositePrimaryKey(
                    "source", "external_id", blank=True, editable=False, primary_key=True, serialize=False
                )),
                ("source", models.CharField(db_collation="C", max_length=60)),
                ("external_id", models.CharField(db_collation="C", max_length=120)),
                ("started_at", models.DateTimeField()),
            ],
            options={"db_table": "insights_contact_key"},
        ),
        migrations.RunSQL(FORWARD, REVERSE, state_operations=_state_operations()),
        migrations.RunPython(_partitions_for_the_retention_window, migrations.RunPython.noop),
    ]
