"""Insight.departments gets a `through` model, InsightRouting, so each routed department carries a reason.

The table Django made for the plain many-to-many (`insights_insight_departments`) stays with its rows and the
names of its columns, indexes and foreign keys, which are the ones the through model would get: the first step
only tells Django's state about the model. Then the `reason` column is added (empty for existing rows, and a
database default so plain-SQL inserts naming only the two keys still work), and the unnamed unique pair is
replaced by a named constraint.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("insights", "0009_insight_revision_truncate_refused"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="InsightRouting",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "insight",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="insights.insight"),
                        ),
                        (
                            "department",
                            models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="accounts.department"),
                        ),
                    ],
                    options={
                        "db_table": "insights_insight_departments",
                        "unique_together": {("insight", "department")},
                    },
                ),
                migrations.AlterField(
                    model_name="insight",
                    name="departments",
                    field=models.ManyToManyField(
                        blank=True, related_name="insights", through="insights.InsightRouting", to="accounts.department"
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="insightrouting",
            name="reason",
            field=models.CharField(blank=True, db_default="", default="", max_length=1000),
        ),
        migrations.AlterUniqueTogether(name="insightrouting", unique_together=set()),
        migrations.AddConstraint(
            model_name="insightrouting",
            constraint=models.UniqueConstraint(fields=("insight", "department"), name="insight_routing_department_once"),
        ),
    ]
