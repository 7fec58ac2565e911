"""`summary_words`: the executive summary's words come from `insights.metric_definitions`, and only from there."""

import datetime as dt
from decimal import Decimal

from attribution.presenters.executive import competency_words, early_warning_words, month_label
from attribution.selectors.executive import CompetencyFigure, EarlyWarning, MonthFigure
from insights.metric_definitions import NOT_ENOUGH_DATA, metric_definition, metric_definitions

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def _figure(key: str, value: str | None, *monthly: str | None) -> CompetencyFigure:
    months = (OCT, NOV)
    return CompetencyFigure(
        key=key,
        value=None if value is None else Decimal(value),
        trend=tuple(MonthFigure(m, None if v is None else Decimal(v)) for m, v in zip(months, monthly, strict=True)),
    )


def test_headlines_and_sentences_are_metric_definitions_wording(settings):
    settings.SERVICE_LEVEL_SECONDS = 30
    words = competency_words((_figure("service_level", "0.5", None, "0.5"),))
    [line] = words["sentences"]
    definition = metric_definition("service_level")
    assert line["label"] == definition.headline == "Answered quickly"
    assert line["sentence"] == "50% of customers who waited were answered within 30 seconds."
    assert [t["text"] for t in line["trend"]] == ["–", "50%"]
    assert [t["month"] for t in line["trend"]] == ["Oct 2026", "Nov 2026"]


def test_durations_and_points_read_as_people_say_them():
    words = competency_words(
        (_figure("average_handle_time_seconds", "372.5", "60", None), _figure("nps", "-33.3", "0", "-100"))
    )
    handle, nps = words["sentences"]
    assert handle["key"] == "handle_time" and words["metrics"]["handle_time"] == 372.5
    assert handle["sentence"] == "Each conversation took 6 minutes 12 seconds on average."
    assert [t["text"] for t in handle["trend"]] == ["1 min", "–"]
    assert nps["sentence"] == (
        "Customers who would recommend us are outnumbered by critics by 33 points (on a scale from -100 to 100)."
    )
    assert [t["text"] for t in nps["trend"]] == ["+0", "-100"]


def test_a_metric_with_no_contacts_says_so():
    [line] = competency_words((_figure("csat", None, None, None),))["sentences"]
    assert line["sentence"] == NOT_ENOUGH_DATA and line["value"] is None


def test_every_summary_metric_has_one_wording_in_metric_definitions():
    headlined = [d.key for d in metric_definitions() if d.headline]
    assert len(headlined) == 7 and all(metric_definition(k).sentence for k in headlined)


def test_early_warning_reads_topic_and_signal_in_words():
    flagged = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
    row = early_warning_words(
        EarlyWarning(
            reason_code="refund_form-broken",
            signal="volume",
            first_flagged_at=flagged,
            last_flagged_at=flagged,
            windows=2,
            hours_to_insight=Decimal("4.9"),
            insight_ids=(7,),
            credited=Decimal("800.00"),
        )
    )
    assert row["topic"] == "refund form broken" and row["signal_label"] == "More contacts than usual"
    assert row["hours_to_insight"] == 4.9 and row["first_flagged_at"] == "2026-11-02T08:00:00+00:00"
    assert month_label(OCT) == "Oct 2026"
