"""Imports that never wedge: control characters and non-scalar JSON refused by row and field, duplicate headers
refuse the file, an unexpected error fails the job in the open, a dead run is re-queued by the watch and resumes."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from insights.models import Contact, ImportJob
from insights.services import imports
from insights.services.imports import COLUMNS, contacts_import, import_job_create, import_job_run
from insights.tasks.imports import IMPORT_MAX_ATTEMPTS, import_jobs_requeue
from tests.insights.services.test_imports_contacts_import import row, write_csv


def _jsonl(tmp_path, *lines: dict):
    path = tmp_path / "contacts.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def _good(key: str, **overrides) -> dict:
    return {"external_id": key, "channel": "call", "started_at": "2026-01-05T10:00:00Z", **overrides}


@pytest.mark.parametrize("field", [c for c in COLUMNS if c not in ("text",)])
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x85"])
def test_a_control_character_in_any_field_rejects_the_row_naming_it(db, tmp_path, field, char):
    value = {"external_id": "bad", "channel": "call", "started_at": "2026-01-05T10:00:00Z"}.get(field, "1")
    path = _jsonl(tmp_path, _good("good-1"), _good("bad", **{field: value + char + value}), _good("good-2"))
    job = contacts_import(path=path, source="crm")
    assert (job.status, job.rows, job.created, job.rejected) == ("done", 3, 2, 1)
    error = job.row_errors.get()
    assert (error.row_number, error.field) == (2, field)
    assert "NUL" in error.message if char == "\x00" else f"U+{ord(char):04X}" in error.message


def test_a_nul_in_a_csv_field_rejects_the_row_and_the_batch_still_lands(db, tmp_path):
    path = write_csv(tmp_path, row("c1"), row("c2", queue="bill\x00ing"), row("c3", text="a\x00b"))
    job = contacts_import(path=path, source="crm")
    assert (job.status, job.created, job.rejected) == ("done", 1, 2)
    assert sorted(job.row_errors.values_list("row_number", "field")) == [(3, "queue"), (4, "text")]


def test_free_text_keeps_its_tabs_and_line_breaks(db, tmp_path):
    job = contacts_import(path=_jsonl(tmp_path, _good("c1", text="line one\n\tline two\r\n")), source="crm")
    assert job.created == 1
    assert Contact.objects.get().text == "line one\n\tline two"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("external_id", {"a": 1}, "not a JSON object"),
        ("queue", ["billing"], "not a JSON array"),
        ("text", {"body": "hi"}, "not a JSON object"),
        ("csat", [5], "not a JSON array"),
        ("channel", 3, "not a number"),
        ("started_at", 1767607200, "not a number"),
        ("wait_seconds", True, "not true/false"),
        ("abandoned", 1.5, "not a number"),
        ("account_value", {"amount": 1}, "not a JSON object"),
    ],
)
def test_a_json_value_that_is_not_a_scalar_of_the_right_type_rejects_the_row_naming_it(
    db, tmp_path, field, value, says
):
    job = contacts_import(path=_jsonl(tmp_path, _good("ok"), _good("bad", **{field: value})), source="crm")
    assert (job.created, job.rejected) == (1, 1)
    error = job.row_errors.get()
    assert (error.row_number, error.field) == (2, field)
    assert says in error.message
    assert not Contact.objects.filter(external_id__startswith="{").exists()


def test_json_scalars_of_the_right_type_land(db, tmp_path):
    line = _good(123, abandoned=1, resolved_first_contact=True, csat=4.0, sentiment=0, customer_ref=77)
    job = contacts_import(path=_jsonl(tmp_path, line), source="crm")
    assert (job.created, job.rejected) == (1, 0)
    contact = Contact.objects.get()
    assert (contact.external_id, contact.customer_ref, contact.abandoned, contact.csat) == ("123", "77", True, 4)


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("external_id,channel,started_at,channel", "channel"),
        ("external_id,Channel,started_at, channel ,csat,CSAT", "channel, csat"),
    ],
)
def test_duplicate_csv_header_names_refuse_the_file_naming_them(db, tmp_path, header, named):
    path = tmp_path / "contacts.csv"
    path.write_text(f"{header}\nc1,call,2026-01-05T10:00:00Z,chat,1,2\n", encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        contacts_import(path=path, source="crm")
    [message] = caught.value.message_dict["file"]
    assert f"names {named} more than once" in message
    assert not ImportJob.objects.exists()


def test_a_json_lines_key_repeated_on_the_first_line_refuses_the_file(db, tmp_path):
    path = tmp_path / "contacts.jsonl"
    path.write_text('{"external_id": "c1", "channel": "call", "started_at": "2026-01-05", "Channel": "x"}\n')
    with pytest.raises(ValidationError, match="names channel more than once"):
        contacts_import(path=path, source="crm")


def test_an_unexpected_error_fails_the_job_with_a_message_keeps_whole_batches_and_removes_the_upload(
    org, tmp_path, settings, monkeypatch
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    monkeypatch.setattr(imports.jobs, "BATCH_ROWS", 2)
    real = imports.jobs.batch_write_copy
    calls = []

    def second_batch_breaks(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real(**kwargs)

    monkeypatch.setattr(imports.jobs, "batch_write_copy", second_batch_breaks)
    text = "\n".join([",".join(COLUMNS), *(row(f"c{i}") for i in range(6))]) + "\n"
    with monkeypatch.context() as m:
        m.setattr(imports.jobs, "_queue_run", lambda job: None)  # run it here, below, as the worker would
        job = import_job_create(upload=SimpleUploadedFile("c.csv", text.encode()), source="crm", user=org.analyst)
    job = import_job_run(job_id=job.pk)
    assert job.status == "failed"
    assert "RuntimeError: disk on fire" in job.error
    assert sorted(Contact.objects.values_list("external_id", flat=True)) == ["c0", "c1"]  # the committed batch
    assert not list((tmp_path / "imports").iterdir())


def test_the_command_prints_an_unexpected_error_without_a_traceback(db, tmp_path, monkeypatch):
    monkeypatch.setattr(imports.jobs, "batch_write_copy", lambda **kw: 1 / 0)
    with pytest.raises(CommandError, match="ZeroDivisionError") as caught:
        call_command("import_contacts", write_csv(tmp_path, row("c1")), "--source", "crm", "--no-progress")
    assert caught.value.returncode == 1
    assert ImportJob.objects.get().status == "failed"


def _dead_run(job: ImportJob, *, seconds_ago: int) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=seconds_ago)
    )


def test_a_job_whose_worker_died_is_requeued_and_resumes_with_exact_counts(org, tmp_path, settings, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT, settings.IMPORT_STALE_SECONDS = str(tmp_path), 10
    monkeypatch.setattr(imports.jobs, "BATCH_ROWS", 2)
    text = "\n".join([",".join(COLUMNS), *(row(f"c{i}") for i in range(5)), row("bad", csat="9")]) + "\n"
    with monkeypatch.context() as m:
        m.setattr(imports.jobs, "_queue_run", lambda job: None)
        job = import_job_create(upload=SimpleUploadedFile("c.csv", text.encode()), source="crm", user=org.analyst)
    # A first run landed a batch (its contact and its count, committed together), then its worker died.
    started = datetime(2026, 1, 5, 10, tzinfo=UTC)
    Contact.objects.create(source="crm", external_id="c0", channel="call", started_at=started, import_job=job)
    ImportJob.objects.filter(pk=job.pk).update(created=1)
    _dead_run(job, seconds_ago=5)
    assert import_jobs_requeue() == 0  # still within IMPORT_STALE_SECONDS: alive as far as anyone knows
    assert import_job_run(job_id=job.pk).status == "running"  # a redelivered message does not start a second run

    _dead_run(job, seconds_ago=11)
    assert import_jobs_requeue() == 1  # eager here: the re-queued run happens at once
    job.refresh_from_db()
    assert (job.status, job.rows, job.created, job.duplicates, job.rejected) == ("done", 6, 5, 0, 1)
    assert Contact.objects.count() == 5
    assert not list((tmp_path / "imports").iterdir())


def test_a_job_that_keeps_dying_is_failed_not_retried_forever(org, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "imports").mkdir()
    upload = tmp_path / "imports" / "x-c.csv"
    upload.write_text("external_id,channel,started_at\n")
    job = ImportJob.objects.create(source="crm", file_path=str(upload), checksum="0" * 64, attempts=IMPORT_MAX_ATTEMPTS)
    _dead_run(job, seconds_ago=3600)
    assert import_jobs_requeue() == 0
    job.refresh_from_db()
    assert job.status == "failed" and "stopped 3 times" in job.error
    assert not upload.exists()


def test_a_stale_command_line_job_is_failed_and_its_file_kept(db, tmp_path):
    path = write_csv(tmp_path, row("c1"))
    job = ImportJob.objects.create(source="crm", file_path=path, checksum="0" * 64)
    _dead_run(job, seconds_ago=3600)
    assert import_jobs_requeue() == 0
    job.refresh_from_db()
    assert job.status == "failed" and "Run it again" in job.error
    assert (tmp_path / "contacts.csv").exists()


def test_the_watch_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["insights.import-jobs-watch"]
    assert entry["task"] == "insights.import_jobs_watch"
    assert entry["schedule"] <= settings.IMPORT_STALE_SECONDS
