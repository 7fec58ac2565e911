"""The query gate and the ASCII-only integer fields."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework import serializers

from core.query import AsciiIntegerField, AsciiIntegerSerializerField


def test_python_reads_arabic_indic_digits_so_the_fields_must_refuse_them():
    assert int("٢٠٢٦") == 2026  # why the fields below exist
    with pytest.raises(ValidationError):
        AsciiIntegerField().clean("٢٠٢٦")
    with pytest.raises(serializers.ValidationError):
        AsciiIntegerSerializerField().run_validation("٢٠٢٦")
    assert AsciiIntegerField().clean("2026") == 2026
    assert AsciiIntegerSerializerField().run_validation("2026") == 2026
    assert AsciiIntegerSerializerField().run_validation(7) == 7


def test_a_nul_byte_in_a_query_is_refused_naming_the_parameter(org, client):
    client.force_login(org.lead)
    api = client.get("/api/insights/", {"q": "bill\x00"})
    assert api.status_code == 400
    assert list(api.json()) == ["q"]
    page = client.get("/insights/", {"category": "\x00"})
    assert page.status_code == 400
    assert b"category" in page.content


def test_an_impossible_day_is_refused_naming_the_parameter(org, client):
    client.force_login(org.lead)
    response = client.get("/api/contacts/", {"start": "2026-02-30"})
    assert response.status_code == 400
    assert list(response.json()) == ["start"]


def test_a_non_ascii_insight_id_in_the_ledger_query_is_refused(org, client):
    client.force_login(org.lead)
    response = client.get("/api/ledger/transactions/", {"insight": "٢"})
    assert response.status_code == 400
    assert list(response.json()) == ["insight"]
