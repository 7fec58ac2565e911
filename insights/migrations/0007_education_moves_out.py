"""Executive education moves to its own app (issue 13): its models leave insights' state, their tables stay.

The education app's first migration takes them over under the same table names, so no data moves.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("insights", "0006_outbox_notifications_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="QuizAnswer"),
                migrations.DeleteModel(name="QuizPresentation"),
                migrations.DeleteModel(name="QuizAttempt"),
                migrations.DeleteModel(name="QuizQuestion"),
                migrations.DeleteModel(name="QuizGame"),
                migrations.DeleteModel(name="ListenInSession"),
            ],
            database_operations=[],
        ),
    ]
