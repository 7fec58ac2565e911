from django.apps import AppConfig


def register_outbox_consumers() -> None:
    """Open sign-off requests when an insight revision is published (once the insights outbox exists)."""
    try:
        from insights.outbox import register_consumer
    except ImportError:  # the outbox (issue 5) is not merged yet
        return
    from attribution.services.signoffs import signoff_requests_open_for_event

    register_consumer(
        "attribution.signoff_requests",
        ["insight.published"],
        lambda event: signoff_requests_open_for_event(event=event),
    )


class AttributionConfig(AppConfig):
    name = "attribution"
    verbose_name = "Sign-offs and attribution"

    def ready(self) -> None:
        register_outbox_consumers()
