from insights.models import OutboxEvent
from tests.factories import InsightRevisionFactory, PublishedInsightFactory


def publish(org, *departments, insight=None, number=1, summary="Customers call twice about the same bill."):
    """A published revision routed to `departments`, and the outbox event the insights issue writes."""
    insight = insight or PublishedInsightFactory(created_by=org.lead, summary=summary)
    insight.departments.set(departments)
    revision = InsightRevisionFactory(
        insight=insight, number=number, content={"title": insight.title, "summary": summary}
    )
    event = OutboxEvent.objects.create(
        kind="insight.published",
        insight=insight,
        revision=revision,
        payload={
            "insight_id": insight.pk,
            "revision_id": revision.pk,
            "revision_number": number,
            "content_hash": revision.content_hash,
            "department_ids": [d.pk for d in departments],
            "department_slugs": [d.slug for d in departments],
        },
    )
    return revision, event
