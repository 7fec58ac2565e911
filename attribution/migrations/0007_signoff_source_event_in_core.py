"""A sign-off request's source event is now core's OutboxEvent: the same table, so state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    # Repoint the foreign key before insights forgets its OutboxEvent, or the state would dangle.
    run_before = [("insights", "0006_outbox_notifications_to_core")]

    dependencies = [
        ('attribution', '0006_ledger_balance_month_cover'),
        ('core', '0001_outbox_notifications'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='signoffrequest',
                    name='source_event',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.outboxevent'),
                ),
            ],
            database_operations=[],
        ),
    ]
