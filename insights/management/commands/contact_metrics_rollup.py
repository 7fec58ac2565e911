"""python manage.py contact_metrics_rollup --check | --rebuild [--start 2026-01-01] [--end 2026-04-01]."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from insights.selectors.metrics import PARTS, contact_metrics_rollup_differences
from insights.services.metrics_rollup import contact_metrics_rollup_rebuild


def _day(value: str | None, name: str):
    if value is None:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise CommandError(f"--{name} must be a date such as 2026-01-01 (got {value!r}).")
    return day


class Command(BaseCommand):
    help = (
        "Compare the daily contact-metrics rollup with the contacts (--check: exit status 1 if they differ), or "
        "recount it (--rebuild), for the local days [start, end); without dates, every day."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--check", action="store_true")
        action.add_argument("--rebuild", action="store_true")
        parser.add_argument("--start", help="first day, e.g. 2026-01-01")
        parser.add_argument("--end", help="day after the last, e.g. 2026-04-01")

    def handle(self, *args, check: bool, rebuild: bool, start: str | None, end: str | None, **options):
        first, last = _day(start, "start"), _day(end, "end")
        if first and last and last <= first:
            raise CommandError("--end must be after --start.")
        if rebuild:
            rows = contact_metrics_rollup_rebuild(start=first, end=last)
            self.stdout.write(f"Recounted the rollup from the contacts: {rows:,} rows (day and channel).")
            return
        differences = contact_metrics_rollup_differences(start=first, end=last)
        for d in differences[:50]:
            stored, counted = d["stored"] or {}, d["counted"] or {}
            changed = [k for k in ("basis", *PARTS) if stored.get(k) != counted.get(k)]
            what = "missing" if not stored else "extra" if not counted else "differs in " + ", ".join(changed)
            self.stdout.write(f"{d['day']} {d['channel']}: {what}")
        if differences:
            raise CommandError(
                f"{len(differences):,} rollup rows differ from the contacts; "
                "run `manage.py contact_metrics_rollup --rebuild`."
            )
        self.stdout.write("The rollup equals the contacts.")
