"""Request ids on every log line: an incoming `X-Request-ID` is kept when it is safe, else one is made up.

django-structlog's middleware binds the id for the request's log lines and its celery integration carries it to
the tasks queued during the request (a task header); this module only decides which id that is and echoes it.
"""

import re
import uuid

import structlog
from django_structlog.middlewares import RequestMiddleware

REQUEST_ID_HEADER = "X-Request-ID"
# Letters, digits and the punctuation of UUIDs and common tracing ids; bounded so no caller can flood the logs.
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}")


def request_id_accept(*, value: str | None) -> str:
    """The caller's request id if it is short and made of safe characters, otherwise a new random one."""
    if value and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return str(uuid.uuid4())


class RequestIdMiddleware(RequestMiddleware):
    """django-structlog's request logging, fed a sanitised `X-Request-ID` and answering with the id it used."""

    def prepare(self, request) -> None:
        request.request_id = request_id_accept(value=request.META.get("HTTP_X_REQUEST_ID"))
        # django-structlog reads the header through request.headers, which caches META on first use.
        request.META["HTTP_X_REQUEST_ID"] = request.request_id
        request.__dict__.pop("headers", None)
        super().prepare(request)

    def handle_response(self, request, response) -> None:
        response[REQUEST_ID_HEADER] = request.request_id
        super().handle_response(request, response)

    @classmethod
    def bind_ip(cls, request) -> None:
        # X-Forwarded-For is the client's to write: believe it only through TRUSTED_PROXY_COUNT proxies.
        from core.net import client_ip

        structlog.contextvars.bind_contextvars(ip=client_ip(request))
