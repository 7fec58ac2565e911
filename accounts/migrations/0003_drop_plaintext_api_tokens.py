"""Drop DRF's plain-text token table: API tokens are now django-rest-knox tokens, stored only as digests.

Old keys cannot be turned into digests of themselves without keeping them, so every token issued before this
migration stops working; clients obtain a new one from POST /api/auth/token/. Dropping the table also removes
the plain-text keys from the database (and from its future backups).
"""

from django.db import migrations

DROP = """
DROP TABLE IF EXISTS authtoken_token CASCADE;
DELETE FROM django_migrations WHERE app = 'authtoken';
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_department_webhook"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunSQL(DROP, reverse_sql=migrations.RunSQL.noop)]
