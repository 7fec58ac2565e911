"""The gate every query string passes, and the integer fields that read ids and counts.

A value the database cannot store (a NUL byte) or that carries a control character is refused with 400 naming the
parameter before any view parses it, for the API (the one error shape) and for pages (the site's 400 page).
Python's int() (so Django's and DRF's IntegerField) reads any Unicode digits (`٢٠٢٦` is 2026); the fields here
read ASCII digits only, so an id means the same to the form, the URL and the database.
"""

import re
from collections.abc import Callable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from rest_framework import serializers

from core.pages import bad_request_page

# C0 control characters but tab, newline and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")
ASCII_INTEGER_MESSAGE = "Give a whole number in the digits 0-9."


def query_problems(params: Mapping[str, str]) -> dict[str, list[str]]:
    """{parameter: [message]} for every query parameter whose name or value holds a control character."""
    problems: dict[str, list[str]] = {}
    for name, values in params.lists():
        if _CONTROL.search(name):
            problems["detail"] = ["A query parameter's name holds a control character."]
        elif any(_CONTROL.search(value) for value in values):
            problems[name] = [f"The query parameter {name!r} holds a control character (such as a NUL byte)."]
    return problems


class QueryGuardMiddleware:
    """Refuse a query string with control characters: 400 naming the parameter, JSON for the API."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problems = query_problems(request.GET)
        if not problems:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse(problems, status=400)
        return bad_request_page(request, ValidationError(problems))


def is_ascii_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) or bool(_ASCII_INTEGER.fullmatch(str(value).strip()))


class AsciiIntegerField(forms.IntegerField):
    """A form's IntegerField that refuses digits other than 0-9."""

    def to_python(self, value):
        if value not in self.empty_values and not is_ascii_integer(value):
            raise ValidationError(ASCII_INTEGER_MESSAGE, code="invalid")
        return super().to_python(value)


class AsciiIntegerSerializerField(serializers.IntegerField):
    """A serializer's IntegerField that refuses digits other than 0-9."""

    def to_internal_value(self, data):
        if not is_ascii_integer(data):
            raise serializers.ValidationError(ASCII_INTEGER_MESSAGE, code="invalid")
        return super().to_internal_value(data)
