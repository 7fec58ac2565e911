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


def insight_read(revision, user, **where) -> None:
    """A person of a department reading the insight's page opens its request to them: the trail's `delivered`."""
    from attribution.models import SignoffRequest
    from attribution.services.trail import signoff_request_opened

    if revision is None or not user.is_authenticated:
        return
    for request in SignoffRequest.objects.filter(revision=revision).exclude(status="superseded"):
        signoff_request_opened(user=user, request=request, viewed=False, **where)


def register_outbox_consumers() -> None:
    """Open sign-off requests when an insight revision is published, and show their state on its page."""
    try:
        from core.outbox import register_consumer
    except ImportError:  # the outbox (issue 5) is not merged yet
        return
    from attribution.selectors.signoffs import signoff_state_by_department
    from attribution.services.signoffs import signoff_requests_open_for_event
    from insights.detail_hooks import register_department_state, register_page_read, register_reader_links

    register_department_state(
        "signoff",
        lambda insight, revision, departments: signoff_state_by_department(
            insight=insight, revision=revision, departments=departments
        ),
    )
    register_page_read("signoff", lambda insight, revision, user, **where: insight_read(revision, user, **where))
    register_reader_links("signoff", lambda insight, revision, user: review_links(revision=revision, user=user))
    from core.notifications import register_direct_messages

    register_direct_messages({"signoff.declined"})
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
