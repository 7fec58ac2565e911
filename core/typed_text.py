"""Text people type goes through `scrub` in the service that stores it, and the person is told what was removed.

Every service that stores a free-text field a person wrote (an insight's title, a decline reason, an outcome's
method, ...) passes it through `scrub`, so the API, the pages, tasks and commands all store the same redacted
text. What `scrub` removes is added to the report of the current request (`RedactionReportMiddleware` opens
one): an API write answers with `"redactions": {"phone": 2}` (`RedactionReportingJSONRenderer`), a page that
saved and redirected shows "2 phone numbers were removed ..." as a message. A task or a command has no report;
the text is redacted all the same.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from rest_framework.renderers import JSONRenderer

from core.redaction import MARKS, redact_counted

_report: ContextVar[Counter | None] = ContextVar("redaction_report", default=None)

NOUNS = {
    "email": ("e-mail address", "e-mail addresses"),
    "phone": ("phone number", "phone numbers"),
    "card": ("payment card number", "payment card numbers"),
    "iban": ("bank account number (IBAN)", "bank account numbers (IBAN)"),
    "ssn": ("Social Security number", "Social Security numbers"),
    "ni_number": ("National Insurance number", "National Insurance numbers"),
}
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})


@contextmanager
def redactions_collected() -> Iterator[Counter]:
    """Collect, for the duration, how much personal data `scrub` removed: {"phone": 2, "email": 1}."""
    counts: Counter = Counter()
    token = _report.set(counts)
    try:
        yield counts
    finally:
        _report.reset(token)


def scrub(text: str | None) -> str:
    """`text` with its personal data replaced by marks ([PHONE], [EMAIL], ...); counted in the current report."""
    clean, counts = redact_counted(text or "")
    report = _report.get()
    if report is not None and counts:
        report.update(counts)
    return clean


def scrub_all(texts: Iterable[str]) -> list[str]:
    """`scrub` for each text of a list (an insight's customer quotes)."""
    return [scrub(text) for text in texts]


def redactions_describe(counts: Counter | dict) -> str:
    """ "2 phone numbers and 1 e-mail address were removed ..." in words a person reads after saving."""
    parts = []
    for kind in MARKS:
        if n := counts.get(kind, 0):
            parts.append(f"{n} {NOUNS[kind][0 if n == 1 else 1]}")
    if not parts:
        return ""
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    verb = "was" if len(parts) == 1 and parts[0].startswith("1 ") else "were"
    marks = ", ".join(MARKS[kind] for kind in MARKS if counts.get(kind))
    return (
        f"{listed} {verb} removed from what you wrote: personal data is not stored here. "
        f"The text now reads {marks} in their place; check that it still says what you meant."
    )


class RedactionReportMiddleware:
    """Opens a redaction report per request; a page that saved (redirected after a write) says what was removed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with redactions_collected() as counts:
            response = self.get_response(request)
        saved = request.method in WRITE_METHODS and 300 <= response.status_code < 400
        if counts and saved and hasattr(request, "_messages"):
            messages.warning(request, redactions_describe(counts))
        return response


class RedactionReportingJSONRenderer(JSONRenderer):
    """JSON, plus `"redactions": {"phone": 2}` on a successful write whose body is an object and whose typed
    text lost personal data."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        context = renderer_context or {}
        response, request = context.get("response"), context.get("request")
        counts = _report.get()
        if (
            counts
            and isinstance(data, dict)
            and request is not None
            and request.method in WRITE_METHODS
            and response is not None
            and response.status_code < 400
        ):
            data = {**data, "redactions": dict(counts)}
        return super().render(data, accepted_media_type, renderer_context)
