"""Seed the demo: departments and logins, then each app's demo data in the order data flows."""

from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.demo import seed_accounts


class Command(BaseCommand):
    help = "Create (or top up) the demo data. Safe to run again: it never duplicates anything."

    def handle(self, *args, **options):
        logins = seed_accounts()
        from attribution.demo_ledger import seed_ledger

        seed_ledger()  # improvements and a year of outcomes (needs published insights and sign-offs first)
        # Later steps of the data flow add their demo data here, upstream first.
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in at http://127.0.0.1:8000/login/ as:"))
        width = max(len(login) for login, _ in logins)
        for login, role in logins:
            self.stdout.write(f"  {login.ljust(width)}  {role}")
        self.stdout.write(f"Password for every demo login: {settings.DEMO_PASSWORD!r} (set DEMO_PASSWORD to change it)")
