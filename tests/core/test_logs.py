"""Request ids: one id on every log line of the request and of the worker task it queued, echoed in X-Request-ID."""

import json
import logging
import time
import uuid

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from core.logs import request_id_accept
from insights.models import ImportJob
from insights.services.imports import COLUMNS

IMPORT_TASK = "insights.import_job_run"
ROW = "c1,call,2026-01-05T10:00:00Z,billing,12,300,false,billing_dispute,true,5,9,0.5,hello,C1,10"


class JsonLines(logging.Handler):
    """Formats each record with the production JSON formatter, in the thread that logged it, and keeps the dicts."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        options = dict(settings.LOGGING["formatters"]["json"])
        self.setFormatter(options.pop("()")(**options))
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def log_lines():
    root = logging.getLogger()
    handler, level = JsonLines(), root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(level)


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


@pytest.mark.parametrize("value", ["trace-me-123", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "Root=1-5f84c7a6-abc"])
def test_a_safe_incoming_request_id_is_kept(value):
    assert request_id_accept(value=value) == value


@pytest.mark.parametrize("value", [None, "", "x" * 129, "a b", "evil\nlevel=error", "<script>", "id\x00", "-lead"])
def test_a_missing_or_hostile_request_id_is_replaced_by_a_new_one(value):
    assert is_uuid(request_id_accept(value=value))


def test_the_response_echoes_the_request_id_and_every_line_of_the_request_carries_it(org, api_as, log_lines):
    response = api_as(org.analyst).get("/api/imports/", HTTP_X_REQUEST_ID="trace-me-123")
    assert response["X-Request-ID"] == "trace-me-123"
    events = {line["event"]: line for line in log_lines if line.get("request_id") == "trace-me-123"}
    assert {"request_started", "request_finished"} <= events.keys()
    assert events["request_finished"]["code"] == 200


def test_a_hostile_request_id_is_replaced_by_a_generated_one_in_the_response_and_the_logs(db, api, log_lines):
    hostile = "x\r\nSet-Cookie: a=b" + "y" * 300
    response = api.get("/api/imports/", HTTP_X_REQUEST_ID=hostile)
    request_id = response["X-Request-ID"]
    assert is_uuid(request_id)
    assert not any(hostile in json.dumps(line) for line in log_lines)
    assert any(line["event"] == "request_finished" and line["request_id"] == request_id for line in log_lines)


def test_without_a_header_each_request_gets_its_own_id(db, api):
    first, second = api.get("/api/imports/")["X-Request-ID"], api.get("/api/imports/")["X-Request-ID"]
    assert is_uuid(first) and is_uuid(second) and first != second


@pytest.mark.worker
def test_one_import_is_traced_from_upload_to_worker_by_its_request_id(live_worker, org, api_as, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    root = logging.getLogger()
    handler, level = JsonLines(), root.level  # after the worker started: it configures logging as it boots
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        upload = SimpleUploadedFile("c.csv", f"{','.join(COLUMNS)}\n{ROW}\n".encode(), content_type="text/csv")
        response = api_as(org.analyst).post(
            "/api/imports/", {"file": upload, "source": "crm"}, format="multipart", HTTP_X_REQUEST_ID="trace-me-123"
        )
        assert response.status_code == 202, response.content
        assert response["X-Request-ID"] == "trace-me-123"
        job = ImportJob.objects.get(pk=response.json()["id"])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status == ImportJob.Status.DONE and any(ln["event"] == "task_succeeded" for ln in handler.lines):
                break
            time.sleep(0.2)
        else:
            pytest.fail(f"the import did not finish within 60 seconds (status {job.status})")
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = handler.lines
    web = [ln for ln in lines if ln["logger"] == "django_structlog.middlewares.request"]
    queued = [ln for ln in lines if ln["event"] == "task_enqueued" and ln["child_task_name"] == IMPORT_TASK]
    task_id = queued[0]["child_task_id"]
    worker = [ln for ln in lines if ln.get("task_id") == task_id and ln["event"] in ("task_started", "task_succeeded")]
    assert {ln["event"] for ln in web} == {"request_started", "request_finished"}
    assert {ln["event"] for ln in worker} == {"task_started", "task_succeeded"}
    assert {ln.get("request_id") for ln in web + queued + worker} == {"trace-me-123"}
    # Plain stdlib loggers in the worker (Celery's own here) carry the id too, through the formatter's pre-chain.
    trace = [ln for ln in lines if ln["logger"] == "celery.app.trace" and task_id in ln["event"]]
    assert trace and {ln.get("request_id") for ln in trace} == {"trace-me-123"}
