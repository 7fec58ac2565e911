"""The executive view: value first, figures equal the ledger selector, constant query count, plain words."""

import datetime as dt
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client

from attribution.selectors.ledger import Period, ledger_balances
from insights.plain_language import jargon_findings
from tests.attribution.factories import OutcomeFactory
from tests.insights.factories import contacts_imported

pytestmark = pytest.mark.django_db

# Stand-in for insights/plain_language.py (issue 5): contact-center jargon an executive should not meet.


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("abbr", "script", "style", "title"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("abbr", "script", "style", "title"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _VisibleText()
    p.feed(html)
    return " ".join(p.parts)


def _login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


GROWTH, EFF = "financial_growth", "efficiency"


def _seed(org, n: int):
    for i in range(n):
        # December's on the 1st: an outcome is recorded once its period has ended
        day = dt.date(2026, 10 + i % 3, 1 if i % 3 == 2 else 5)
        OutcomeFactory(department=org.marketing, amount="100.00", day=day, category=GROWTH)
        OutcomeFactory(department=org.sales, unsecured=True, amount="40.00", day=dt.date(2026, 11, 5), category=EFF)
    OutcomeFactory(department=org.sales, disputed=True, amount="7.50", day=dt.date(2026, 12, 1))


def test_summary_figures_equal_ledger_balances(org, api_as):
    _seed(org, 3)
    body = api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()
    rows = ledger_balances(period=Period.quarter(2026, 4), group_by="account")
    secured = sum(r["secured"] for r in rows)
    assert secured == Decimal("300.00")
    assert Decimal(str(body["value"]["period"]["secured"])) == secured
    assert Decimal(str(body["value"]["period"]["unsecured"])) == Decimal("120.00")
    assert Decimal(str(body["value"]["period"]["disputed"])) == Decimal("7.50")
    cats = {r["key"]: Decimal(str(r["secured"])) for r in body["value"]["by_category"]}
    assert cats == {
        r["key"]: r["secured"] for r in ledger_balances(period=Period.quarter(2026, 4), group_by="category")
    }
    assert list(body)[:2] == ["period", "value"]  # value first
    assert [Decimal(str(m["credited"])) for m in body["value"]["trend"]] == [
        Decimal("100.00"),
        Decimal("220.00"),
        Decimal("107.50"),
    ]


def test_dashboard_shows_secured_and_links_to_ledger(org):
    _seed(org, 2)
    html = _login(org.executive).get("/exec/?year=2026&quarter=4").content.decode()
    assert re.search(
        r'href="/ledger/transactions/\?account=center%3Asecured&amp;start=2026-10-01&amp;end=2027-01-01&amp;next=[^"]+"'
        r' data-amount="200\.00">\$200\.00<',
        html,
    )
    assert "At risk: no signed record" in html


def _seed_partnership_and_warnings(org, n: int):
    """n sign-off requests per department and an emerging issue flagged in n windows, one written up."""
    from django.utils import timezone

    from insights.models import EmergingIssue, Insight
    from tests.attribution.factories import SignoffRequestFactory

    first = timezone.make_aware(dt.datetime(2026, 11, 2, 8, 0))
    for i in range(n):
        for department in (org.marketing, org.sales):
            SignoffRequestFactory(
                department=department,
                **({"signed": True} if i % 2 == 0 else {}),
                days=i % 2 or None,
                created=timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0)),
            )
        window = first + dt.timedelta(hours=i)
        issue = EmergingIssue.objects.create(
            reason_code=f"reason_{i % 3}",
            window_start=window,
            window_end=window + dt.timedelta(hours=1),
            observed=40,
            expected=5,
            score=7,
            detected_at=window + dt.timedelta(hours=1),
        )
        Insight.objects.create(title=f"From flag {i}", created_by=org.analyst, emerging_issue=issue)


@pytest.mark.parametrize("size", [1, 8])
def test_dashboard_query_count_is_flat(org, size, tmp_path, django_assert_max_num_queries):
    _seed(org, size)
    _seed_partnership_and_warnings(org, size)
    day = dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)
    contacts_imported(
        tmp_path, *({"started_at": day + dt.timedelta(days=11 * i), "wait_seconds": i} for i in range(size))
    )
    client = _login(org.executive)
    # Fixed per request: sessions, four balances reads (by category, department, top insights, the early
    # warning's insights), one read of the month totals for the year to date, the trend and the two earlier
    # periods compared, the top insights' titles (posted credit always names its insights, so this read always
    # runs), one read of the daily metrics rollup for the competency section and its trend, improvements and
    # pipeline, partnership, early warning; then the recorded costs, the direct postings, the recommendations (and
    # their answers when there are any) and the listen-in sessions (and who the executives are when there are
    # any): 22 here, 24 at most. It does not grow with the data, nor with the period's months.
    with django_assert_max_num_queries(22):
        assert client.get("/exec/?year=2026&quarter=4").status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get("/api/exec/summary/?year=2026&quarter=4").status_code == 200


def test_dashboard_has_no_jargon_and_no_edit_controls(org, tmp_path):
    from django.utils import timezone

    _seed(org, 2)
    when = timezone.make_aware(dt.datetime(2026, 11, 3, 10, 0))
    contacts_imported(
        tmp_path,
        *(
            {
                "channel": ch,
                "started_at": when,
                "wait_seconds": wait,
                "handle_seconds": 120,
                "abandoned": ab,
                "resolved_first_contact": True,
                "csat": 5,
                "nps": 9,
            }
            for ch, wait, ab in [("call", 10, False), ("chat", 40, True), ("call", 2, True), ("email", 0, False)]
        ),
    )
    html = _login(org.executive).get("/exec/?year=2026&quarter=4").content.decode()
    findings = jargon_findings(html.split("<body", 1)[1], html=True)
    assert findings == [], [(f.term, f.suggestion) for f in findings]
    assert "50% of customers who waited were answered within 20 seconds." in visible_text(html)
    main = html.split('id="main"', 1)[1]
    assert not re.search(r'method="post"', main, re.I)
    assert not re.search(r"\b(Edit|Delete)\b", visible_text(main))


def test_only_executives_and_permitted_see_it(org, api_as):
    assert _login(org.marketing_member).get("/exec/").status_code == 403
    assert api_as(org.marketing_member).get("/api/exec/summary/").status_code == 403
    assert api_as(org.executive).get("/api/exec/summary/?quarter=9").status_code == 400


def test_early_warning_shows_speed_and_worth(org, api_as):
    from django.utils import timezone

    from insights.models import EmergingIssue, Insight

    flagged = timezone.make_aware(dt.datetime(2026, 11, 2, 8, 0))
    issue = EmergingIssue.objects.create(
        reason_code="refund_form_broken",
        window_start=flagged,
        window_end=flagged,
        observed=40,
        expected=5,
        score=7,
        detected_at=flagged,
    )
    insight = Insight.objects.create(
        title="Refund form", created_by=org.analyst, emerging_issue=issue, created_at=flagged + dt.timedelta(hours=6)
    )
    OutcomeFactory(department=org.marketing, amount="800.00", day=dt.date(2026, 11, 20), insight=insight)
    body = api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()
    [row] = body["early_warning"]
    assert row["hours_to_insight"] == 6.0 and Decimal(str(row["credited"])) == Decimal("800.00")
    assert row["insight_ids"] == [insight.pk]


def test_a_spike_flagged_in_several_windows_appears_once(org, api_as):
    from django.utils import timezone

    from insights.models import EmergingIssue, Insight

    first = timezone.make_aware(dt.datetime(2026, 11, 2, 8, 0))

    def flag(hour: int, signal: str = "volume") -> EmergingIssue:
        window = first + dt.timedelta(hours=hour)
        return EmergingIssue.objects.create(
            reason_code="refund_form_broken",
            signal=signal,
            window_start=window,
            window_end=window + dt.timedelta(hours=1),
            observed=40,
            expected=5,
            score=7,
            detected_at=window + dt.timedelta(hours=1, minutes=5),
        )

    flags = [flag(hour) for hour in range(4)]  # the same spike, four hourly windows running
    flag(2, signal="dissatisfaction")  # another signal of the same reason is another issue
    insight = Insight.objects.create(
        title="Refund form", created_by=org.analyst, emerging_issue=flags[2], created_at=first + dt.timedelta(hours=6)
    )
    OutcomeFactory(department=org.marketing, amount="800.00", day=dt.date(2026, 11, 20), insight=insight)
    rows = api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()["early_warning"]
    volume = [r for r in rows if r["signal"] == "volume"]
    assert len(rows) == 2 and len(volume) == 1
    [row] = volume
    assert row["windows"] == 4
    assert row["first_flagged_at"] == flags[0].detected_at.isoformat()
    assert row["hours_to_insight"] == 4.9  # from the first flag (09:05), not the flag it was drafted from
    assert row["insight_ids"] == [insight.pk] and Decimal(str(row["credited"])) == Decimal("800.00")
    page = _login(org.executive).get("/exec/?year=2026&quarter=4").content.decode()
    warnings = page.split('id="warn-h"', 1)[1].split("</section>", 1)[0]
    assert warnings.count("refund form broken") == 2  # once per signal, not once per window
    assert warnings.count("More contacts than usual") == 1


def test_dashboard_and_summary_figures_equal_the_ledger_balances_api(org, api_as):
    """The same numbers by three roads: the page, the summary API and GET /api/ledger/balances/."""
    _seed(org, 3)
    client = api_as(org.executive)
    balances = client.get("/api/ledger/balances/?year=2026&quarter=4&group_by=department").json()
    rows = balances["results"] if isinstance(balances, dict) and "results" in balances else balances
    totals = {k: sum(Decimal(r[k]) for r in rows) for k in ("secured", "unsecured", "disputed")}
    assert totals == {"secured": Decimal("300.00"), "unsecured": Decimal("120.00"), "disputed": Decimal("7.50")}
    summary = client.get("/api/exec/summary/?year=2026&quarter=4").json()["value"]["period"]
    assert {k: Decimal(str(summary[k])) for k in totals} == totals
    page = _login(org.executive).get("/exec/?year=2026&quarter=4").content.decode()
    for key, anchor in (("secured", "secured"), ("unsecured", "unsecured"), ("disputed", "disputed")):
        assert re.search(rf'id="{anchor}"[^>]*>\${totals[key]}<', page), key


def test_competency_trend_gives_each_metric_month_by_month(org, tmp_path):
    from django.utils import timezone

    from attribution.presenters.executive import summary_words
    from attribution.selectors.executive import executive_summary

    when = timezone.make_aware(dt.datetime(2026, 11, 3, 10, 0))
    contacts_imported(tmp_path, {"started_at": when, "wait_seconds": 10}, {"started_at": when, "wait_seconds": 60})
    sentences = summary_words(executive_summary(period=Period.quarter(2026, 4)))["competency"]["sentences"]
    service_level = next(m for m in sentences if m["key"] == "service_level")
    assert [t["month"] for t in service_level["trend"]] == ["Oct 2026", "Nov 2026", "Dec 2026"]
    assert [t["text"] for t in service_level["trend"]] == ["–", "50%", "–"]


def test_competency_figures_equal_contact_metrics_counted_from_the_contacts(org, api_as, tmp_path):
    """The section reads the daily rollup; every figure, for the quarter and each month, is what
    `contact_metrics` counts from the contacts themselves."""
    import random

    from insights.selectors.metrics import contact_metrics, local_midnight

    rnd = random.Random(8)
    contacts_imported(
        tmp_path,
        *(
            {
                "channel": rnd.choice(["call", "call", "chat", "email", "survey"]),
                "started_at": dt.datetime(2026, 9, 30, 20, tzinfo=dt.UTC) + dt.timedelta(hours=rnd.randrange(2300)),
                "wait_seconds": rnd.randrange(60),
                "handle_seconds": rnd.randrange(600),
                "abandoned": rnd.random() < 0.2,
                "resolved_first_contact": rnd.choice([None, True, False]),
                "csat": rnd.choice([None, 1, 2, 3, 4, 5]),
                "nps": rnd.choice([None, *range(11)]),
            }
            for _ in range(300)
        ),
    )
    keys = {
        "service_level": "service_level",
        "average_speed_of_answer": "average_speed_of_answer_seconds",
        "abandonment": "abandonment_rate",
        "handle_time": "average_handle_time_seconds",
        "first_contact_resolution": "first_contact_resolution",
        "csat": "csat",
        "nps": "nps",
    }

    def counted(start: dt.date, end: dt.date) -> dict:
        m = contact_metrics(start=local_midnight(start), end=local_midnight(end))
        return {ours: m[theirs] for ours, theirs in keys.items()}

    competency = api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()["competency"]
    assert competency["metrics"] == counted(dt.date(2026, 10, 1), dt.date(2027, 1, 1))
    months = [(dt.date(2026, 10, 1), dt.date(2026, 11, 1)), (dt.date(2026, 11, 1), dt.date(2026, 12, 1))]
    months.append((dt.date(2026, 12, 1), dt.date(2027, 1, 1)))
    for item in competency["sentences"]:
        assert [t["value"] for t in item["trend"]] == [counted(*m)[item["key"]] for m in months], item["key"]


def test_value_against_cost_beside_the_quarter_before_and_a_year_earlier_with_words(org):
    from tests.attribution.factories import center_cost_recorded

    OutcomeFactory(department=org.marketing, amount="3400.00", day=dt.date(2026, 8, 5))
    OutcomeFactory(department=org.marketing, amount="1000.00", day=dt.date(2026, 5, 5))
    for month in (7, 8, 9):
        center_cost_recorded(month=dt.date(2026, month, 1), amount="1000.00")
    center_cost_recorded(month=dt.date(2026, 4, 1), amount="1000.00")
    html = _login(org.executive).get("/exec/?year=2026&quarter=3").content.decode()
    text = " ".join(visible_text(html).split())
    assert "Every $1.00 spent on the center returned $1.13 in 2026-Q3." in text
    assert "up 240% on 2026-Q2" in text and "up from nothing in 2025-Q3" in text
    assert re.search(r'id="vac-cost">.*?not known<br>.*?cannot be compared with 2025-Q3', html, re.S)
    # Q2 has April's cost only: said in words, not counted as free.
    summary = _login(org.executive).get("/api/exec/summary/?year=2026&quarter=3").json()["value_against_cost"]
    assert summary["previous"]["missing_cost_months"] == ["2026-05-01", "2026-06-01"]
    assert summary["current"]["net_value"] == 400.0 and summary["current"]["return_per_unit"] == 1.13
    assert [r["key"] for r in summary["rows"]][:1] == ["value"]
    assert re.search(r'<th scope="col" class="num">2025-Q3</th>', html)


def test_listen_in_summary_on_the_dashboard_and_in_the_summary_api(org):
    from django.utils import timezone

    from education.models import ListenInSession
    from education.services import listen_in_insight_draft, listen_in_notes_record, listen_in_schedule

    session = listen_in_schedule(
        scheduled_by=org.lead,
        guest=org.executive,
        starts_at=timezone.now() + dt.timedelta(days=1),
        duration_minutes=30,
        queue="billing",
    )
    ListenInSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    session.refresh_from_db()
    listen_in_notes_record(session=session, user=org.executive, notes="Customers wait for refunds.")
    insight = listen_in_insight_draft(session=session, user=org.executive)
    client = _login(org.executive)
    body = client.get("/api/exec/summary/").json()["listen_in"]
    assert body["executives_listened"] == 1 and body["sessions"][0]["insights"][0]["id"] == insight.pk
    text = " ".join(visible_text(client.get("/exec/").content.decode()).split())
    assert "1 executive listened in on customer contacts with an agent this period." in text
    assert insight.title in text


def test_direct_and_attributed_value_side_by_side_with_value_metrics_before_competency(org, tmp_path, settings):
    from django.utils import timezone

    from attribution.services.ledger.direct import direct_value_post

    settings.SAVE_REASON_CODES = ["cancel"]
    at = timezone.make_aware(dt.datetime(2026, 10, 6, 11, 0))
    contacts_imported(
        tmp_path,
        {"started_at": at, "reason_code": "cancel", "retained": "true", "account_value": "900.00"},
        {"started_at": at, "reason_code": "cancel", "retained": "false"},
        {"started_at": at, "sale_value": "60.00"},
        {"started_at": at},
    )
    direct_value_post(month=dt.date(2026, 10, 1), today=dt.date(2026, 11, 5))
    OutcomeFactory(department=org.marketing, amount="100.00", day=dt.date(2026, 10, 5))
    client = _login(org.executive)
    html = client.get("/exec/?year=2026&quarter=4").content.decode()
    text = " ".join(visible_text(html).split())
    assert "customers the center kept from leaving $900.00" in text and "sales agents made on contacts $60.00" in text
    assert "other departments' improvements $100.00" in text and "Total value credited $1,060.00" in text
    assert "Save rate: 50% of the 2 customers who asked to leave stayed" in text
    assert "agents sold on 25% of the 4 contacts they handled" in text
    assert text.index("Value metrics") < text.index("How the center runs")
    body = client.get("/api/exec/summary/?year=2026&quarter=4").json()
    assert body["direct_value"]["save_rate"] == 0.5 and body["direct_value"]["months_posted"] == ["2026-10-01"]
    assert body["value_against_cost"]["current"]["direct"] == 960.0
