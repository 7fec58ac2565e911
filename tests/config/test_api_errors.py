"""One error shape everywhere: {field: [messages]}, "detail" for what belongs to no field."""

from django.db import IntegrityError

from config.api import exception_handler
from config.errors import Conflict, DomainError


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
