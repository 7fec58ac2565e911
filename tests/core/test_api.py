"""One error shape everywhere: {field: [messages]}, "detail" for what belongs to no field; one status table."""

import pytest
from django.db import IntegrityError
from kombu.exceptions import OperationalError

from core.api import exception_handler
from core.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable


def test_domain_error_names_its_field():
    response = exception_handler(DomainError("must be positive", field="amount"), {})
    assert response.status_code == 400
    assert response.data == {"amount": ["must be positive"]}


def test_conflict_is_409():
    response = exception_handler(Conflict("key reused"), {})
    assert response.status_code == 409
    assert response.data == {"detail": ["key reused"]}


def test_django_validation_error_keeps_field_names():
    from django.core.exceptions import ValidationError

    response = exception_handler(ValidationError({"title": ["required"], "__all__": ["bad"]}), {})
    assert response.status_code == 400
    assert response.data == {"title": ["required"], "detail": ["bad"]}


def test_integrity_error_without_a_constraint_name_is_not_swallowed():
    assert exception_handler(IntegrityError("boom"), {}) is None


def test_permission_denied_is_403_in_the_shape():
    from django.core.exceptions import PermissionDenied

    response = exception_handler(PermissionDenied("no"), {"request": None, "view": None})
    assert response.status_code == 403
    assert response.data == {"detail": ["no"]}


class LedgerishError(DomainError):
    """An app's own base: its errors answer 400 unless they are also a kind of refusal."""


class LedgerishConflict(LedgerishError, Conflict):
    pass


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (DomainError("no"), 400),
        (LedgerishError("no"), 400),
        (Conflict("no"), 409),
        (LedgerishConflict("no"), 409),
        (Forbidden("no"), 403),
        (NotFound("no"), 404),
        (Unavailable("no"), 503),
    ],
)
def test_each_domain_error_class_answers_its_status_from_the_one_table(error, status):
    response = exception_handler(error, {})
    assert response.status_code == status
    assert response.data == {"detail": ["no"]}


def test_domain_errors_carry_no_http_status():
    assert not hasattr(DomainError("no"), "status_code")


def test_a_broker_outage_that_escapes_a_view_is_503_naming_the_broker():
    response = exception_handler(OperationalError("Error 111 connecting to 127.0.0.1:1"), {})
    assert response.status_code == 503
    assert list(response.data) == ["broker"]


def test_import_queue_unavailable_keeps_its_503_and_field():
    from insights.services.imports import QueueUnavailable

    response = exception_handler(QueueUnavailable("The task queue is not answering"), {})
    assert response.status_code == 503
    assert response.data == {"broker": ["The task queue is not answering"]}
