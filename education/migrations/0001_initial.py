"""Executive education's models, taken over from the insights app (issue 13) in state only.

The tables keep their insights_* names (Meta.db_table), so nothing in the database changes except the
content types, which follow the models so that permissions and admin history stay attached.
"""

import django.db.models.deletion
import django.utils.timezone
import education.models
import uuid
from django.conf import settings
from django.db import migrations, models


MODELS = ["quizgame", "quizquestion", "quizattempt", "quizpresentation", "quizanswer", "listeninsession"]


def _move_content_types(apps, source: str, target: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = content_type.objects.filter(app_label=target, model__in=MODELS).values_list("model", flat=True)
    content_type.objects.filter(app_label=source, model__in=MODELS).exclude(model__in=list(taken)).update(
        app_label=target
    )


def content_types_forward(apps, schema_editor):
    _move_content_types(apps, "insights", "education")


def content_types_backward(apps, schema_editor):
    _move_content_types(apps, "education", "insights")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('insights', '0007_education_moves_out'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='QuizGame',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('title', models.CharField(max_length=200)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('group_label', models.CharField(blank=True, help_text='Who the game was started for, in words.', max_length=200)),
                        ('figures', models.JSONField(blank=True, default=dict, help_text="The center's figures the questions were built on.")),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('players', models.ManyToManyField(blank=True, related_name='quiz_games', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'insights_quizgame',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizAttempt',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('started_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('finished_at', models.DateTimeField(blank=True, null=True)),
                        ('player', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='quiz_attempts', to=settings.AUTH_USER_MODEL)),
                        ('game', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attempts', to='education.quizgame')),
                    ],
                    options={
                        'db_table': 'insights_quizattempt',
                        'ordering': ['-started_at'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizQuestion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('position', models.PositiveSmallIntegerField()),
                        ('template', models.CharField(help_text='Which question template built it.', max_length=60)),
                        ('prompt', models.TextField()),
                        ('choices', models.JSONField(help_text='The answer choices, in the order shown.')),
                        ('correct_choice', models.PositiveSmallIntegerField(help_text='Index into choices of the computed right answer.')),
                        ('explanation', models.TextField(help_text='Shown after the answer: why the right answer is right.')),
                        ('inputs', models.JSONField(blank=True, default=dict, help_text='The numbers the answer was computed from.')),
                        ('game', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='questions', to='education.quizgame')),
                    ],
                    options={
                        'db_table': 'insights_quizquestion',
                        'ordering': ['game', 'position'],
                    },
                ),
                migrations.CreateModel(
                    name='QuizPresentation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('shown_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='presentations', to='education.quizattempt')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='education.quizquestion')),
                    ],
                    options={
                        'db_table': 'insights_quizpresentation',
                    },
                ),
                migrations.CreateModel(
                    name='QuizAnswer',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('choice', models.PositiveSmallIntegerField()),
                        ('is_correct', models.BooleanField()),
                        ('seconds_taken', models.DecimalField(decimal_places=2, max_digits=8)),
                        ('points', models.PositiveIntegerField()),
                        ('answered_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('attempt', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='answers', to='education.quizattempt')),
                        ('question', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='answers', to='education.quizquestion')),
                    ],
                    options={
                        'db_table': 'insights_quizanswer',
                        'ordering': ['attempt', 'question__position'],
                    },
                ),
                migrations.CreateModel(
                    name='ListenInSession',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('starts_at', models.DateTimeField()),
                        ('duration_minutes', models.PositiveSmallIntegerField()),
                        ('queue', models.CharField(max_length=80)),
                        ('response', models.CharField(choices=[('pending', 'Awaiting reply'), ('accepted', 'Accepted'), ('declined', 'Declined')], default='pending', max_length=10)),
                        ('responded_at', models.DateTimeField(blank=True, null=True)),
                        ('response_token', models.CharField(default=education.models._response_token, editable=False, max_length=64, unique=True)),
                        ('calendar_uid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ('invitation_sent_at', models.DateTimeField(blank=True, null=True)),
                        ('notes', models.TextField(blank=True, help_text='What the guest heard, in their words.')),
                        ('notes_recorded_at', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('guest', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='listen_ins', to=settings.AUTH_USER_MODEL)),
                        ('insight', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='listen_in', to='insights.insight')),
                        ('scheduled_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'insights_listeninsession',
                        'ordering': ['-starts_at'],
                        'indexes': [models.Index(fields=['starts_at'], name='listen_in_starts_at_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('duration_minutes__gte', 5), ('duration_minutes__lte', 480)), name='listen_in_session_duration_range'), models.CheckConstraint(condition=models.Q(('responded_at__isnull', True), models.Q(('response', 'pending'), _negated=True), _connector='OR'), name='listen_in_session_response_has_time'), models.CheckConstraint(condition=models.Q(('guest', models.F('scheduled_by')), _negated=True), name='listen_in_session_guest_is_not_scheduler')],
                    },
                ),
                migrations.AddConstraint(
                    model_name='quizattempt',
                    constraint=models.UniqueConstraint(fields=('game', 'player'), name='quiz_attempt_once_per_player'),
                ),
                migrations.AddConstraint(
                    model_name='quizquestion',
                    constraint=models.UniqueConstraint(fields=('game', 'position'), name='quiz_question_position_unique'),
                ),
                migrations.AddConstraint(
                    model_name='quizpresentation',
                    constraint=models.UniqueConstraint(fields=('attempt', 'question'), name='quiz_presentation_once'),
                ),
                migrations.AddConstraint(
                    model_name='quizanswer',
                    constraint=models.UniqueConstraint(fields=('attempt', 'question'), name='quiz_answer_once_per_question'),
                ),
                migrations.AddConstraint(
                    model_name='quizanswer',
                    constraint=models.CheckConstraint(condition=models.Q(('seconds_taken__gte', 0)), name='quiz_answer_seconds_nonnegative'),
                ),
                migrations.AddConstraint(
                    model_name='quizanswer',
                    constraint=models.CheckConstraint(condition=models.Q(('is_correct', True), ('points', 0), _connector='OR'), name='quiz_answer_wrong_scores_zero'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
