"""The competency metrics in plain English: one place for their labels, explanations, units, the executive's
sentence about each, and how their values read.

The API, the command line, the executive dashboard and the board pack all read these, so an
executive never meets a contact-center acronym without its meaning next to it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings


@dataclass(frozen=True)
class MetricDefinition:
    key: str  # the key in contact_metrics() results
    label: str  # plain-English name, acronym (if any) in brackets
    explanation: str  # one sentence an executive understands
    unit: str  # "count", "fraction" (0-1), "seconds" or "points" (-100 to 100)
    higher_is_better: bool | None
    headline: str = ""  # what the executive summary calls it ("Answered quickly"); empty: not in the summary
    # The executive summary's sentence: {value} is the figure as words; for points, {direction} and {points}.
    sentence: str = ""


def metric_definitions() -> list[MetricDefinition]:
    """Every metric in display order; the thresholds in the sentences follow the settings."""
    return [*_queue_metrics(), *_customer_metrics()]


def _queue_metrics() -> list[MetricDefinition]:
    """How the queue ran: volume, speed, abandonment and handling."""
    answer = settings.SERVICE_LEVEL_SECONDS
    short = settings.SHORT_ABANDON_SECONDS
    return [
        MetricDefinition(
            "offered",
            "Calls and chats offered",
            f"How many calls and chats reached the queue, not counting callers who hung up within {short} seconds.",
            "count",
            None,
        ),
        MetricDefinition(
            "service_level",
            "Service level",
            f"The share of calls and chats answered within {answer} seconds.",
            "fraction",
            True,
            headline="Answered quickly",
            sentence=f"{{value}} of customers who waited were answered within {answer} seconds.",
        ),
        MetricDefinition(
            "average_speed_of_answer_seconds",
            "Average wait before answer (ASA)",
            "How long, on average, a customer waited before a person answered.",
            "seconds",
            False,
            headline="Time to answer",
            sentence="On average a customer waited {value} to reach someone.",
        ),
        MetricDefinition(
            "abandonment_rate",
            "Abandonment rate",
            "The share of calls and chats where the customer gave up waiting before anyone answered.",
            "fraction",
            False,
            headline="Gave up waiting",
            sentence="{value} of customers hung up or left before anyone answered.",
        ),
        MetricDefinition(
            "average_handle_time_seconds",
            "Average handling time (AHT)",
            "How long, on average, an agent spent handling one contact, including wrap-up work.",
            "seconds",
            None,
            headline="Time spent helping",
            sentence="Each conversation took {value} on average.",
        ),
    ]


def _customer_metrics() -> list[MetricDefinition]:
    """What customers got and said: resolution, satisfaction and recommendation."""
    return [
        MetricDefinition(
            "first_contact_resolution",
            "Resolved on first contact (FCR)",
            "The share of customers whose problem was solved the first time they got in touch.",
            "fraction",
            True,
            headline="Solved the first time",
            sentence="{value} of problems were solved in a single conversation.",
        ),
        MetricDefinition(
            "csat",
            "Customer satisfaction (CSAT)",
            "The share of surveyed customers who rated their experience 4 or 5 out of 5.",
            "fraction",
            True,
            headline="Happy customers",
            sentence="{value} of customers who rated us gave 4 or 5 out of 5.",
        ),
        MetricDefinition(
            "nps",
            "Net Promoter Score (NPS)",
            "How many more customers would recommend us than would warn others off, on a scale from -100 to 100.",
            "points",
            True,
            headline="Would recommend us",
            sentence="Customers who would recommend us {direction} critics by {points} points"
            " (on a scale from -100 to 100).",
        ),
    ]


def metric_definition(key: str) -> MetricDefinition:
    """The definition of one metric by its key."""
    for definition in metric_definitions():
        if definition.key == key:
            return definition
    raise KeyError(key)


NO_FIGURE = "–"  # a figure there is no data for, in a table or a trend
NOT_ENOUGH_DATA = "Not enough conversations this period to say."


def duration_text(seconds: float | Decimal, *, short: bool = False) -> str:
    """Seconds as a person says them: "45 seconds", "6 minutes 13 seconds", "1 hour 5 minutes"
    (short: "45 s", "6 min 13 s", "1 h 5 min")."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    units = (("h", "hour"), ("min", "minute"), ("s", "second"))
    parts = [(n, unit) for n, unit in zip((hours, minutes, secs), units, strict=True) if n]
    if hours:
        parts = parts[:2] if minutes else parts[:1]
    if not parts:
        parts = [(0, units[2])]
    if short:
        return " ".join(f"{n} {abbr}" for n, (abbr, _) in parts)
    return " ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, (_, word) in parts)


def metric_value_text(definition: MetricDefinition, value: float | Decimal | None, *, short: bool = False) -> str:
    """A metric's value as it reads: "50%", "6 minutes 12 seconds" (short: "6 min 12 s"), "+12" points, "–"."""
    if value is None:
        return NO_FIGURE
    # Formatted as the float the metrics selector computes, so a figure rounds the same on every page.
    number = float(value)
    if definition.unit == "fraction":
        return f"{number * 100:.0f}%"
    if definition.unit == "seconds":
        return duration_text(number, short=short)
    if definition.unit == "points":
        return f"{number:+.0f}"
    return f"{number:.0f}"


def metric_sentence(definition: MetricDefinition, value: float | Decimal | None) -> str:
    """The executive summary's sentence about a metric's value, or that there is too little data to say."""
    if value is None:
        return NOT_ENOUGH_DATA
    number = float(value)
    return definition.sentence.format(
        value=metric_value_text(definition, number),
        direction="outnumber" if number >= 0 else "are outnumbered by",
        points=f"{abs(number):.0f}",
    )
