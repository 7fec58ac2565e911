"""No query value crashes the service: every URL (API and page) × every query parameter its view reads × hostile
values answers below 500, for a center lead and for a department member.

Which parameters a view reads is observed, not listed: the request's GET is a QueryDict that records every name
looked up, first with no query and then with every name the project uses set to a harmless value.
"""

import pytest
from django.core.handlers import wsgi
from django.http import QueryDict
from django.test import Client

from tests.core.demo_world import demo_world, routes  # noqa: F401

pytestmark = pytest.mark.django_db

HOSTILE = [
    "2026\x00",
    "٢٠٢٦",  # Arabic-Indic digits: int() takes them, the database and the URLs do not
    "99999999999999999999",
    "0",
    "-1",
    "2026-02-30",
    "1e309",
    "x" * 300,
]
# Names used by some view somewhere; set all at once to learn which ones a view reads only when others are given.
EVERY_NAME = {
    "year": "2026", "quarter": "1", "start": "2026-01-01", "end": "2026-03-31", "channel": "phone",
    "queue": "billing", "interval": "day", "reason_code": "billing", "signal": "volume", "status": "open",
    "department": "marketing", "category": "cost", "q": "bill", "ordering": "-created_at", "page": "1",
    "page_size": "10", "group_by": "department", "overdue": "true", "insight": "1", "account": "revenue",
    "kind": "outcome", "date": "2026-01-01", "month": "2026-01-01", "contacts": "100", "interval_minutes": "30",
    "aht_seconds": "300", "target_seconds": "20", "target_percent": "80", "target_service_level": "0.8",
    "shrinkage_percent": "30", "agents": "10", "max_agents": "50", "code": "x", "hash": "x", "token": "x",
}  # fmt: skip
ROLES = ["lead", "member"]


class _RecordingQueryDict(QueryDict):
    read: set[str] = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        # Serializers ask `name in data` for each of their fields. Only an empty query counts: with every name
        # given, code that walks the whole query would look as if it read every name.
        if not self:
            self.read.add(key)
        return super().__contains__(key)


def _names_read(client: Client, path: str, monkeypatch) -> set[str]:
    _RecordingQueryDict.read = set()
    monkeypatch.setattr(wsgi, "QueryDict", _RecordingQueryDict)
    try:
        client.get(path)
        client.get(path, EVERY_NAME)
    finally:
        monkeypatch.setattr(wsgi, "QueryDict", QueryDict)
    return set(_RecordingQueryDict.read)


def _crashes(client: Client, path: str, params: dict) -> str | None:
    try:
        response = client.get(path, params)
    except Exception as exc:  # the test client re-raises what the handler would have turned into a 500
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    return None if response.status_code < 500 else f"HTTP {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_no_query_value_makes_a_server_error(demo_world, role, monkeypatch):  # noqa: F811
    client = Client(raise_request_exception=True)
    client.force_login(demo_world[role])
    failures, tried = [], 0
    for route in routes():
        for name in sorted(_names_read(client, route.path, monkeypatch)):
            for value in HOSTILE:
                tried += 1
                crash = _crashes(client, route.path, {name: value})
                if crash:
                    failures.append(f"{route.path}?{name}={value[:24]!r}: {crash}")
    print(f"{role}: {len(routes())} URLs, {tried} hostile queries, {len(failures)} server errors")
    assert tried > 500, "the walk should reach hundreds of parameter values"
    assert not failures, f"{len(failures)} of {tried} hostile queries crashed:\n" + "\n".join(failures)


def test_ids_in_paths_out_of_range_or_zero_are_not_found(demo_world):  # noqa: F811
    client = Client(raise_request_exception=True)
    client.force_login(demo_world["lead"])
    failures = []
    for route in routes():
        if "<int:" not in route.pattern:
            continue
        for number in ("0", "99999999999999999999"):
            path = route.pattern.replace("<int:pk>", number).replace("<int:insight_id>", number)
            path = path.replace("<int:issue_id>", number).replace("<int:question_id>", number)
            path = "/" + path.replace("<int:year>", number).replace("<int:quarter>", number)
            crash = _crashes(client, path, {})
            if crash:
                failures.append(f"{path}: {crash}")
    assert not failures, "\n".join(failures)
