"""Seed the demo: departments and logins, then each app's demo data in the order data flows."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import seed_accounts
from attribution.demo_ledger import seed_ledger
from attribution.demo_signoffs import seed_signoffs
from education.demo import seed_education
from insights.demo import seed_contacts
from insights.demo_insights import seed_insights


class Command(BaseCommand):
    help = "Create (or top up) the demo data. Safe to run again: it never duplicates anything."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-production",
            action="store_true",
            dest="production_confirmed",
            help="Seed even with DEBUG=0 (needs a DEMO_PASSWORD other than the default).",
        )

    def handle(self, *args, **options):
        self._refuse_production_unless_confirmed(options["production_confirmed"])
        logins = seed_accounts()
        # Each step of the data flow seeds its demo data after the steps it builds on.
        contacts = seed_contacts()
        if contacts:
            self.stdout.write(f"Added {contacts:,} demo contacts over 90 days (with a fresh spike to investigate).")
        seed_insights()
        education = seed_education()
        self.stdout.write(
            f"Education: quiz game #{education['game']} ({education['answers']} answers), "
            f"past listen-in session #{education['listen_in']} with its draft insight."
        )
        seed_signoffs()
        seed_ledger()  # improvements and a year of outcomes, on the published insights and their sign-offs
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in at http://127.0.0.1:8000/login/ as:"))
        width = max(len(login) for login, _ in logins)
        for login, role in logins:
            self.stdout.write(f"  {login.ljust(width)}  {role}")
        self.stdout.write(f"Password for every demo login: {settings.DEMO_PASSWORD!r} (set DEMO_PASSWORD to change it)")

    def _refuse_production_unless_confirmed(self, confirmed: bool) -> None:
        """Demo logins include a superuser: in production only on purpose, and never with the known password."""
        if not settings.PRODUCTION_MODE:
            return
        if not confirmed:
            raise CommandError(
                "Refusing to seed demo data with DEBUG=0: its logins include a superuser. "
                "Pass --i-know-this-is-production (with DEMO_PASSWORD set) if this is really wanted."
            )
        if settings.DEMO_PASSWORD in ("", "demo"):
            raise CommandError(
                "Refusing to give the demo logins (a superuser among them) the password 'demo' in production: "
                "set DEMO_PASSWORD to a strong password."
            )
