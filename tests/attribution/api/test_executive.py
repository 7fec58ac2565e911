"""GET /api/exec/summary/: its JSON is the same, key for key, as before the read model returned figures, and its
OpenAPI schema names every field."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from tests.attribution.factories import OutcomeFactory, SignoffRecordFactory, SignoffRequestFactory
from tests.insights.factories import InsightFactory, contacts_imported, insight_published_as_is

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).with_name("executive_summary.json")


def _at(month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, 9, 0))


def _answered(insight, department, *, asked: dt.datetime, days: int, kind: str = "signature") -> None:
    """`department` is asked about `insight` at `asked` and answers `days` later (a signature at full credit)."""
    request = SignoffRequestFactory(department=department, insight=insight, created=asked)
    share = "1" if kind == "signature" else None
    SignoffRecordFactory(request=request, kind=kind, credit_share=share, when=asked + dt.timedelta(days=days))


def _seed_quarter(org, tmp_path) -> dict:
    """Every section of the summary has rows: credit by area, department and insight, flags, sign-offs, metrics,
    and a published insight nobody has acted on yet. Returns the ids the snapshot names by title instead."""
    from insights.models import EmergingIssue, Insight

    first = timezone.make_aware(dt.datetime(2026, 11, 2, 8, 0))
    issue = EmergingIssue.objects.create(
        reason_code="refund_form-broken",
        window_start=first,
        window_end=first,
        observed=40,
        expected=5,
        score=7,
        detected_at=first,
    )
    EmergingIssue.objects.create(
        reason_code="late_parcels",
        signal="dissatisfaction",
        window_start=first,
        window_end=first,
        observed=9,
        expected=2,
        score=4,
        detected_at=first + dt.timedelta(days=3),
    )
    refund = Insight.objects.create(
        title="Refund form", created_by=org.analyst, emerging_issue=issue, created_at=first + dt.timedelta(hours=6)
    )
    other = Insight.objects.create(title="Opening hours", created_by=org.analyst)
    # Marketing is asked about the refund insight on 2 November and signs its full credit three days later, so
    # the three monthly outcomes on it post secured; Sales is asked about "Opening hours" and has not answered.
    insight_published_as_is(insight=refund, departments=[org.marketing])
    _answered(refund, org.marketing, asked=_at(11, 2), days=3)
    for month in (10, 11, 12):  # the December one on the 1st: an outcome is recorded once its period has ended
        day = dt.date(2026, month, 1 if month == 12 else 5)
        OutcomeFactory(department=org.marketing, amount="100.00", day=day, insight=refund)
    OutcomeFactory(
        department=org.sales,
        unsecured=True,
        amount="40.25",
        day=dt.date(2026, 11, 5),
        category="efficiency",
        insight=other,
    )
    SignoffRequestFactory(department=org.sales, insight=other, created=_at(11, 2))
    # Answered before the quarter, so they count in no scorecard of it: Sales declined "Delivery notes" in
    # September (its December outcome posts disputed); Marketing signed the year-to-date insight in February.
    delivery = InsightFactory(published=True, title="Delivery notes", departments=[org.sales], created_by=org.analyst)
    _answered(delivery, org.sales, asked=_at(9, 15), days=1, kind="decline")
    OutcomeFactory(department=org.sales, disputed=True, amount="7.50", day=dt.date(2026, 12, 1), insight=delivery)
    earlier = InsightFactory(published=True, departments=[org.marketing], created_by=org.analyst)
    _answered(earlier, org.marketing, asked=_at(2, 1), days=0)
    OutcomeFactory(department=org.marketing, amount="55.00", day=dt.date(2026, 2, 1), insight=earlier)  # year only
    InsightFactory(
        published=True,
        title="Waiting",
        estimated_value=Decimal("1234.50"),
        departments=[org.marketing],
        created_by=org.analyst,
    )
    when = timezone.make_aware(dt.datetime(2026, 11, 3, 10, 0))
    contacts_imported(
        tmp_path,
        *(
            {
                "channel": ch,
                "started_at": when + dt.timedelta(days=day),
                "wait_seconds": wait,
                "handle_seconds": 372,
                "abandoned": ab,
                "resolved_first_contact": True,
                "csat": 5,
                "nps": nps,
            }
            for ch, wait, ab, day, nps in [
                ("call", 10, False, 0, 9),
                ("chat", 40, True, 0, 3),
                ("call", 2, True, 30, 10),
                ("email", 0, False, 31, 0),
            ]
        ),
    )
    return {
        "insight": {refund.pk: "Refund form", other.pk: "Opening hours", delivery.pk: "Delivery notes"},
        "department": {org.marketing.pk: "Marketing", org.sales.pk: "Sales"},
    }


def _named(value, ids: dict, key: str = ""):
    """The payload with database ids replaced by names, so the snapshot holds whatever the sequences say."""
    if isinstance(value, dict):
        kind = "department" if value.get("department_id") or key == "by_department" else "insight"
        return {k: _named(v, ids, k if k != "key" else f"{key}:{kind}") for k, v in value.items()}
    if isinstance(value, list):
        return [_named(v, ids, key) for v in value]
    if key in ("department_id", "by_department:insight", "by_department:department"):
        return ids["department"].get(value, value)
    if key in ("insight_ids", "top_insights:insight"):
        return ids["insight"].get(value, value)
    return value


def test_summary_json_is_unchanged(org, api_as, tmp_path):
    ids = _seed_quarter(org, tmp_path)
    body = api_as(org.executive).get("/api/exec/summary/?year=2026&quarter=4").json()
    expected = json.loads(SNAPSHOT.read_text())
    # Sections added since (value against cost, decisions, listen-in) follow the snapshot's; its own are unchanged.
    assert list(body)[: len(expected)] == list(expected)
    named = _named({key: body[key] for key in expected}, ids)
    # Written from the summary before the read model returned figures; compared as text, so order counts too.
    # Credit is posted through the services, so each line names its insight and comes from a shipped improvement:
    # the disputed credit is a top insight, five improvements shipped and only "Waiting" is left in the pipeline.
    assert json.dumps(named, indent=1) == json.dumps(expected, indent=1)


def _component(schema: dict, ref: dict) -> dict:
    """The schema a `$ref` (or an array of them) points at."""
    ref = ref.get("items", ref)
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_schema_names_every_field_of_the_summary():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    response = schema["paths"]["/api/exec/summary/"]["get"]["responses"]["200"]["content"]["application/json"]
    summary = _component(schema, response["schema"])
    assert list(summary["properties"])[:5] == ["period", "value", "early_warning", "partnership", "competency"]
    props = summary["properties"]
    value = _component(schema, props["value"])["properties"]
    assert {"period", "year_to_date", "by_category", "top_insights", "trend", "pipeline"} <= set(value)
    assert _component(schema, value["period"])["properties"]["secured"]["type"] == "number"
    assert "median_days_to_sign" in _component(schema, props["partnership"])["properties"]
    assert "hours_to_insight" in _component(schema, props["early_warning"])["properties"]
    competency = _component(schema, props["competency"])["properties"]
    assert set(_component(schema, competency["metrics"])["properties"]) == {
        "service_level",
        "average_speed_of_answer",
        "abandonment",
        "handle_time",
        "first_contact_resolution",
        "csat",
        "nps",
    }
    assert "sentence" in _component(schema, competency["sentences"])["properties"]


def test_no_period_is_the_current_quarter_and_a_year_alone_the_whole_year(org, api_as, settings):
    client = api_as(org.executive)
    today = timezone.localdate()
    label = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    assert client.get("/api/exec/summary/").json()["period"]["label"] == label
    assert client.get("/api/exec/summary/?year=2026").json()["period"] == {
        "label": "2026",
        "start": "2026-01-01",
        "end": "2027-01-01",
        "currency": settings.CURRENCY,
    }


@pytest.mark.parametrize(("query", "parameter"), [("year=26x", "year"), ("year=2026&quarter=5", "quarter")])
def test_a_bad_period_is_a_400_naming_the_parameter(org, api_as, client, query, parameter):
    response = api_as(org.executive).get(f"/api/exec/summary/?{query}")
    assert response.status_code == 400 and parameter in response.json()
    client.force_login(org.executive)
    page = client.get(f"/exec/?{query}")
    assert page.status_code == 400
