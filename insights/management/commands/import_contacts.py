"""python manage.py import_contacts PATH --source NAME: import a contact file now, with a progress bar."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from insights.models import ImportJob
from insights.services.imports import contacts_import


class Command(BaseCommand):
    help = (
        "Import contacts from a CSV (header row) or JSON Lines file. Rows with a bad field are rejected and "
        "listed; the others land. Exits 1 only when the file itself is unusable."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--source", required=True, help="The system the contacts come from (idempotency scope).")
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")
        parser.add_argument("--show-errors", type=int, default=20, help="How many rejected rows to list (default 20).")

    def handle(self, *args, path: str, source: str, no_progress: bool, show_errors: int, **options):
        bar = None if no_progress else tqdm(total=100, unit="%", desc="Importing", leave=False, file=self.stderr)

        def progress(job: ImportJob) -> None:
            if bar is not None:
                bar.n = int(job.progress * 100)
                bar.set_postfix(rows=job.rows, refresh=False)
                bar.refresh()

        try:
            job = contacts_import(path=path, source=source, progress=progress)
        except ValidationError as exc:
            messages = [m for values in exc.message_dict.values() for m in values]
            raise CommandError(" ".join(messages), returncode=1) from exc
        finally:
            if bar is not None:
                bar.close()
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.error, returncode=1)
        self.stdout.write(
            f"Import {job.pk}: {job.rows} rows, {job.created} created, {job.duplicates} duplicates, "
            f"{job.rejected} rejected."
        )
        for error in job.row_errors.order_by("row_number", "id")[:show_errors]:
            self.stdout.write(f"  row {error.row_number}, {error.field}: {error.message}")
        if job.rejected and job.row_errors.count() > show_errors:
            self.stdout.write(f"  … see GET /api/imports/{job.pk}/ for the rest.")
