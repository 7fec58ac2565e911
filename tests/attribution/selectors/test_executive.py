"""`executive_summary` returns figures: frozen dataclasses of Decimals, ints and dates, no words."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from attribution.selectors.executive import (
    CompetencyFigure,
    CreditFigures,
    EarlyWarning,
    ExecutiveSummary,
    InsightFigure,
    Scorecard,
    executive_summary,
)
from core.periods import Period
from tests.attribution.factories import OutcomeFactory, SignoffRecordFactory, SignoffRequestFactory
from tests.insights.factories import contacts_imported, insight_published_as_is

pytestmark = pytest.mark.django_db

Q4 = Period.quarter(2026, 4)


def _strings(value) -> list[str]:
    """Every str inside a figure (dataclasses, tuples), to prove the read model holds no sentences."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def test_value_figures_are_decimals_that_add_up(org):
    OutcomeFactory(department=org.marketing, amount="100.00", day=dt.date(2026, 10, 5))
    OutcomeFactory(department=org.sales, unsecured=True, amount="40.25", day=dt.date(2026, 11, 5))
    OutcomeFactory(department=org.sales, disputed=True, amount="7.50", day=dt.date(2026, 12, 1))
    summary = executive_summary(period=Q4)
    assert isinstance(summary, ExecutiveSummary)
    assert summary.value.period == CreditFigures(Decimal("100.00"), Decimal("40.25"), Decimal("7.50"))
    assert summary.value.period.credited == Decimal("147.75")
    assert [p.month for p in summary.value.trend] == [dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)]
    assert [p.credited for p in summary.value.trend] == [Decimal("100.00"), Decimal("40.25"), Decimal("7.50")]
    assert all(isinstance(r.secured, Decimal) for r in summary.value.by_category)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.value.period.secured = Decimal("1")  # type: ignore[misc]


def test_insight_early_warning_and_scorecard_figures_are_typed(org):
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
    # Marketing is asked about the insight on 2 November and signs its full credit three days later; the outcome
    # posted on it is then secured without another request (one request in the quarter, signed in 3 days).
    asked = timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))
    insight_published_as_is(insight=insight, departments=[org.marketing])
    request = SignoffRequestFactory(department=org.marketing, insight=insight, created=asked)
    SignoffRecordFactory(request=request, credit_share="1", when=asked + dt.timedelta(days=3))
    OutcomeFactory(department=org.marketing, amount="800.00", day=dt.date(2026, 11, 20), insight=insight)
    summary = executive_summary(period=Q4)
    assert summary.value.top_insights == (
        InsightFigure(
            secured=Decimal("800.00"),
            unsecured=Decimal("0.00"),
            disputed=Decimal("0.00"),
            key=insight.pk,
            department=Decimal("0.00"),
            title="Refund form",
        ),
    )
    [warning] = summary.early_warning
    assert isinstance(warning, EarlyWarning)
    assert warning.hours_to_insight == Decimal("6.0") and warning.credited == Decimal("800.00")
    assert warning.first_flagged_at == flagged and warning.insight_ids == (insight.pk,)
    marketing = next(c for c in summary.partnership if c.slug == "marketing")
    assert isinstance(marketing, Scorecard) and marketing.median_days_to_sign == Decimal("3.0")


def test_competency_figures_are_decimals_by_metric_definition_key_with_no_words(org, tmp_path):
    from insights.metric_definitions import metric_definition

    when = timezone.make_aware(dt.datetime(2026, 11, 3, 10, 0))
    contacts_imported(tmp_path, {"started_at": when, "wait_seconds": 10}, {"started_at": when, "wait_seconds": 60})
    summary = executive_summary(period=Q4)
    service_level = summary.competency[0]
    assert service_level == CompetencyFigure(
        key="service_level",
        value=Decimal("0.5"),
        trend=service_level.trend,
    )
    assert [(m.month, m.value) for m in service_level.trend] == [
        (dt.date(2026, 10, 1), None),
        (dt.date(2026, 11, 1), Decimal("0.5")),
        (dt.date(2026, 12, 1), None),
    ]
    assert all(metric_definition(f.key).headline for f in summary.competency)  # every one has its wording there
    # The only strings a figure carries are keys, codes, names and titles people typed, never a sentence.
    assert not [s for s in _strings(summary) if s.endswith(".")]
