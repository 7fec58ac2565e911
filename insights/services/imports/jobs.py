"""Import jobs: creating one (command line or upload), running it batch by batch, and handing it to a worker."""

import io
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, require
from core.errors import Unavailable
from core.queue import enqueue_on_commit
from insights.models import Contact, ImportJob, ImportRowError
from insights.services.imports.parsing import ContactFile, contact_file_inspect, contact_file_rows, file_error
from insights.services.imports.rows import contact_row_parse
from insights.services.imports.writing import Batch, BatchWriter, batch_write_copy, batch_write_inserts

logger = logging.getLogger(__name__)

BATCH_ROWS = 5000
MAX_STORED_ROW_ERRORS = 1000  # per job; `rejected` still counts every rejected row


@dataclass
class _Tally:
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: int = 0
    stored_errors: int = 0
    pending_errors: list[ImportRowError] = field(default_factory=list)


def _clean_source(source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": ["Name the source of the file (e.g. the telephony or CRM system)."]})
    if len(source) > 60:
        raise ValidationError({"source": ["source is longer than 60 characters."]})
    return source


def import_job_run(*, job_id: int, progress: Callable[[ImportJob], None] | None = None, copy: bool | None = None):
    """Run one import job to the end; a finished job is left as it is, an interrupted one is run again.

    Rows are written with COPY; `copy=False` asks for plain batched inserts instead.
    """
    job = ImportJob.objects.get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job
    try:
        contact_file = contact_file_inspect(path=job.file_path)
    except ValidationError as exc:
        return _job_fail(job, "; ".join(exc.message_dict["file"]))
    write = batch_write_inserts if copy is False else batch_write_copy
    _job_start(job)
    tally = _Tally()
    with contact_file.path.open("rb") as binary:
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        batches = _valid_batches(contact_file, stream, job=job, tally=tally)
        batch: Batch | None = next(batches, [])
        while batch is not None:
            with transaction.atomic():
                upcoming = _batch_land(job, batch, tally=tally, write=write, next_batch=lambda: next(batches, None))
                done = min(binary.tell() / max(contact_file.size_bytes, 1), 0.9999)
                job.progress = Decimal(done).quantize(Decimal("0.0001"))
                job.save(update_fields=["rows", "created", "duplicates", "rejected", "progress"])
            if progress:
                progress(job)
            batch = upcoming
    _job_finish(job, tally)
    if progress:
        progress(job)
    return job


def _job_start(job: ImportJob) -> None:
    job.row_errors.all().delete()
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.rows = job.created = job.duplicates = job.rejected = 0
    job.progress = Decimal(0)
    job.error = ""
    job.save(update_fields=["status", "started_at", "rows", "created", "duplicates", "rejected", "progress", "error"])


def _batch_land(
    job: ImportJob, batch: Batch, *, tally: _Tally, write: BatchWriter, next_batch: Callable[[], Batch | None]
) -> Batch | None:
    """Write one batch and its pending row errors, and count them on the job (saved by the caller)."""
    created, upcoming = write(rows=batch, source=job.source, job_id=job.pk, parse_next=next_batch)
    tally.created += created
    tally.duplicates += len(batch) - created
    if tally.pending_errors:
        ImportRowError.objects.bulk_create(tally.pending_errors)
        tally.pending_errors.clear()
    job.rows, job.created, job.duplicates, job.rejected = tally.rows, tally.created, tally.duplicates, tally.rejected
    return upcoming


def _job_finish(job: ImportJob, tally: _Tally) -> None:
    # Exact counts even when an interrupted run is repeated: what this job created is what carries its id.
    created = Contact.objects.filter(import_job=job).count()
    valid = tally.rows - tally.rejected
    earliest = Contact.objects.filter(import_job=job).aggregate(earliest=Min("started_at"))["earliest"]
    job.created, job.duplicates = created, valid - created
    job.status = ImportJob.Status.DONE
    job.progress = Decimal(1)
    job.finished_at = timezone.now()
    job.save(update_fields=["created", "duplicates", "status", "progress", "finished_at"])
    _discard_upload(job)
    if created:
        _queue_emerging_check(since=earliest)


def _valid_batches(
    contact_file: ContactFile, stream: io.TextIOBase, *, job: ImportJob, tally: _Tally
) -> Iterator[Batch]:
    """Batches of up to BATCH_ROWS valid, redacted rows; rejected rows go to the tally's pending errors."""
    zone = ZoneInfo(settings.TIME_ZONE)
    batch: Batch = []
    for row_number, raw, unreadable in contact_file_rows(contact_file, stream):
        tally.rows += 1
        if raw is None:
            values, problems = None, [("row", unreadable)]
        else:
            values, problems = contact_row_parse(raw, zone=zone)
        if values is None:
            tally.rejected += 1
            for name, message in problems:
                if tally.stored_errors < MAX_STORED_ROW_ERRORS:
                    tally.pending_errors.append(
                        ImportRowError(job=job, row_number=row_number, field=name, message=message[:500])
                    )
                    tally.stored_errors += 1
            continue
        batch.append(values)
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _job_fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    _discard_upload(job)
    return job


def _uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _discard_upload(job: ImportJob) -> None:
    """Uploaded files are deleted once imported; files named on the command line are the user's own."""
    path = Path(job.file_path)
    if job.file_path and path.parent == _uploads_dir():
        path.unlink(missing_ok=True)


def _queue_emerging_check(*, since: datetime | None) -> None:
    from insights.tasks.emerging import emerging_issues_detect_task

    # An outage here loses nothing: beat runs the same check every EMERGING_CHECK_SECONDS.
    enqueue_on_commit(emerging_issues_detect_task, since.isoformat() if since else None)


def contacts_import(
    *,
    path: str | os.PathLike,
    source: str,
    user: User | None = None,
    progress: Callable[[ImportJob], None] | None = None,
    copy: bool | None = None,
) -> ImportJob:
    """Import a file now (the command line): refuse an unusable file whole, otherwise land every valid row."""
    if user is not None:
        require(user, Action.IMPORT_CONTACTS)
    source = _clean_source(source)
    contact_file = contact_file_inspect(path=path)
    job = ImportJob.objects.create(
        source=source,
        file_name=contact_file.path.name[:255],
        file_path=str(contact_file.path.resolve()),
        checksum=contact_file.checksum,
        size_bytes=contact_file.size_bytes,
        created_by=user,
    )
    return import_job_run(job_id=job.pk, progress=progress, copy=copy)


def import_job_create(*, upload, source: str, user: User) -> ImportJob:
    """Accept an uploaded file: refuse it whole if unusable, else store it and queue its import for a worker."""
    require(user, Action.IMPORT_CONTACTS)
    source = _clean_source(source)
    if upload is None:
        raise file_error("Choose a file to upload.")
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise file_error(
            f"The file is {upload.size:,} bytes; the largest accepted is {settings.IMPORT_MAX_BYTES:,} "
            "(IMPORT_MAX_BYTES)."
        )
    directory = _uploads_dir()
    directory.mkdir(parents=True, exist_ok=True)
    name = Path(upload.name or "contacts").name[:200]
    path = directory / f"{uuid.uuid4().hex}-{name}"
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        contact_file = contact_file_inspect(path=path)
    except ValidationError:
        path.unlink(missing_ok=True)
        raise
    with transaction.atomic():
        job = ImportJob.objects.create(
            source=source,
            file_name=name,
            file_path=str(path),
            checksum=contact_file.checksum,
            size_bytes=contact_file.size_bytes,
            created_by=user,
        )
    _queue_run(job)
    return job


class QueueUnavailable(Unavailable):
    """The broker did not answer before the upload was accepted: the job is marked failed, nothing imported (503)."""

    default_field = "broker"


def _queue_run(job: ImportJob) -> None:
    """Hand the job to a worker once it commits. The upload checks the broker first and is refused in the open
    (the job failed, saying why; the stored file discarded) rather than left queued with nothing to run it; an
    outage after the check is left to the sweep, which re-queues jobs still queued."""
    from config.celery import app
    from insights.tasks.imports import import_job_run_task

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # kombu raises the transport's own errors here
        logger.warning("import job %s could not be queued: %s", job.pk, exc)
        _job_fail(job, "The task queue did not answer, so this import never started. Upload the file again.")
        raise QueueUnavailable(
            "The task queue is not answering, so the import could not start and nothing was imported. "
            "Try again in a minute; if it persists, /healthz names what is down."
        ) from exc
    enqueue_on_commit(import_job_run_task, job.pk)
