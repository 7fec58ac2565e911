"""python manage.py contacts_retention: make the month partitions ahead and remove contacts past retention now."""

from django.core.management.base import BaseCommand

from insights.services.contact_partitions import contact_partitions_ahead, contacts_retention_apply


class Command(BaseCommand):
    help = (
        "Make the contact partitions ahead (CONTACT_PARTITIONS_AHEAD_MONTHS) and remove contacts older than "
        "CONTACT_RETENTION_MONTHS, as the daily beat jobs do."
    )

    def handle(self, *args, **options):
        made = contact_partitions_ahead()
        result = contacts_retention_apply()
        self.stdout.write(
            f"Partitions made ahead: {made}. Contacts before {result.horizon:%Y-%m-%d %H:%M} UTC removed: "
            f"{len(result.partitions_dropped)} month partitions dropped, {result.rows_deleted:,} rows deleted."
        )
