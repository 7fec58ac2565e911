"""python manage.py contact_metrics --start 2026-01-01 --end 2026-02-01 [--channel call] [--queue Q] [--json]."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from insights.metric_definitions import metric_definitions
from insights.models import Channel
from insights.selectors.metrics import contact_metrics, metrics_window


class Command(BaseCommand):
    help = "Print the competency metrics of contacts started in [start, end); dates are midnights in TIME_ZONE."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True)
        parser.add_argument("--end", required=True)
        parser.add_argument("--channel", choices=Channel.values)
        parser.add_argument("--queue")
        parser.add_argument("--json", action="store_true", help="Print one JSON object (rates 0-1, NPS in points).")

    def handle(self, *args, start: str, end: str, channel: str | None, queue: str | None, **options):
        try:
            first, last = metrics_window(start=start, end=end)
        except ValidationError as exc:
            raise CommandError(" ".join(m for values in exc.message_dict.values() for m in values)) from exc
        metrics = contact_metrics(start=first, end=last, channel=channel, queue=queue)
        if options["json"]:
            self.stdout.write(json.dumps(metrics))
            return
        for definition in metric_definitions():
            value = metrics[definition.key]
            if value is None:
                shown = "—"
            elif definition.unit == "fraction":
                shown = f"{value * 100:.1f}%"
            elif definition.unit == "seconds":
                shown = f"{value:.1f} s"
            else:
                shown = f"{value:g}"
            self.stdout.write(f"{definition.label}: {shown}\n    {definition.explanation}")
