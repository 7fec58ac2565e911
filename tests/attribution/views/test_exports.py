"""Board pack PDF, exports and scorecards of the executive view."""

import csv
import datetime as dt
import io
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from tests.attribution.factories import OutcomeFactory

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_board_pack_holds_the_credited_totals(org, tmp_path):
    OutcomeFactory(department=org.marketing, amount="1234.56", day=dt.date(2026, 11, 3))
    OutcomeFactory(department=org.sales, unsecured=True, amount="65.44", day=dt.date(2026, 12, 1))
    resp = _login(org.executive).get("/exec/board-pack/2026-Q4.pdf")
    assert resp.status_code == 200 and resp["Content-Type"] == "application/pdf"
    text = _pdf_text(resp.content, tmp_path)
    assert "1,300.00" in text  # credited this period, thousands separated as on the page
    assert "1,234.56" in text and "65.44" in text
    assert "At risk: no signed record" in text


def test_board_pack_command_writes_the_pdf(org, tmp_path):
    OutcomeFactory(department=org.marketing, amount="42.00", day=dt.date(2026, 10, 3))
    out = tmp_path / "cmd.pdf"
    call_command("board_pack", year=2026, quarter=4, out=str(out), stdout=io.StringIO())
    assert "42.00" in _pdf_text(out.read_bytes(), tmp_path)


def test_exports_neutralise_formulas(org):
    OutcomeFactory(department=org.marketing, amount="10.00", day=dt.date(2026, 11, 3), category="=cmd|' /C calc'!A0")
    client = _login(org.executive)
    body = client.get("/exec/exports/ledger.csv?year=2026&quarter=4").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][1] == "10.00"
    xlsx = client.get("/exec/exports/ledger.xlsx?year=2026&quarter=4")
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert ws["A2"].value == "'=cmd|' /C calc'!A0" and ws["A2"].data_type == "s"
    assert ws["B2"].value == 10.0


def test_scorecards_export_and_permissions(org):
    org.marketing.name = '=HYPERLINK("http://x")'
    org.marketing.save()
    from tests.attribution.factories import SignoffRequestFactory

    SignoffRequestFactory(
        department=org.marketing, signed=True, days=3, created=timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    )
    SignoffRequestFactory(department=org.marketing, created=timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0)))
    body = _login(org.executive).get("/exec/exports/scorecards.csv?year=2026").content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["Department", "Insights received", "Signed"]
    assert rows[1][:3] == ['\'=HYPERLINK("http://x")', "2", "1"]
    assert rows[1][6] == "3.0"
    xlsx = _login(org.executive).get("/exec/exports/scorecards.xlsx?year=2026")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["Department", "Insights received", "Signed"]
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")' and sheet["A2"].data_type == "s"
    assert (sheet["B2"].value, sheet["C2"].value, sheet["G2"].value) == (2, 1, 3.0)
    assert sheet["B2"].data_type == "n"
    assert _login(org.marketing_member).get("/exec/exports/scorecards.csv").status_code == 403
    assert _login(org.marketing_member).get("/exec/board-pack/2026-Q4.pdf").status_code == 403


def test_board_pack_chart_is_tall_enough_for_every_month_and_labels_each_bar(org):
    import re

    from attribution.boardpack import board_pack_html
    from attribution.selectors.ledger import Period

    OutcomeFactory(department=org.marketing, amount="1234.56", day=dt.date(2026, 11, 3))
    html = board_pack_html(period=Period.year(2026))
    svg = re.search(r'<svg width="560" height="(\d+)"', html)
    bars = re.findall(r'<rect x="90" y="(\d+)"[^>]* height="22"', html)
    assert len(bars) == 12  # a bar per month of the year
    assert int(svg.group(1)) >= max(int(y) for y in bars) + 22  # the last bar is inside the chart
    assert "1,234.56" in html  # the bar carries its value
