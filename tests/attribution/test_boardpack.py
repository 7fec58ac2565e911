"""The board pack: currency on every amount, its date and period, page numbers, the sections a board reads,
figures that link to their transactions, and nothing that needs colour to be read."""

import datetime as dt
import re
import subprocess
from decimal import Decimal

from django.core.management import call_command
from django.test import Client

from attribution.boardpack import SECTIONS, board_pack_html, board_pack_pdf
from attribution.services.anchors import chain_anchor_write
from core.periods import Period
from tests.attribution.factories import ImprovementFactory, OutcomeFactory, SignoffRecordFactory
from tests.insights.factories import InsightFactory

MONEY = r"-?[0-9][0-9,]*\.[0-9]{2}"


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "pack.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_board_pack_prints_the_latest_anchor(org):
    assert "No chain anchor has been written yet." in board_pack_html(period=Period.year(2026))
    SignoffRecordFactory()
    anchor = chain_anchor_write()
    html = board_pack_html(period=Period.year(2026))
    moment = anchor.created_at.astimezone(dt.UTC)
    when = f"{moment.day} {moment:%b %Y, %H:%M:%S}"  # the site's one way: "2 Dec 2026, 04:49:13"
    assert f"record #{anchor.sequence}" in html and anchor.record_hash in html and f"{when} UTC" in html


def _quarter(org):
    insight = InsightFactory(published=True, departments=[org.marketing], title="Refund form breaks on mobile")
    OutcomeFactory(department=org.marketing, amount="1234.56", day=dt.date(2026, 11, 3), insight=insight)
    OutcomeFactory(department=org.sales, unsecured=True, amount="65.44", day=dt.date(2026, 10, 7))
    ImprovementFactory(department=org.sales, title="Clearer renewal quotes", shipped_on=dt.date(2026, 11, 20))
    InsightFactory(published=True, departments=[org.sales], estimated_value=Decimal("5000.00"))


def test_the_pdf_reads_currency_date_period_page_numbers_and_every_section(org, tmp_path, settings):
    settings.CURRENCY = "EUR"
    _quarter(org)
    text = pdf_text(board_pack_pdf(period=Period.quarter(2026, 4)), tmp_path)
    for words in [
        "Top insights",
        "Refund form breaks on mobile",
        "Improvements shipped",
        "Clearer renewal quotes",
        "Value in the pipeline",
        "Partnership with other departments",
        "How the center runs",
        "Period: 1 Oct 2026 – 31 Dec 2026",
        "Amounts in EUR",
        "Generated ",
    ]:
        assert words in text, words
    assert re.search(r"Page 1 of (\d+)", text)
    pages = int(re.search(r"Page 1 of (\d+)", text).group(1))
    assert f"Page {pages} of {pages}" in text
    assert "€1,300.00" in text and "€1,234.56" in text and "€5,000.00" in text


def test_every_amount_carries_the_currency_and_links_to_its_transactions(org, settings):
    settings.CURRENCY = "EUR"
    settings.SITE_URL = "https://center.example"
    _quarter(org)
    html = board_pack_html(period=Period.quarter(2026, 4))
    value = html.split("<h2>How the center runs</h2>")[0]  # the competency sentences carry no money
    assert "Amounts in EUR" in value  # the code once, at the top; the symbol on every amount
    words = re.sub(r"<[^>]+>", " ", value)
    amounts = list(re.finditer(MONEY, words))
    assert len(amounts) >= 10
    for amount in amounts:
        assert words[amount.start() - 1] == "€", words[amount.start() - 8 : amount.end()]
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith("https://center.example/ledger/transactions/?") for link in links)
    assert "next=" not in "".join(links)  # a PDF has no page to go back to


def test_the_board_pack_needs_no_colour(org):
    _quarter(org)
    html = board_pack_html(period=Period.quarter(2026, 4))
    for colour in re.findall(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b", html):
        channels = [colour[i : i + 2] for i in (0, 2, 4)] if len(colour) == 6 else list(colour)
        assert len(set(channels)) == 1, f"#{colour} is a colour, not a grey"


def test_one_template_per_section(org):
    assert len(SECTIONS) == len(set(SECTIONS)) >= 8
    assert all(section.startswith("attribution/executive/board_pack/") for section in SECTIONS)


def test_the_command_and_the_page_serve_the_same_pack(org, tmp_path):
    _quarter(org)
    out = tmp_path / "cmd.pdf"
    call_command("board_pack", year=2026, quarter=4, out=str(out))
    client = Client()
    client.force_login(org.executive)
    served = client.get("/exec/board-pack/2026-Q4.pdf")
    assert served.status_code == 200
    command_text, page_text = pdf_text(out.read_bytes(), tmp_path), pdf_text(served.content, tmp_path)
    strip = lambda text: re.sub(r"Generated [^(]+", "", text)  # noqa: E731 (made a moment apart)
    assert strip(command_text) == strip(page_text)
