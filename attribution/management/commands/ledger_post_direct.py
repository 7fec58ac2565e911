"""manage.py ledger_post_direct --month 2026-10: post an ended month's retention saves and agent sales to the
center, once; running it again reports the month's posting and writes nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from attribution.presenters.value import direct_posting_sentence
from attribution.services.ledger.direct import direct_value_post
from core.periods import month_parse


class Command(BaseCommand):
    help = "Post an ended month's direct value (retention saves and agent sales) to the center, once per month."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="The month, as YYYY-MM (e.g. 2026-10).")

    def handle(self, *args, month: str, **options):
        try:
            posting, created = direct_value_post(month=month_parse(month))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(("Posted: " if created else "Already posted: ") + direct_posting_sentence(posting))
