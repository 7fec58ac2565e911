"""The executive summary in words: one presenter for the `/exec/` page, the board pack and `/api/exec/summary/`.

The figures come typed from `attribution.selectors.executive`; the metrics' names, sentences and formatting
from `insights.metric_definitions`, so every road says the same thing in the same words.
"""

import datetime as dt

from django.utils import timezone

from attribution.presenters.value import direct_value_words, value_comparison_words
from attribution.selectors.executive import (
    CategoryFigure,
    CompetencyFigure,
    CreditFigures,
    EarlyWarning,
    ExecutiveSummary,
    InsightFigure,
    LedgerRowFigure,
    Scorecard,
    ValueFigures,
)
from insights.metric_definitions import metric_definition, metric_sentence, metric_value_text
from insights.models.insights import Category

CATEGORY_LABELS = dict(Category.choices)
NO_CATEGORY = "Not assigned"
# What a scorecard row counts, under every scorecard table (dashboard, sign-off overview, board pack).
SCORECARD_PERIOD_SENTENCE = (
    "Each row counts the insights sent to the department in this period, with their answers whenever they "
    "came; waiting means still unanswered today."
)
SIGNAL_LABELS = {
    "volume": "More contacts than usual",
    "dissatisfaction": "More unhappy customers than usual",
}
# The summary's names for the metrics (a public JSON contract), by their `metric_definitions` keys.
SUMMARY_KEYS = {
    "service_level": "service_level",
    "average_speed_of_answer_seconds": "average_speed_of_answer",
    "abandonment_rate": "abandonment",
    "average_handle_time_seconds": "handle_time",
    "first_contact_resolution": "first_contact_resolution",
    "csat": "csat",
    "nps": "nps",
}


def month_label(month: dt.date) -> str:
    """A month as the trend reads it: "Oct 2026"."""
    return f"{month:%b %Y}"


def topic_text(reason_code: str) -> str:
    """A reason code as words: "refund_form-broken" reads "refund form broken"."""
    return reason_code.replace("_", " ").replace("-", " ")


def _credit(figures: CreditFigures) -> dict:
    return {
        "secured": figures.secured,
        "unsecured": figures.unsecured,
        "disputed": figures.disputed,
        "credited": figures.credited,
    }


def _row(row: LedgerRowFigure) -> dict:
    return {
        "key": row.key,
        "secured": row.secured,
        "unsecured": row.unsecured,
        "disputed": row.disputed,
        "department": row.department,
    }


def _insight(row: InsightFigure) -> dict:
    return {**_row(row), "credited": row.credited, "title": row.title or f"Insight {row.key}"}


def value_words(value: ValueFigures) -> dict:
    """The value section: totals, areas, departments, top insights and the month-by-month trend."""
    ytd = value.year_to_date_period
    return {
        "period": _credit(value.period),
        "year_to_date": _credit(value.year_to_date),
        "ytd_period": {"start": ytd.start.isoformat(), "end": ytd.end.isoformat()},
        "by_category": [
            {**_row(r), "label": CATEGORY_LABELS.get(r.key, NO_CATEGORY), "credited": r.credited}
            for r in value.by_category
        ],
        "by_department": [_row(r) for r in value.by_department],
        "top_insights": [_insight(r) for r in value.top_insights],
        "trend": [{"month": p.month.isoformat(), "label": month_label(p.month), **_credit(p)} for p in value.trend],
        "improvements_shipped": value.improvements_shipped,
        "pipeline": {"insights": value.pipeline.insights, "estimated_value": value.pipeline.estimated_value},
    }


def early_warning_words(warning: EarlyWarning) -> dict:
    """One emerging issue with its topic and what was seen in words; times as local ISO 8601."""
    return {
        "topic": topic_text(warning.reason_code),
        "reason_code": warning.reason_code,
        "signal": warning.signal,
        "signal_label": SIGNAL_LABELS.get(warning.signal, warning.signal),
        "first_flagged_at": warning.first_flagged_at.isoformat(),
        "last_flagged_at": warning.last_flagged_at.isoformat(),
        "windows": warning.windows,
        "hours_to_insight": _number(warning.hours_to_insight),
        "insight_ids": list(warning.insight_ids),
        "credited": warning.credited,
    }


def scorecard_words(card: Scorecard) -> dict:
    return {
        **vars(card),
        "median_days_to_sign": _number(card.median_days_to_sign),
        "actions_on_time_pct": _number(card.actions_on_time_pct),
    }


def competency_words(figures: tuple[CompetencyFigure, ...]) -> dict:
    """Each metric's value, its headline and sentence, and its values month by month in short words."""
    metrics, sentences = {}, []
    for figure in figures:
        definition = metric_definition(figure.key)
        key = SUMMARY_KEYS[figure.key]
        metrics[key] = _number(figure.value)
        sentences.append(
            {
                "key": key,
                "label": definition.headline,
                "value": _number(figure.value),
                "sentence": metric_sentence(definition, figure.value),
                "trend": [
                    {
                        "month": month_label(m.month),
                        "value": _number(m.value),
                        "text": metric_value_text(definition, m.value, short=True),
                    }
                    for m in figure.trend
                ],
            }
        )
    return {"metrics": metrics, "sentences": sentences}


def summary_words(summary: ExecutiveSummary) -> dict:
    """The whole summary as the page, the board pack and the API show it, value first."""
    period = summary.period
    return {
        "period": {
            "label": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "currency": summary.currency,
        },
        "value": value_words(summary.value),
        "early_warning": [early_warning_words(w) for w in summary.early_warning],
        "partnership": [scorecard_words(c) for c in summary.partnership],
        "competency": competency_words(summary.competency),
        "value_against_cost": value_comparison_words(summary.value_against_cost),
        "direct_value": direct_value_words(summary.direct_value),
        "recommendations": [recommendation_words(r) for r in summary.recommendations],
        "listen_in": listen_in_words(summary.listen_in),
    }


def recommendation_words(rec) -> dict:
    """One recommendation and where it stands, in words an executive and the lead read alike."""
    when = f"{timezone.localtime(rec.decided_at):%d %b %Y}" if rec.decided_at else ""
    status_text = {
        "awaiting": "Awaiting a decision",
        "approve": f"Approved by {rec.decided_by} on {when}: now tracked",
        "decline": f"Declined by {rec.decided_by} on {when}: {rec.reason}",
        "more": f"More asked for by {rec.decided_by} on {when}: {rec.reason}",
    }[rec.status]
    return {
        "id": rec.id,
        "title": rec.title,
        "investment": rec.investment,
        "category": rec.category,
        "category_label": CATEGORY_LABELS.get(rec.category, NO_CATEGORY),
        "expected_value": rec.expected_value,
        "currency": rec.currency,
        "case": rec.case,
        "status": rec.status,
        "status_text": status_text,
        "open": rec.status in ("awaiting", "more"),
        "decided_by": rec.decided_by,
        "decided_at": timezone.localtime(rec.decided_at).isoformat() if rec.decided_at else None,
        "reason": rec.reason,
    }


LISTEN_IN_ANSWERS = {"pending": "Not answered yet", "accepted": "Accepted", "declined": "Declined"}


def listen_in_words(summary: dict) -> dict:
    """The listen-in summary: how many executives heard customers first-hand, and each session in words."""
    sessions = [
        {
            **session,
            "starts_at": timezone.localtime(session["starts_at"]).isoformat(),
            "when": f"{timezone.localtime(session['starts_at']):%d %b %Y %H:%M}",
            "answer": LISTEN_IN_ANSWERS.get(session["response"], session["response"]),
        }
        for session in summary["sessions"]
    ]
    count = summary["executives_listened"]
    sentence = (
        f"{count} executive{'s' if count != 1 else ''} listened in on customer contacts with an agent this period."
        if count
        else "No executive listened in on customer contacts this period."
    )
    return {"executives_listened": count, "sentence": sentence, "sessions": sessions}


def _number(value):
    """A measured figure (metric, hours, days, percentage) as the number the JSON has always carried."""
    return None if value is None else float(value)


SCORECARD_EXPORT_COLUMNS = ["department", "received", "signed", "pinky_sworn", "declined", "pending"]
SCORECARD_EXPORT_COLUMNS += ["median_days_to_sign", "actions_on_time_pct"]
# The scorecard export's headers, as the dashboard's partnership table says them.
SCORECARD_EXPORT_HEADER = ["Department", "Insights received", "Signed", "Informal promise", "Declined", "Waiting"]
SCORECARD_EXPORT_HEADER += ["Median days to sign", "Actions on time (%)"]


def ledger_export_header(currency: str) -> list[str]:
    """The credited value by business area, as an export's headers (the dashboard's words, with the currency)."""
    columns = ["Secured", "At risk: no signed record", "Disputed", "Departments' share of value"]
    return ["Business area", *(f"{column} ({currency})" for column in columns)]


def ledger_table(rows: tuple[CategoryFigure, ...], currency: str) -> tuple[list[str], list[list]]:
    """The credited value by business area as an export's header and rows (amounts as numbers)."""
    return ledger_export_header(currency), [
        [CATEGORY_LABELS.get(r.key, r.key or NO_CATEGORY), r.secured, r.unsecured, r.disputed, r.department]
        for r in rows
    ]


def scorecard_table(cards: tuple[Scorecard, ...]) -> tuple[list[str], list[list]]:
    """The dashboard's partnership table as an export: same columns, same figures, its headers."""
    return SCORECARD_EXPORT_HEADER, [
        [scorecard_words(card)[column] for column in SCORECARD_EXPORT_COLUMNS] for card in cards
    ]
