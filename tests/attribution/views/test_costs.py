"""/exec/costs/: the lead records the center's monthly cost on a page; wrong input keeps what was typed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from attribution.models import CenterCost

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_lead_records_a_month_and_sees_it_listed(org):
    page = _login(org.lead)
    response = page.post("/exec/costs/", {"month": "2026-10", "amount": "48000.00", "note": "Staff and systems"})
    assert response.status_code == 302
    assert CenterCost.objects.get().amount == Decimal("48000.00")
    html = page.get("/exec/costs/").content.decode()
    assert "October 2026" in html and "48,000.00" in html and "Staff and systems" in html


def test_wrong_input_is_a_400_naming_the_field_and_keeps_the_input(org):
    response = _login(org.lead).post("/exec/costs/", {"month": "2026-10", "amount": "1,000", "note": "kept"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "not an amount" in html and 'value="1,000"' in html and "kept" in html
    assert not CenterCost.objects.exists()


def test_executives_read_the_months_but_have_no_form_and_cannot_post(org):
    CenterCost.objects.create(month=dt.date(2026, 9, 1), amount=10, currency="USD", recorded_by=org.lead)
    page = _login(org.executive)
    html = page.get("/exec/costs/").content.decode()
    assert "September 2026" in html and "Record a month's cost" not in html
    assert page.post("/exec/costs/", {"month": "2026-10", "amount": "1"}).status_code == 403
    assert _login(org.marketing_member).get("/exec/costs/").status_code == 403
