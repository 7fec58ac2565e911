"""The outbox and notification models now belong to core (core 0001): forget them here, keep the tables."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_outbox_notifications'),
        ('insights', '0005_contact_metrics_day'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='notificationattempt',
                    name='notification',
                ),
                migrations.RemoveField(
                    model_name='outboxdelivery',
                    name='event',
                ),
                migrations.RemoveField(
                    model_name='outboxevent',
                    name='insight',
                ),
                migrations.RemoveField(
                    model_name='outboxevent',
                    name='revision',
                ),
                migrations.DeleteModel(
                    name='Notification',
                ),
                migrations.DeleteModel(
                    name='NotificationAttempt',
                ),
                migrations.DeleteModel(
                    name='OutboxDelivery',
                ),
                migrations.DeleteModel(
                    name='OutboxEvent',
                ),
            ],
            database_operations=[],
        ),
    ]
