from django.apps import AppConfig


def register_outbox_consumers() -> None:
    """Open sign-off requests when an insight revision is published, and show their state on its page."""
    try:
        from core.outbox import register_consumer
    except ImportError:  # the outbox (issue 5) is not merged yet
        return
    from attribution.selectors.signoffs import signoff_state_by_department
    from attribution.services.signoffs import signoff_requests_open_for_event
    from insights.detail_hooks import register_department_state

    register_department_state(
        "signoff",
        lambda insight, revision, departments: signoff_state_by_department(
            insight=insight, revision=revision, departments=departments
        ),
    )
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
