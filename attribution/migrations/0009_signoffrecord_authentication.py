"""How a signer proved who they were (issue 14). Records are immutable by trigger (0002): adding a column with a
constant default rewrites no row and fires no UPDATE trigger, so existing records keep their bytes and hashes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('attribution', '0008_improvement_insight_weight_above_zero'),
    ]

    operations = [
        migrations.AddField(
            model_name='signoffrecord',
            name='authentication',
            field=models.CharField(blank=True, choices=[('password-reentered', 'Password re-entered when signing'), ('recent-login', 'Signed in shortly before signing'), ('sso', 'Single sign-on')], default='', help_text='How a signer proved who they were when signing; blank on declines, pinky swears and older records.', max_length=20),
        ),
    ]
