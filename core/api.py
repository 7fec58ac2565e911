"""API plumbing shared by every app: pagination and the one error shape (field -> list of messages).

`exception_handler` is the one place an error becomes an HTTP status: `STATUS_OF` maps domain error classes
(first match wins, so subclasses come before their bases), Django's own errors and named constraints follow.
"""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from kombu.exceptions import OperationalError as BrokerUnavailable
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import Conflict, DomainError, Forbidden, NotFound, Unavailable

STATUS_OF: tuple[tuple[type[DomainError], int], ...] = (
    (Conflict, status.HTTP_409_CONFLICT),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Unavailable, status.HTTP_503_SERVICE_UNAVAILABLE),
    (DomainError, status.HTTP_400_BAD_REQUEST),
)


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _field_messages(data: Any) -> dict[str, Any]:
    """Normalise any DRF/Django error payload to {field: [messages]} ("detail" for non-field errors)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key == "__all__":
                key = "detail"
            if isinstance(value, dict):
                out[key] = _field_messages(value)
            elif isinstance(value, list | tuple):
                out[key] = [v if isinstance(v, dict) else str(v) for v in value]
            else:
                out[key] = [str(value)]
        return out
    if isinstance(data, list | tuple):
        return {"detail": [str(v) for v in data]}
    return {"detail": [str(data)]}


def constraint_name(exc: IntegrityError) -> str | None:
    """The name of the database constraint an IntegrityError broke, when the driver reports it."""
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) if diag else None


def domain_error_status(exc: DomainError) -> int:
    """The HTTP status a domain error answers with: its first class in `STATUS_OF`."""
    return next(code for cls, code in STATUS_OF if isinstance(exc, cls))


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=domain_error_status(exc))
    if isinstance(exc, DjangoValidationError):
        data = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(_field_messages(data), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, BrokerUnavailable):
        message = "The task queue is not answering. Try again in a minute; /healthz names what is down."
        return Response({"broker": [message]}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, IntegrityError):
        name = constraint_name(exc)
        if name is None:
            return None
        return Response(
            {"detail": [f"This conflicts with a record already stored ({name})."], "constraint": [name]},
            status=status.HTTP_409_CONFLICT,
        )
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _field_messages(response.data)
    return response


# The one error shape, as the schema documents it: {field: [messages]}, "detail" for what concerns no field. A
# batch names its rows, so a value may be a list of such objects or an object of its own.
ERROR_SCHEMA = {
    "type": "object",
    "description": "Each key names a field (or `detail`); its value lists the messages about it.",
    "additionalProperties": {"anyOf": [{"type": "array", "items": {}}, {"type": "object"}]},
    "example": {"year": ["Give a year from 2000 to 2999, e.g. 2026."]},
}
ERROR_STATUSES = {
    "400": "A parameter or field was refused; the body names it.",
    "401": "No valid credentials were given.",
    "403": "The caller's role does not allow this.",
    "404": "No such record, or not one the caller may see.",
}
WRITE_ERROR_STATUSES = {
    "409": "The request conflicts with a record already stored; the body names the constraint.",
    "415": "The body is not in a media type this operation reads.",
    "503": "A service this request needs (the task queue) is not answering; try again.",
}


def error_responses_hook(result: dict, generator: Any, request: Any, public: bool) -> dict:
    """Spectacular postprocessing: document the error shape on every operation, and 409/415/503 on every write."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            statuses = ERROR_STATUSES | (WRITE_ERROR_STATUSES if method in {"post", "put", "patch", "delete"} else {})
            for code, description in statuses.items():
                operation["responses"].setdefault(code, {"description": description, "content": error})
    return result


def not_found(request: Any, exception: Exception) -> Any:
    """Django's 404 for a URL no route matches: the error shape under /api/, the site's page elsewhere."""
    from django.http import JsonResponse
    from django.views.defaults import page_not_found

    if request.path.startswith("/api/"):
        return JsonResponse({"detail": ["Not found."]}, status=404)
    return page_not_found(request, exception)
