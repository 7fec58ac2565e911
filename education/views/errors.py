"""Service errors shown on a form, the same way on every education page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from config.errors import DomainError


def form_errors_add(form: forms.Form, exc: ValidationError | DomainError) -> None:
    """Put a service's error on the form: on the field it names when the form has it, else above the form."""
    if isinstance(exc, DomainError):
        form.add_error(None, exc.message)
        return
    for field, messages_ in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
        form.add_error(field if field in form.fields else None, messages_)
