"""The outbox and notification models move from insights to core: state only, the tables keep their names."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0002_department_webhook'),
        ('insights', '0005_contact_metrics_day'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('channel', models.CharField(choices=[('email', 'E-mail'), ('webhook', 'Webhook')], max_length=10)),
                        ('idempotency_key', models.CharField(help_text='Sent with every attempt.', max_length=80, unique=True)),
                        ('target', models.CharField(blank=True, help_text='The URL, or how many recipients.', max_length=500)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Gave up')], default='pending', max_length=10)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('last_status_code', models.PositiveIntegerField(blank=True, null=True)),
                        ('last_error', models.TextField(blank=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('delivered_at', models.DateTimeField(blank=True, null=True)),
                        ('department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to='accounts.department')),
                    ],
                    options={
                        'db_table': 'insights_notification',
                        'ordering': ['-created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('attempted_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('succeeded', models.BooleanField(default=False)),
                        ('status_code', models.PositiveIntegerField(blank=True, null=True)),
                        ('error', models.TextField(blank=True)),
                        ('duration_ms', models.PositiveIntegerField(default=0)),
                        ('notification', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='log', to='core.notification')),
                    ],
                    options={
                        'db_table': 'insights_notificationattempt',
                        'ordering': ['notification', 'attempted_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='OutboxEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('insight.published', 'Insight published'), ('insight.withdrawn', 'Insight withdrawn')], max_length=40)),
                        ('payload', models.JSONField()),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('processed_at', models.DateTimeField(blank=True, help_text='When every consumer had handled it.', null=True)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('insight', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='insights.insight')),
                        ('revision', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='insights.insightrevision')),
                    ],
                    options={
                        'db_table': 'insights_outboxevent',
                        'ordering': ['created_at', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='OutboxDelivery',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('consumer', models.CharField(max_length=80)),
                        ('status', models.CharField(choices=[('pending', 'Pending'), ('delivered', 'Delivered'), ('failed', 'Gave up')], default='pending', max_length=10)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('next_attempt_at', models.DateTimeField(blank=True, null=True)),
                        ('last_error', models.TextField(blank=True)),
                        ('delivered_at', models.DateTimeField(blank=True, null=True)),
                        ('event', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='core.outboxevent')),
                    ],
                    options={
                        'db_table': 'insights_outboxdelivery',
                        'ordering': ['event', 'consumer'],
                    },
                ),
                migrations.AddField(
                    model_name='notification',
                    name='event',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to='core.outboxevent'),
                ),
                migrations.AddIndex(
                    model_name='outboxevent',
                    index=models.Index(fields=['processed_at', 'created_at'], name='outbox_unprocessed_idx'),
                ),
                migrations.AddConstraint(
                    model_name='outboxdelivery',
                    constraint=models.UniqueConstraint(fields=('event', 'consumer'), name='outbox_delivery_event_consumer_unique'),
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['status', 'next_attempt_at'], name='notification_due_idx'),
                ),
                migrations.AddConstraint(
                    model_name='notification',
                    constraint=models.UniqueConstraint(fields=('event', 'department', 'channel'), name='notification_event_department_channel_unique'),
                ),
            ],
            database_operations=[],
        ),
    ]
