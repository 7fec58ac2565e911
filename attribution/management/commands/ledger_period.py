"""Close or reopen an accounting month: `manage.py ledger_period close 2026-10 --as lead@example.com`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from attribution.services.ledger import period_close, period_reopen
from core.periods import month_parse


class Command(BaseCommand):
    help = "Close (or reopen) an accounting month, as a lead or an administrator named with --as."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=("close", "reopen"))
        parser.add_argument("month", help="YYYY-MM, e.g. 2026-10")
        parser.add_argument("--as", dest="email", required=True, help="the lead's or administrator's e-mail")

    def handle(self, *args, action, month, email, **options):
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {email}.")
        try:
            day = month_parse(month)
            if action == "close":
                period_close(user=user, month=day)
            else:
                period_reopen(user=user, month=day)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", None) or [str(exc)])) from None
        self.stdout.write(self.style.SUCCESS(f"{day:%B %Y} {'closed' if action == 'close' else 'reopened'}."))
