"""Actions committed through the real services: a published insight routed to Marketing and Sales, and actions
on each department's request."""

from datetime import timedelta

from django.utils import timezone

from attribution.services.signoffs import action_commitment_create, signoff_requests_open_for_event
from tests.attribution.factories import revision_published as publish


def open_requests(org, title: str | None = None) -> dict:
    """One pending request per department (Marketing, Sales) for a newly published insight, by slug."""
    revision, event = publish(org, org.marketing, org.sales)
    if title:
        revision.insight.title = title
        revision.insight.save(update_fields=["title"])
    return {r.department.slug: r for r in signoff_requests_open_for_event(event=event)}


def commit(request, *, by, owner, description: str, due_in: int):
    """An action on `request`, due `due_in` days from today (negative: already past its due date)."""
    return action_commitment_create(
        user=by,
        request_id=request.pk,
        description=description,
        owner_id=owner.pk,
        due_on=timezone.localdate() + timedelta(days=due_in),
    )


def committed_actions(org) -> dict:
    """Marketing: one overdue and one due in a week; Sales: one due in three days."""
    requests = open_requests(org, title="Customers call twice about the same bill")
    return {
        "requests": requests,
        "overdue": commit(
            requests["marketing"],
            by=org.marketing_signatory,
            owner=org.marketing_member,
            description="Rewrite the bill reminder e-mail",
            due_in=-3,
        ),
        "upcoming": commit(
            requests["marketing"],
            by=org.marketing_signatory,
            owner=org.marketing_signatory,
            description="Add the due date to the first page of the bill",
            due_in=7,
        ),
        "sales": commit(
            requests["sales"],
            by=org.sales_signatory,
            owner=org.sales_member,
            description="Tell new customers when the first bill comes",
            due_in=3,
        ),
    }
