from django.apps import AppConfig


def review_links(*, revision, user) -> list[tuple[str, str]]:
    """ "Review and sign" on the insight page, for each open request its reader may sign."""
    from django.urls import reverse

    from attribution.selectors.signoffs import signoff_requests_to_review

    requests = signoff_requests_to_review(revision=revision, user=user)
    return [
        (
            "Review and sign" if len(requests) == 1 else f"Review and sign for {r.department.name}",
            reverse("signoff-sign", args=[r.pk]),
        )
        for r in requests
    ]


def register_outbox_consumers() -> None:
    """Open sign-off requests when an insight revision is published, and show their state on its page."""
    try:
        from core.outbox import register_consumer
    except ImportError:  # the outbox (issue 5) is not merged yet
        return
    from attribution.selectors.signoffs import signoff_state_by_department
    from attribution.services.signoffs import signoff_requests_open_for_event
    from insights.detail_hooks import register_department_state, register_reader_links

    register_department_state(
        "signoff",
        lambda insight, revision, departments: signoff_state_by_department(
            insight=insight, revision=revision, departments=departments
        ),
    )
    register_reader_links("signoff", lambda insight, revision, user: review_links(revision=revision, user=user))
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
