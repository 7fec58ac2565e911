"""Schemathesis over the whole `/api/schema/`, on the demo data, as a lead, a department member and an executive:
no operation answers 500, and every answer (status, content type, body) is one the schema documents.

Each operation gets a bounded number of generated examples, valid ones on the demo's real ids and deliberately
invalid ones, so the run stays within a few minutes on two cores. `/api/auth/` runs in a test of its own with
the login lockout and the token throttle switched off: fuzzing it as part of the whole would lock the run out and
could revoke the token the run uses; the lockout and throttle have their own tests.
"""

import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.core.demo_world import demo_world, routes  # noqa: F401 (demo_world is a fixture)

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 10  # per generation mode: valid and invalid
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
LEFT_OUT = "^/api/auth/"


@pytest.fixture(params=["lead", "member", "executive"])
def role(request) -> str:
    return request.param


@pytest.fixture
def token(demo_world, role, settings) -> str:  # noqa: F811
    """The demo user's API token, asked for as a client would."""
    login = Client().post("/api/auth/token/", {"email": demo_world[role].email, "password": settings.DEMO_PASSWORD})
    assert login.status_code == 200, login.content
    return login.json()["token"]


@pytest.fixture
def served(token, settings):
    """The real WSGI application, keeping the test's one database transaction open across its requests (as
    Django's test client does; it reconnects the signals after each of its own requests, so it is not used here)."""
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _check_operation(operation, *, mode, headers: dict, path_parameters: dict | None, counter: list) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters))
    def check(case):
        counter.append(1)
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_answers_as_documented(served, token, role):
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema = schema.exclude(path_regex=LEFT_OUT)
    schema.app = served
    headers = {"Authorization": f"Token {token}"}
    real_ids = {route.openapi_path: route.openapi_kwargs for route in routes() if route.kwargs}
    failures, examples, operations, started = [], [], 0, time.monotonic()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode, ids in ((GenerationMode.POSITIVE, real_ids.get(operation.path)), (GenerationMode.NEGATIVE, None)):
            try:
                _check_operation(operation, mode=mode, headers=headers, path_parameters=ids, counter=examples)
            except Unsatisfiable:  # an operation without parameters or body has nothing to make invalid
                continue
            except (Exception, BaseExceptionGroup) as exc:  # every failing operation is reported, not the first only
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {str(exc)[:1500]}")
    print(f"{role}: {operations} operations, {len(examples)} examples, {time.monotonic() - started:.0f} s")
    assert operations >= 45
    assert not failures, f"{len(failures)} operations failed:\n" + "\n\n".join(failures)


def test_the_auth_operations_answer_as_documented_too(demo_world, settings):  # noqa: F811
    """`/api/auth/` on its own, with the lockout and the token throttle out of the way (their own tests cover
    them): wrong credentials, malformed bodies and unknown token ids are answered as the schema says."""
    settings.AXES_ENABLED = False
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": "100000/min"}}
    login = Client().post("/api/auth/token/", {"email": demo_world["lead"].email, "password": settings.DEMO_PASSWORD})
    token = login.json()["token"]
    schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    schema = schema.include(path_regex=LEFT_OUT)
    schema.app = application
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    failures, examples, operations = [], [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _check_operation(
                    operation,
                    mode=mode,
                    headers={"Authorization": f"Token {token}"},
                    path_parameters=None,
                    counter=examples,
                )
            except Unsatisfiable:
                continue
            except (Exception, BaseExceptionGroup) as exc:
                failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {str(exc)[:1500]}")
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    assert operations >= 3
    assert not failures, f"{len(failures)} operations failed:\n" + "\n\n".join(failures)
