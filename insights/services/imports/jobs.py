"""Import jobs: creating one (command line or upload), running it batch by batch, and handing it to a worker."""

import gc
import io
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, require
from core.errors import Unavailable
from core.queue import enqueue_on_commit
from insights.models import ImportJob, ImportRowError
from insights.selectors.metrics import contact_retention_horizon
from insights.services.contact_partitions import contact_partitions_ensure
from insights.services.imports.parsing import ContactFile, contact_file_batches, contact_file_inspect, file_error
from insights.services.imports.rows import contact_batch_parse
from insights.services.imports.writing import STARTED_AT, Batch, BatchWriter, batch_write_copy, batch_write_inserts

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
    earliest: datetime | None = None  # of the valid rows: where the emerging-issue check starts

    def reject(self, job: ImportJob, row_number: int, name: str, message: str) -> None:
        """Keep a rejected row's error (up to MAX_STORED_ROW_ERRORS) for the next batch's transaction."""
        if self.stored_errors < MAX_STORED_ROW_ERRORS:
            self.pending_errors.append(
                ImportRowError(job=job, row_number=row_number, field=name, message=message[:500])
            )
            self.stored_errors += 1


def _clean_source(source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": ["Name the source of the file (e.g. the telephony or CRM system)."]})
    if len(source) > 60:
        raise ValidationError({"source": ["source is longer than 60 characters."]})
    return source


def import_job_run(*, job_id: int, progress: Callable[[ImportJob], None] | None = None, copy: bool | None = None):
    """Run one import job to the end; a finished job, or one another run is alive on, is left as it is.

    Resumable: every committed batch stays, and a job whose run stopped (a killed worker, a stale heartbeat) is
    run again from the top of its file, landing only what is missing (`source` + `external_id`), so the counts end
    exact. Any unexpected error fails the job with a message and removes its upload. Rows are written with COPY;
    `copy=False` asks for plain batched inserts instead.
    """
    job = _job_claim(job_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id)
    try:
        return _job_land(job, progress=progress, copy=copy)
    except _Superseded:
        logger.warning("import job %s: a later run took it over; this run stops", job.pk)
        return ImportJob.objects.get(pk=job_id)
    except KeyboardInterrupt:
        _job_fail(job, "The import was interrupted. Run it again: the rows already landed are skipped.")
        raise
    except Exception as exc:  # anything unforeseen must end the job in the open, never leave it `running`
        logger.exception("import job %s failed", job.pk)
        return _job_fail(job, f"The import stopped on an unexpected error ({type(exc).__name__}: {exc})"[:2000])


def _job_claim(job_id: int) -> ImportJob | None:
    """Take the job for this run if it is queued, or running with a stale heartbeat; None if it is not ours."""
    now = timezone.now()
    stale = now - timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    claimable = Q(status=ImportJob.Status.QUEUED) | Q(status=ImportJob.Status.RUNNING) & (
        Q(heartbeat_at__lt=stale) | Q(heartbeat_at__isnull=True)
    )
    if not ImportJob.objects.filter(claimable, pk=job_id).update(heartbeat_at=now, attempts=F("attempts") + 1):
        return None
    return ImportJob.objects.get(pk=job_id)


def _job_land(job: ImportJob, *, progress: Callable[[ImportJob], None] | None, copy: bool | None) -> ImportJob:
    try:
        contact_file = contact_file_inspect(path=job.file_path)
    except ValidationError as exc:
        return _job_fail(job, "; ".join(exc.message_dict["file"]))
    write = batch_write_inserts if copy is False else batch_write_copy
    _job_start(job)
    tally = _Tally(created=job.created)  # what earlier runs of this job committed stays theirs
    with contact_file.path.open("rb") as binary, _cyclic_gc_paused():
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        batches = _valid_batches(contact_file, stream, job=job, tally=tally)
        batch: Batch | None = next(batches, [])
        while batch is not None:
            if batch:  # a missing month is made in its own short transaction, before the batch's
                times = [row[STARTED_AT] for row in batch]
                contact_partitions_ensure(first=min(times), last=max(times))
            with transaction.atomic():
                upcoming = _batch_land(job, batch, tally=tally, write=write, next_batch=lambda: next(batches, None))
                done = min(binary.tell() / max(contact_file.size_bytes, 1), 0.9999)
                job.progress = Decimal(done).quantize(Decimal("0.0001"))
                _job_save(job, "rows", "created", "duplicates", "rejected", "progress")
            if progress:
                progress(job)
            batch = upcoming
    _job_finish(job, tally)
    if progress:
        progress(job)
    return job


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while batches are read and written. A batch is tens of thousands of live
    objects (the rows' strings, tuples and lists) that the collector would scan again and again as they age (4 us
    a row, a fifth of the import's Python time, measured on 100,000 rows), only to find none of them garbage:
    they form no cycles and are freed by their reference counts when the batch is written. What little cyclic
    garbage the loop leaves is collected once it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Superseded(Exception):
    """A later run claimed the job (this one's heartbeat went stale): this run must write nothing more."""


def _job_save(job: ImportJob, *fields: str) -> None:
    """Save the fields and the heartbeat, fenced: only while no later run has claimed the job."""
    job.heartbeat_at = timezone.now()
    values = {name: getattr(job, name) for name in (*fields, "heartbeat_at")}
    if not ImportJob.objects.filter(pk=job.pk, attempts=job.attempts).update(**values):
        raise _Superseded


@transaction.atomic
def _job_start(job: ImportJob) -> None:
    """Start (or restart from the top) a claimed run: counts and row errors are recounted as the file is read, but
    `created` keeps what earlier runs committed (each batch saves it with its contacts, so it stays exact)."""
    job.row_errors.all().delete()
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.rows = job.duplicates = job.rejected = 0
    job.progress = Decimal(0)
    job.error = ""
    _job_save(job, "status", "started_at", "rows", "duplicates", "rejected", "progress", "error")


def _batch_land(
    job: ImportJob, batch: Batch, *, tally: _Tally, write: BatchWriter, next_batch: Callable[[], Batch | None]
) -> Batch | None:
    """Write one batch and its pending row errors, and count them on the job (saved by the caller)."""
    created, conflicts, upcoming = write(rows=batch, source=job.source, job_id=job.pk, parse_next=next_batch)
    tally.created += created
    tally.duplicates += len(batch) - created - len(conflicts)
    tally.rejected += len(conflicts)
    for conflict in conflicts:
        stored = timezone.localtime(conflict.stored_started_at).isoformat()
        tally.reject(
            job,
            conflict.row_number,
            "started_at",
            f"This contact (source and external_id) is stored with started_at {stored}; a stored contact is never "
            "moved. Import the correction under a new external_id, or have the stored contact erased first.",
        )
    if batch:
        first = min(row[STARTED_AT] for row in batch)
        tally.earliest = first if tally.earliest is None else min(tally.earliest, first)
    if tally.pending_errors:
        ImportRowError.objects.bulk_create(tally.pending_errors)
        tally.pending_errors.clear()
    job.rows, job.created, job.duplicates, job.rejected = tally.rows, tally.created, tally.duplicates, tally.rejected
    return upcoming


def _job_finish(job: ImportJob, tally: _Tally) -> None:
    # Exact counts even when an interrupted run is repeated: `created` was saved with every committed batch.
    created = tally.created
    valid = tally.rows - tally.rejected
    earliest = tally.earliest
    job.created, job.duplicates = created, valid - created
    job.status = ImportJob.Status.DONE
    job.progress = Decimal(1)
    job.finished_at = timezone.now()
    _job_save(job, "created", "duplicates", "status", "progress", "finished_at")
    _discard_upload(job)
    if created:
        _queue_emerging_check(since=earliest)


def _valid_batches(
    contact_file: ContactFile, stream: io.TextIOBase, *, job: ImportJob, tally: _Tally
) -> Iterator[Batch]:
    """Batches of up to BATCH_ROWS valid, redacted rows; rejected rows go to the tally's pending errors, in line
    order."""
    zone = ZoneInfo(settings.TIME_ZONE)
    horizon = contact_retention_horizon()
    for raw in contact_file_batches(contact_file, stream, size=BATCH_ROWS):
        tally.rows += raw.rows
        valid, problems = contact_batch_parse(raw.numbers, raw.columns, zone=zone, strings=raw.strings)
        problems += [(number, "row", why) for number, why in raw.unreadable]
        batch = []
        for row in valid:
            if row[STARTED_AT] < horizon:  # retention would remove it tonight
                problems.append((row[0], "started_at", _too_old(row[STARTED_AT], horizon)))
            else:
                batch.append(row)
        rejected = set()
        for number, name, message in sorted(problems, key=lambda problem: problem[0]):
            rejected.add(number)
            tally.reject(job, number, name, message)
        tally.rejected += len(rejected)
        yield batch


def _too_old(started_at: datetime, horizon: datetime) -> str:
    return (
        f"started_at {started_at.isoformat()} is before {horizon:%Y-%m-%d}: contacts are kept "
        f"{settings.CONTACT_RETENTION_MONTHS} months (CONTACT_RETENTION_MONTHS)."
    )


def _job_fail(job: ImportJob, message: str) -> ImportJob:
    """Fail the job saying why and discard its upload, unless a later run has claimed it meanwhile."""
    job.status = ImportJob.Status.FAILED
    job.error = message
    job.finished_at = timezone.now()
    try:
        _job_save(job, "status", "error", "finished_at")
    except _Superseded:
        return ImportJob.objects.get(pk=job.pk)
    _discard_upload(job)
    return job


def _uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def import_job_is_upload(*, job: ImportJob) -> bool:
    """Whether the job's file is an upload waiting for a worker (not a file named on the command line)."""
    return bool(job.file_path) and Path(job.file_path).parent == _uploads_dir()


def import_job_abandon(*, job: ImportJob, reason: str) -> ImportJob:
    """Fail a stranded job saying why and discard its upload; the batches it committed stay (they are whole)."""
    return _job_fail(job, reason)


def _discard_upload(job: ImportJob) -> None:
    """Uploaded files are deleted once imported; files named on the command line are the user's own."""
    if import_job_is_upload(job=job):
        Path(job.file_path).unlink(missing_ok=True)


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
    _queue_run(job)  # after the commit: the worker must find the job
    return job


class QueueUnavailable(Unavailable):
    """The broker did not answer (503 naming `broker`); the stored job waits for the sweep (see `_queue_run`)."""

    default_field = "broker"


def _queue_run(job: ImportJob) -> None:
    """Hand the stored job to a worker. If the broker does not answer (bounded by BROKER_TIMEOUT_SECONDS) the
    uploader is told so (503 naming the broker), but nothing is lost and nothing need be sent again: the file and
    the `queued` job are the durable record, the cleared heartbeat says it never reached the broker, and the sweep
    queues it as soon as the broker answers."""
    from core.queue import enqueue
    from insights.tasks.imports import import_job_run_task

    if not enqueue(import_job_run_task, job.pk):
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.QUEUED).update(heartbeat_at=None)
        job.heartbeat_at = None
        raise QueueUnavailable(
            f"The task queue is not answering. Your file is kept as import job {job.pk}, which starts by itself as "
            "soon as the queue answers again: there is no need to upload it again. /healthz names what is down."
        )
