"""Log settings: JSON lines in production, readable key=value lines in debug, an unknown LOG_FORMAT refused."""

import json

import pytest

from tests.config.test_settings import run_python

POSTGRES = "postgres://postgres@127.0.0.1:5432/centerstage"
LOG_A_LINE = (
    "import django, logging, structlog; django.setup(); "
    "structlog.contextvars.bind_contextvars(request_id='trace-me-123'); "
    "logging.getLogger('insights.services').warning('job %s failed', 7)"
)


@pytest.fixture(autouse=True)
def _no_log_settings_from_outside(monkeypatch):
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.delenv("LOG_LEVEL", raising=False)


def test_production_writes_one_json_object_a_line_with_the_request_id():
    result = run_python(LOG_A_LINE, DATABASE_URL=POSTGRES, DEBUG="0", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(ln) for ln in result.stderr.splitlines() if ln.startswith("{")]
    [line] = [ln for ln in lines if ln["logger"] == "insights.services"]  # apps may log as they start (axes does)
    assert line["event"] == "job 7 failed"
    assert (line["request_id"], line["level"], line["logger"]) == ("trace-me-123", "warning", "insights.services")
    assert "timestamp" in line


def test_debug_writes_readable_key_value_lines():
    result = run_python(LOG_A_LINE, DATABASE_URL=POSTGRES, DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "job 7 failed" in result.stderr
    assert "request_id=trace-me-123" in result.stderr
    assert not result.stderr.lstrip().startswith("{")


def test_log_format_json_can_be_asked_for_in_debug_too():
    result = run_python(LOG_A_LINE, DATABASE_URL=POSTGRES, DEBUG="1", LOG_FORMAT="json")
    assert json.loads(result.stderr.strip().splitlines()[-1])["request_id"] == "trace-me-123"


def test_an_unknown_log_format_stops_start_up_naming_the_variable():
    result = run_python(LOG_A_LINE, DATABASE_URL=POSTGRES, LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be json or console" in result.stderr
