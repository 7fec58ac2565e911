"""The competency metrics in plain English: one place for their labels, explanations and units.

The API, the command line, the executive dashboard and the board pack all read these, so an
executive never meets a contact-center acronym without its meaning next to it.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class MetricDefinition:
    key: str  # the key in contact_metrics() results
    label: str  # plain-English name, acronym (if any) in brackets
    explanation: str  # one sentence an executive understands
    unit: str  # "count", "fraction" (0-1), "seconds" or "points" (-100 to 100)
    higher_is_better: bool | None


def metric_definitions() -> list[MetricDefinition]:
    """Every metric in display order; the thresholds in the sentences follow the settings."""
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
        ),
        MetricDefinition(
            "average_speed_of_answer_seconds",
            "Average wait before answer (ASA)",
            "How long, on average, a customer waited before a person answered.",
            "seconds",
            False,
        ),
        MetricDefinition(
            "abandonment_rate",
            "Abandonment rate",
            "The share of calls and chats where the customer gave up waiting before anyone answered.",
            "fraction",
            False,
        ),
        MetricDefinition(
            "average_handle_time_seconds",
            "Average handling time (AHT)",
            "How long, on average, an agent spent handling one contact, including wrap-up work.",
            "seconds",
            None,
        ),
        MetricDefinition(
            "first_contact_resolution",
            "Resolved on first contact (FCR)",
            "The share of customers whose problem was solved the first time they got in touch.",
            "fraction",
            True,
        ),
        MetricDefinition(
            "csat",
            "Customer satisfaction (CSAT)",
            "The share of surveyed customers who rated their experience 4 or 5 out of 5.",
            "fraction",
            True,
        ),
        MetricDefinition(
            "nps",
            "Net Promoter Score (NPS)",
            "How many more customers would recommend us than would warn others off, on a scale from -100 to 100.",
            "points",
            True,
        ),
    ]


def metric_definition(key: str) -> MetricDefinition:
    """The definition of one metric by its key."""
    for definition in metric_definitions():
        if definition.key == key:
            return definition
    raise KeyError(key)
