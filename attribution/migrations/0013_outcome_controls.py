"""Controls on outcomes (issue 15.3) and forecasts (15.2).

- `forecast`: expected value for a period not yet ended, kept off the ledger.
- `key_department`: idempotency keys are scoped to the recorder's department (the center for center staff), so
  one department reusing a key another used is not refused (a 409 would reveal the other's key). Existing rows
  are scoped as their recorder would be now: the center when they recorded as center staff, else the
  improvement's department.
- Entries and rollups hold sums of amounts: 28 digits (core.money.MONEY_SUM_MAX_DIGITS). Raising a numeric's
  precision with the same scale rewrites neither the table nor its indexes in PostgreSQL.
- outcome_append_only: refuses UPDATE and DELETE of an outcome (with ledger_refuse_change() from 0004);
  outcome_no_truncate: refuses TRUNCATE (core's refuse_truncate()). Corrections are reversals.
"""

import django.db.models.deletion
from django.db import migrations, models

BACKFILL = """
UPDATE attribution_outcome o SET key_department_id = COALESCE(
    (SELECT m.department_id FROM accounts_membership m JOIN accounts_department d ON d.id = m.department_id
      WHERE m.user_id = o.recorded_by_id AND d.is_contact_center AND m.role IN ('analyst', 'lead') LIMIT 1),
    i.department_id)
FROM attribution_improvement i WHERE i.id = o.improvement_id;
-- Check the deferred foreign key now: pending trigger events would refuse the ALTER TABLEs that follow.
SET CONSTRAINTS ALL IMMEDIATE;
"""

TRIGGERS = """
CREATE TRIGGER outcome_append_only BEFORE UPDATE OR DELETE ON attribution_outcome
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER outcome_no_truncate BEFORE TRUNCATE ON attribution_outcome
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate();
"""

TRIGGERS_REVERSE = """
DROP TRIGGER IF EXISTS outcome_no_truncate ON attribution_outcome;
DROP TRIGGER IF EXISTS outcome_append_only ON attribution_outcome;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("attribution", "0012_chain_anchor_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="forecast",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Expected value for a period not yet ended: kept off the ledger.",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="key_department",
            field=models.ForeignKey(
                null=True,
                help_text="Whose keys this key is one of: the recorder's department (the center for center staff).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.department",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="outcome",
            name="key_department",
            field=models.ForeignKey(
                help_text="Whose keys this key is one of: the recorder's department (the center for center staff).",
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.department",
            ),
        ),
        migrations.RemoveConstraint(model_name="outcome", name="outcome_idempotency_key_unique"),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.UniqueConstraint(
                fields=("key_department", "idempotency_key"), name="outcome_idempotency_key_unique"
            ),
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="amount",
            field=models.DecimalField(decimal_places=2, help_text="Positive credit, negative debit.", max_digits=28),
        ),
        migrations.AlterField(
            model_name="ledgerbalance",
            name="amount",
            field=models.DecimalField(decimal_places=2, default=0, max_digits=28),
        ),
        migrations.RunSQL(TRIGGERS, reverse_sql=TRIGGERS_REVERSE),
    ]
