"""`department_scorecards`: one definition of each department's record, with one period semantics, served
to the dashboard, the summary API, the board pack, the exports and the sign-off overview alike."""

import csv
import datetime as dt
import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from attribution.models import ActionCommitment
from attribution.presenters.executive import SCORECARD_PERIOD_SENTENCE
from attribution.selectors.signoffs import department_scorecards
from tests.attribution.factories import SignoffRequestFactory

pytestmark = pytest.mark.django_db

Q3 = {"start": dt.date(2026, 7, 1), "end": dt.date(2026, 10, 1)}
Q4 = {"start": dt.date(2026, 10, 1), "end": dt.date(2027, 1, 1)}


def _at(month: int, day: int, hour: int = 9):
    return timezone.make_aware(dt.datetime(2026, month, day, hour, 0))


@pytest.fixture
def marketing_record(org):
    """Marketing received one request in Q3 (signed in Q4, 15 days later) and five in Q4."""
    return {
        "q3_signed": SignoffRequestFactory(department=org.marketing, signed=True, created=_at(9, 20), days=15),
        "signed": SignoffRequestFactory(department=org.marketing, signed=True, created=_at(11, 2), days=3),
        "pinky": SignoffRequestFactory(department=org.marketing, pinky_sworn=True, created=_at(11, 1)),
        "declined": SignoffRequestFactory(department=org.marketing, declined=True, created=_at(11, 10), days=1),
        "pending": SignoffRequestFactory(department=org.marketing, created=_at(11, 12)),
        "superseded": SignoffRequestFactory(department=org.marketing, superseded=True, created=_at(11, 3)),
    }


def _card(cards: list[dict], slug: str) -> dict:
    return next(c for c in cards if c["slug"] == slug)


def test_a_request_counts_in_the_period_it_was_received_with_its_answer_whenever_it_came(org, marketing_record):
    q4 = _card(department_scorecards(**Q4), "marketing")
    assert {k: q4[k] for k in ("received", "signed", "pinky_sworn", "declined", "pending")} == {
        "received": 4,
        "signed": 1,
        "pinky_sworn": 1,
        "declined": 1,
        "pending": 1,
    }
    assert q4["received"] == q4["signed"] + q4["pinky_sworn"] + q4["declined"] + q4["pending"]
    assert q4["median_days_to_sign"] == 3.0
    q3 = _card(department_scorecards(**Q3), "marketing")  # signed in October, received in September
    assert (q3["received"], q3["signed"], q3["pending"], q3["median_days_to_sign"]) == (1, 1, 0, 15.0)
    assert _card(department_scorecards(**Q4), "sales")["received"] == 0


def test_actions_on_time_counts_only_actions_that_have_come_due(org, marketing_record):
    today = timezone.localdate()
    request = marketing_record["signed"]

    def action(due_in: int, status="open", done_in=None, reason=""):
        ActionCommitment.objects.create(
            request=request,
            department=org.marketing,
            description="Fix the form",
            owner=org.marketing_member,
            due_on=today + timedelta(days=due_in),
            status=status,
            done_on=None if done_in is None else today + timedelta(days=done_in),
            drop_reason=reason,
            created_by=org.marketing_signatory,
        )

    action(0, "done", done_in=-1)  # done before its due date
    action(-5, "done", done_in=-2)  # done three days late
    action(-1)  # open and past due
    action(10)  # open, not due yet: neither on time nor late
    action(3, "done", done_in=0)  # done early, though not yet due
    card = _card(department_scorecards(**Q4), "marketing")
    assert (card["actions"], card["actions_overdue"], card["actions_on_time_pct"]) == (5, 1, 50.0)
    ActionCommitment.objects.exclude(due_on=today + timedelta(days=10)).delete()
    assert _card(department_scorecards(**Q4), "marketing")["actions_on_time_pct"] is None


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_every_surface_shows_the_same_scorecards(org, marketing_record, api_as, tmp_path):
    expected = department_scorecards(**Q4)
    row = _card(expected, "marketing")
    figures = [row[k] for k in ("received", "signed", "pinky_sworn", "declined", "pending")]
    figures += [row["median_days_to_sign"]]

    assert api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()["partnership"] == expected

    client = _login(org.executive)
    rows = list(csv.reader(io.StringIO(client.get("/exec/exports/scorecards.csv?year=2026&quarter=4").text)))
    assert rows[1][:7] == ["Marketing", *(str(f) for f in figures)]
    sheet = load_workbook(io.BytesIO(client.get("/exec/exports/scorecards.xlsx?year=2026&quarter=4").content)).active
    assert [c.value for c in sheet[2]][:7] == ["Marketing", *figures]

    page = client.get("/exec/?year=2026&quarter=4").text
    assert SCORECARD_PERIOD_SENTENCE in page
    cells = re.search(r'<th scope="row">Marketing</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r">([\d.]+)<", cells)[:6] == [str(f) for f in figures]

    overview = client.get("/signoffs/overview/?year=2026&quarter=4").text
    assert SCORECARD_PERIOD_SENTENCE in overview
    cells = re.search(r'<th scope="row">Marketing</th>(.*?)</tr>', overview, re.S).group(1)
    assert re.findall(r">([\d.]+)<", cells)[:6] == [str(f) for f in figures]

    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(client.get("/exec/board-pack/2026-Q4.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Marketing\s+" + r"\s+".join(re.escape(str(f)) for f in figures), text), text


def test_a_dashboard_count_links_to_exactly_the_requests_it_counts(org, marketing_record):
    client = _login(org.executive)
    page = client.get("/exec/?year=2026&quarter=4").text
    cells = re.search(r'<th scope="row">Marketing</th>(.*?)</tr>', page, re.S).group(1)
    href = re.search(r'href="([^"]+status=signed)">1<', cells).group(1).replace("&amp;", "&")
    listed = client.get(href).text.split("<h2>Requests</h2>", 1)[1]
    received_on = re.findall(r"<td>(\d+ \w{3} 2026)</td><td>\d+ \w{3} \d{4}</td>", listed)  # received, then due
    assert received_on == ["2 Nov 2026"]  # the September request signed in October belongs to Q3


def test_every_partnership_figure_on_the_dashboard_is_a_link(org, marketing_record):
    client = _login(org.executive)
    page = client.get("/exec/?year=2026&quarter=4").text
    cells = re.findall(r"<td>(.*?)</td>", re.search(r'<th scope="row">Marketing</th>(.*?)</tr>', page, re.S).group(1))
    assert len(cells) == 7
    for cell in cells:
        assert cell == "–" or cell.startswith('<a href="'), cell
    for href in re.findall(r'href="([^"]+)"', "".join(cells)):
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href
