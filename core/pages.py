"""How a server-rendered page reports a service's refusal: the API's handler, for forms.

Every page calls its service inside `service_errors(form)`. A `ValidationError` or a `DomainError` becomes the
form's errors, each next to the field it names (or at the top of the form when the field is not on it); a
`PermissionDenied` is left to Django, which answers 403 with the reason (`403.html`); a `Forbidden` domain error
becomes a `PermissionDenied` and a `NotFound` an `Http404`, as the API's handler answers them. The view then
re-renders the form with status 400.

    with service_errors(form):
        record = signoff_decline(...)
        return redirect(...)
    return render(request, template, {"form": form}, status=400)

Django (5.2) marks a field in error for screen readers itself (`aria-invalid`, `aria-describedby` pointing at the
`<id>_error` list), so templates that draw their own error list give it that id.
"""

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.errors import DomainError, Forbidden, NotFound

# Keys that name no one field: their messages go to the top of the form as they are.
PAGE_LEVEL = (NON_FIELD_ERRORS, DomainError.default_field, None)


class PageErrors(forms.Form):
    """A form with no fields, for pages whose inputs are not a Django form: every error is a page error.

    `service_labels` names, in the reader's words, the inputs a service may refuse (`{"share": "Center share"}`),
    as a form class may for the inputs it does not draw."""

    service_labels: Mapping[str, str] = {}

    def __init__(self, *, service_labels: Mapping[str, str] | None = None, **kwargs):
        super().__init__(data={}, **kwargs)
        self.service_labels = dict(service_labels or {})
        self.full_clean()

    @property
    def messages(self) -> list[str]:
        return list(self.non_field_errors())


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _labelled(form: forms.Form, field: str, message: str) -> str:
    """A message about an input the form does not draw, prefixed with its name when the form gives one in
    `service_labels`; else the message alone, since a service's messages are whole sentences (never a raw id)."""
    label = getattr(form, "service_labels", {}).get(field)
    return f"{label}: {message}" if label else _sentence(message)


def _problems(exc: ValidationError | DomainError) -> dict:
    if isinstance(exc, DomainError):
        return exc.as_dict()
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


def service_errors_into(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """Put a service's refusal on a bound form: field by field where the form has the field, else at the top."""
    form.errors  # noqa: B018 — cleans an unvalidated form first, so `add_error` has somewhere to write
    for field, messages in _problems(exc).items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
            elif field in PAGE_LEVEL:
                form.add_error(None, _sentence(message))
            else:
                form.add_error(None, _labelled(form, field, message))


def raise_as_http(exc: DomainError) -> None:
    """Answer a domain refusal that means "forbidden" or "not found" as Django does (403, 404), like the API."""
    if isinstance(exc, Forbidden):
        raise PermissionDenied(exc.message) from exc
    if isinstance(exc, NotFound):
        raise Http404(exc.message) from exc


@contextmanager
def service_errors(form: forms.Form) -> Iterator[forms.Form]:
    """Run a service call for a page; a refusal lands on `form` instead of escaping as a 500."""
    try:
        yield form
    except DomainError as exc:
        raise_as_http(exc)
        service_errors_into(form, exc)
    except ValidationError as exc:
        service_errors_into(form, exc)


def bad_request_page(request: HttpRequest, exc: ValidationError | DomainError) -> HttpResponse:
    """A page's answer to a query it cannot read (a period out of range): the site's page, the reason, 400."""
    page = PageErrors()
    service_errors_into(page, exc)
    return render(request, "400.html", {"problems": page.messages}, status=400)


CONFIRM_FLAG = "confirmed"
# Carried by the browser's own POST, never copied into the confirmation page.
NOT_CARRIED = ("csrfmiddlewaretoken", CONFIRM_FLAG)


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation page says and re-posts: `consequences` are whole sentences ("This e-mails 4 people.")."""

    heading: str
    consequences: list[str]
    action: str
    cancel_url: str
    label: str = "Confirm"
    fields: tuple[tuple[str, str], ...] = ()
    irreversible: bool = True
    danger: bool = False
    flag: str = CONFIRM_FLAG


def is_confirmed(request: HttpRequest) -> bool:
    """Whether this POST is the second step: the one sent from the confirmation page's button."""
    return request.method == "POST" and request.POST.get(CONFIRM_FLAG) == "yes"


def posted_fields(request: HttpRequest, *, skip: Iterable[str] = ()) -> tuple[tuple[str, str], ...]:
    """The POST's values (every value of a repeated name) to carry to the confirmation step as hidden fields."""
    left_out = {*NOT_CARRIED, *skip}
    return tuple((name, value) for name in request.POST for value in request.POST.getlist(name) if name not in left_out)


def confirmation_page(request: HttpRequest, confirmation: Confirmation, *, status: int = 200) -> HttpResponse:
    """A two-step POST without JavaScript: the form posts, the view validates and answers with this page, which
    says what will happen and re-posts the same values with a Confirm button; only that POST (`is_confirmed`)
    writes. Not cached, since the carried values may include what the person typed."""
    response = render(request, "core/confirm.html", {"confirm": confirmation}, status=status)
    response["Cache-Control"] = "no-store"
    return response


__all__ = [
    "Confirmation",
    "PageErrors",
    "bad_request_page",
    "confirmation_page",
    "is_confirmed",
    "posted_fields",
    "raise_as_http",
    "service_errors",
    "service_errors_into",
]
