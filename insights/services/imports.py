"""Bulk import of contacts from CSV or JSON Lines: one service behind the command, the API and the upload page.

The file is checked as a whole first (size, encoding, columns) so an unusable file is refused with
one error and nothing written. Then it is streamed in batches: each row is validated and redacted
in Python, and each batch is written in its own transaction — on PostgreSQL by `COPY` into a
temporary staging table and one `INSERT ... ON CONFLICT DO NOTHING`, elsewhere by batched inserts —
together with its new contacts' counts in the daily metrics rollup (insights.services.metrics_rollup).
`source` + `external_id` is the idempotency key, so re-importing a file, overlapping files or a
retried job never duplicate a contact. Memory stays flat whatever the file size.
"""

import codecs
import csv
import hashlib
import io
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Min
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, require
from core.errors import Unavailable
from core.queue import enqueue_on_commit
from insights.models import Channel, Contact, ImportJob, ImportRowError
from insights.redaction import redact
from insights.services.metrics_rollup import contact_metrics_rollup_add

logger = logging.getLogger(__name__)

COLUMNS = (
    "external_id",
    "channel",
    "started_at",
    "queue",
    "wait_seconds",
    "handle_seconds",
    "abandoned",
    "reason_code",
    "resolved_first_contact",
    "csat",
    "nps",
    "sentiment",
    "text",
    "customer_ref",
    "account_value",
)
REQUIRED_COLUMNS = ("external_id", "channel", "started_at")
TEXT_MAX_CHARS = 5000
BATCH_ROWS = 5000
MAX_STORED_ROW_ERRORS = 1000  # per job; `rejected` still counts every rejected row
_CHUNK = 1 << 20
_CHANNELS = frozenset(Channel.values)
_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})
_MAX_INT = 2_147_483_647
_SENTIMENT_PLACES = Decimal("0.001")
_MONEY_PLACES = Decimal("0.01")
_MONEY_LIMIT = Decimal("1e16")
_LENGTHS = {"external_id": 120, "queue": 80, "reason_code": 80, "customer_ref": 120}

# The order of values in a parsed row: the interchange columns, the staging table and the insert alike.
ROW_FIELDS = COLUMNS


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


@dataclass(frozen=True)
class ContactFile:
    """A contact file that passed the whole-file checks, ready to stream."""

    path: Path
    format: str  # "csv" or "jsonl"
    checksum: str
    size_bytes: int
    columns: tuple[str, ...]


def contact_file_inspect(*, path: str | os.PathLike) -> ContactFile:
    """Check a file as a whole (size, UTF-8, required columns); raise one `file` error if it is unusable."""
    path = Path(path)
    if not path.is_file():
        raise _file_error(f"There is no file at {path}.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _file_error(f"The file cannot be read: {exc.strerror or exc}.") from exc
    if size > settings.IMPORT_MAX_BYTES:
        raise _file_error(
            f"The file is {size:,} bytes; the largest accepted is {settings.IMPORT_MAX_BYTES:,} (IMPORT_MAX_BYTES)."
        )
    if size == 0:
        raise _file_error("The file is empty.")
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line += chunk[: exc.start].count(b"\n")
                raise _file_error(
                    f"The file is not UTF-8 text (the first undecodable byte is on line {line}). "
                    "Save it as UTF-8 and upload it again."
                ) from exc
            line += text.count("\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise _file_error("The file is not UTF-8 text (it ends in the middle of a character).") from exc
    with path.open(encoding="utf-8-sig", newline="") as text_stream:
        head = text_stream.read(4096).lstrip()
        if not head:
            raise _file_error("The file holds no rows.")
        text_stream.seek(0)
        if head.startswith("{"):
            file_format = "jsonl"
            columns = _jsonl_columns(text_stream)
        else:
            file_format = "csv"
            columns = _csv_columns(text_stream)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise _file_error(
            f"The file lacks the required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}. "
            f"Expected columns: {', '.join(COLUMNS)}."
        )
    return ContactFile(
        path=path, format=file_format, checksum=digest.hexdigest(), size_bytes=size, columns=tuple(columns)
    )


def _csv_columns(stream: io.TextIOBase) -> list[str]:
    try:
        header = next(csv.reader(stream))
    except (StopIteration, csv.Error) as exc:
        raise _file_error("The file has no readable CSV header row.") from exc
    return [name.strip().lower() for name in header]


def _jsonl_columns(stream: io.TextIOBase) -> list[str]:
    for raw in stream:
        if raw.strip():
            try:
                first = json.loads(raw)
            except ValueError as exc:
                raise _file_error("The file starts like JSON Lines but its first line is not valid JSON.") from exc
            if not isinstance(first, dict):
                raise _file_error("Each line of a JSON Lines file must be one JSON object.")
            return [str(k).strip().lower() for k in first]
    raise _file_error("The file holds no rows.")


# --- Rows --------------------------------------------------------------------------------------


def _text(value) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole(value: str, name: str, low: int, high: int) -> int:
    if not value.isdigit() or not value.isascii():
        if value.startswith("-") and value[1:].isdigit():
            raise ValueError(f"{name} cannot be negative (got {value}).")
        raise ValueError(f"{name} must be a whole number (got {value[:40]!r}).")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high} (got {number}).")
    return number


def _boolean(value: str, name: str) -> bool | None:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    if lowered == "":
        return None
    raise ValueError(f"{name} must be true/false, 1/0 or yes/no (got {value[:40]!r}).")


def _decimal(value: str, name: str) -> Decimal:
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{name} must be a number (got {value[:40]!r}).") from None
    if not number.is_finite():
        raise ValueError(f"{name} must be a finite number (got {value[:40]!r}).")
    return number


def _bounded(name: str) -> Callable[[str, ZoneInfo], str]:
    limit = _LENGTHS[name]

    def parse(value: str, zone: ZoneInfo) -> str:
        if len(value) > limit:
            raise ValueError(f"{name} is longer than {limit} characters.")
        return value

    return parse


def _external_id(value: str, zone: ZoneInfo) -> str:
    if not value:
        raise ValueError("external_id is required.")
    if len(value) > _LENGTHS["external_id"]:
        raise ValueError(f"external_id is longer than {_LENGTHS['external_id']} characters.")
    return value


def _channel(value: str, zone: ZoneInfo) -> str:
    lowered = value.lower()
    if lowered not in _CHANNELS:
        raise ValueError(f"channel must be one of {', '.join(Channel.values)} (got {value[:40]!r}).")
    return lowered


def _started_at(value: str, zone: ZoneInfo) -> datetime:
    if not value:
        raise ValueError("started_at is required.")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"started_at must be an ISO 8601 date and time (got {value[:40]!r}).") from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _seconds(name: str) -> Callable[[str, ZoneInfo], int]:
    return lambda value, zone: _whole(value, name, 0, _MAX_INT) if value else 0


def _abandoned(value: str, zone: ZoneInfo) -> bool:
    return bool(_boolean(value, "abandoned"))


def _resolved(value: str, zone: ZoneInfo) -> bool | None:
    return _boolean(value, "resolved_first_contact")


def _csat(value: str, zone: ZoneInfo) -> int | None:
    return _whole(value, "csat", 1, 5) if value else None


def _nps(value: str, zone: ZoneInfo) -> int | None:
    return _whole(value, "nps", 0, 10) if value else None


def _sentiment(value: str, zone: ZoneInfo) -> Decimal | None:
    if not value:
        return None
    number = _decimal(value, "sentiment")
    if not -1 <= number <= 1:
        raise ValueError(f"sentiment must be between -1 and 1 (got {value[:40]}).")
    return number.quantize(_SENTIMENT_PLACES)


def _excerpt(value: str, zone: ZoneInfo) -> str:
    if len(value) > TEXT_MAX_CHARS:
        raise ValueError(f"text is longer than {TEXT_MAX_CHARS} characters ({len(value)}).")
    if "\x00" in value:
        raise ValueError("text contains a NUL character.")
    return redact(value)


def _customer_ref(value: str, zone: ZoneInfo) -> str:
    if "@" in value:
        raise ValueError("customer_ref must be a pseudonymous reference, not an e-mail address.")
    if len(value) > _LENGTHS["customer_ref"]:
        raise ValueError(f"customer_ref is longer than {_LENGTHS['customer_ref']} characters.")
    return value


def _account_value(value: str, zone: ZoneInfo) -> Decimal | None:
    if not value:
        return None
    number = _decimal(value, "account_value")
    if number < 0:
        raise ValueError(f"account_value cannot be negative (got {value[:40]}).")
    if number >= _MONEY_LIMIT:
        raise ValueError("account_value is too large.")
    return number.quantize(_MONEY_PLACES)


# One parser per column, in ROW_FIELDS order; each raises ValueError with a message naming its column.
_PARSERS: tuple[tuple[str, Callable[[str, ZoneInfo], object]], ...] = (
    ("external_id", _external_id),
    ("channel", _channel),
    ("started_at", _started_at),
    ("queue", _bounded("queue")),
    ("wait_seconds", _seconds("wait_seconds")),
    ("handle_seconds", _seconds("handle_seconds")),
    ("abandoned", _abandoned),
    ("reason_code", _bounded("reason_code")),
    ("resolved_first_contact", _resolved),
    ("csat", _csat),
    ("nps", _nps),
    ("sentiment", _sentiment),
    ("text", _excerpt),
    ("customer_ref", _customer_ref),
    ("account_value", _account_value),
)
assert tuple(name for name, _ in _PARSERS) == ROW_FIELDS


def contact_row_parse(raw: dict, *, zone: ZoneInfo) -> tuple[tuple | None, list[tuple[str, str]]]:
    """Validate and redact one raw row: (values in ROW_FIELDS order, []) or (None, [(field, message), ...])."""
    values = []
    problems: list[tuple[str, str]] = []
    get = raw.get
    for name, parse in _PARSERS:
        value = get(name)
        try:
            values.append(parse(value.strip() if value.__class__ is str else _text(value), zone))
        except ValueError as exc:
            problems.append((name, str(exc)))
    if problems:
        return None, problems
    return tuple(values), problems


def _raw_rows(contact_file: ContactFile, stream: io.TextIOBase) -> Iterator[tuple[int, dict | None, str | None]]:
    """(row number, raw dict, or None and why it is unreadable), row numbers being line numbers in the file."""
    if contact_file.format == "csv":
        csv.field_size_limit(max(TEXT_MAX_CHARS * 8, 1 << 20))
        reader = csv.reader(stream)
        header = [name.strip().lower() for name in next(reader)]
        width = len(header)
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield reader.line_num, None, f"The row is not valid CSV: {exc}."
                continue
            if not values:
                continue  # a blank line
            if len(values) != width:
                yield reader.line_num, None, f"The row has {len(values)} values but the header has {width} columns."
                continue
            yield reader.line_num, dict(zip(header, values, strict=True)), None
    else:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except ValueError:
                yield number, None, "The line is not valid JSON."
                continue
            if not isinstance(raw, dict):
                yield number, None, "The line is not a JSON object."
                continue
            yield number, {str(k).strip().lower(): v for k, v in raw.items()}, None


# --- Writers -----------------------------------------------------------------------------------

_STAGING = "contact_import_staging"
_NEW = "contact_import_new"  # the ids of the contacts a batch created, for the metrics rollup
_STAGING_DDL = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGING} (
    external_id varchar(120), channel varchar(10), started_at timestamptz, queue varchar(80),
    wait_seconds integer, handle_seconds integer, abandoned boolean, reason_code varchar(80),
    resolved_first_contact boolean, csat smallint, nps smallint, sentiment numeric(4, 3), text text,
    customer_ref varchar(120), account_value numeric(18, 2)
) ON COMMIT DELETE ROWS;
CREATE TEMPORARY TABLE IF NOT EXISTS {_NEW} (id bigint) ON COMMIT DELETE ROWS
"""
_FIELD_LIST = ", ".join(ROW_FIELDS)


Batch = list[tuple]
NextBatch = Callable[[], Batch | None]


def _write_batch_copy(*, rows: Batch, source: str, job_id: int, parse_next: NextBatch) -> tuple[int, Batch | None]:
    """COPY the batch into the session's staging table, then insert what is new; returns (new, next batch).

    The INSERT and the rollup's update are sent in pipeline mode, so Python parses the next batch while
    PostgreSQL writes this one.
    """
    with connection.cursor() as cursor:
        cursor.execute(_STAGING_DDL)
        cursor.execute(f"TRUNCATE {_STAGING}, {_NEW}")  # ON COMMIT does it too, but not inside a caller's transaction
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        if not rows:
            return 0, parse_next()
        with raw.copy(f"COPY {_STAGING} ({_FIELD_LIST}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with connection.connection.pipeline():
            raw.execute(
                f"WITH new AS (INSERT INTO {Contact._meta.db_table} (source, import_job_id, {_FIELD_LIST}) "
                f"SELECT %s, %s, {_FIELD_LIST} FROM {_STAGING} "
                f"ON CONFLICT (source, external_id) DO NOTHING RETURNING id) INSERT INTO {_NEW} SELECT id FROM new",
                [source, job_id],
            )
            created = RawSQL(f"SELECT id FROM {_NEW}", [])  # noqa: S611 - a constant table name, no input
            contact_metrics_rollup_add(contacts=Contact.objects.filter(pk__in=created))
            upcoming = parse_next()
        return raw.rowcount, upcoming


def _write_batch_orm(*, rows: Batch, source: str, job_id: int, parse_next: NextBatch) -> tuple[int, Batch | None]:
    """Batched inserts for databases without COPY: skip keys already stored or seen earlier in the batch."""
    ids = [row[0] for row in rows]
    known = set(Contact.objects.filter(source=source, external_id__in=ids).values_list("external_id", flat=True))
    new = []
    for row in rows:
        if row[0] in known:
            continue
        known.add(row[0])
        new.append(Contact(source=source, import_job_id=job_id, **dict(zip(ROW_FIELDS, row, strict=True))))
    Contact.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if new:
        # This job's rows among the keys it just wrote: what it created, not what a concurrent import did.
        written = Contact.objects.filter(
            source=source, import_job_id=job_id, external_id__in=[c.external_id for c in new]
        )
        contact_metrics_rollup_add(contacts=written)
    return len(new), parse_next()


# --- The service -------------------------------------------------------------------------------


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
    """Run one import job to the end; a finished job is left as it is, an interrupted one is run again."""
    job = ImportJob.objects.get(pk=job_id)
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return job
    try:
        contact_file = contact_file_inspect(path=job.file_path)
    except ValidationError as exc:
        return _job_fail(job, "; ".join(exc.message_dict["file"]))
    use_copy = connection.vendor == "postgresql" and copy is not False  # copy=False forces batched inserts
    write = _write_batch_copy if use_copy else _write_batch_orm
    job.row_errors.all().delete()
    job.status = ImportJob.Status.RUNNING
    job.started_at = timezone.now()
    job.rows = job.created = job.duplicates = job.rejected = 0
    job.progress = Decimal(0)
    job.error = ""
    job.save(update_fields=["status", "started_at", "rows", "created", "duplicates", "rejected", "progress", "error"])
    tally = _Tally()
    with contact_file.path.open("rb") as binary:
        stream = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        batches = _valid_batches(contact_file, stream, job=job, tally=tally)
        batch: Batch | None = next(batches, [])
        while batch is not None:
            with transaction.atomic():
                created, upcoming = write(
                    rows=batch, source=job.source, job_id=job.pk, parse_next=lambda: next(batches, None)
                )
                tally.created += created
                tally.duplicates += len(batch) - created
                if tally.pending_errors:
                    ImportRowError.objects.bulk_create(tally.pending_errors)
                    tally.pending_errors.clear()
                job.rows, job.created, job.duplicates, job.rejected = (
                    tally.rows,
                    tally.created,
                    tally.duplicates,
                    tally.rejected,
                )
                done = min(binary.tell() / max(contact_file.size_bytes, 1), 0.9999)
                job.progress = Decimal(done).quantize(Decimal("0.0001"))
                job.save(update_fields=["rows", "created", "duplicates", "rejected", "progress"])
            if progress:
                progress(job)
            batch = upcoming

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
    if progress:
        progress(job)
    return job


def _valid_batches(
    contact_file: ContactFile, stream: io.TextIOBase, *, job: ImportJob, tally: _Tally
) -> Iterator[Batch]:
    """Batches of up to BATCH_ROWS valid, redacted rows; rejected rows go to the tally's pending errors."""
    zone = ZoneInfo(settings.TIME_ZONE)
    batch: Batch = []
    for row_number, raw, unreadable in _raw_rows(contact_file, stream):
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

    since_iso = since.isoformat() if since else None
    transaction.on_commit(lambda: emerging_issues_detect_task.delay(since=since_iso))


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
        raise _file_error("Choose a file to upload.")
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise _file_error(
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
