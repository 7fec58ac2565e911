"""Publishing insights: the content a revision freezes, its hash, the revision and its outbox event; withdrawal."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import Department, User
from accounts.policy import Action, require
from core.hashing import canonical_json as core_canonical_json
from core.hashing import sha256_hex
from core.models import OutboxEvent
from core.outbox import outbox_event_record
from core.profanity import profanity_mask
from insights.models import Insight, InsightRevision, InsightRouting, InsightStatus
from insights.services.insights.evidence import statistics_refresh
from insights.services.insights.routing import departments_payload, departments_publish_errors, routes_payload


def canonical_json(content: dict) -> str:
    """The exact text hashed: sorted keys, compact separators, non-ASCII kept (UTF-8 when encoded)."""
    return core_canonical_json(content).decode("utf-8")


def content_hash(canonical: str) -> str:
    return sha256_hex(canonical.encode("utf-8"))


def _publish_errors(insight: Insight, departments: list[Department], evidence_count: int) -> dict[str, list[str]]:
    """What a draft still lacks before it can be published; the values themselves were checked when written."""
    errors: dict[str, list[str]] = {}
    if not evidence_count:
        errors["evidence"] = ["Link at least one contact as evidence before publishing."]
    if routing := departments_publish_errors(departments):
        errors["departments"] = routing
    if not insight.category:
        errors["category"] = ["Choose the senior-level category the insight serves."]
    if insight.estimated_value is None:
        errors["estimated_value"] = [f"Estimate the value at stake in {settings.CURRENCY}."]
    if insight.currency != settings.CURRENCY:
        errors["currency"] = [f"Values are kept in {settings.CURRENCY}; this one is in {insight.currency}."]
    if not insight.value_assumptions.strip():
        errors["value_assumptions"] = ["Say how the value was estimated: the assumptions and the method."]
    return errors


def insight_content(*, insight: Insight, number: int, routes: list[InsightRouting]) -> dict:
    """The full content a revision freezes; what departments read and sign (each with the reason it was routed)."""
    evidence = insight.evidence.select_related("contact").order_by("contact__started_at", "contact_id")
    return {
        "insight_id": insight.pk,
        "revision": number,
        "title": insight.title,
        "summary": insight.summary,
        "customer_voice": list(insight.customer_voice or []),
        "category": insight.category,
        "estimated_value": str(insight.estimated_value),
        "currency": insight.currency,
        "value_assumptions": insight.value_assumptions,
        "statistics": insight.statistics,
        "departments": routes_payload(routes),
        "evidence": [
            {
                "contact_id": e.contact_id,
                "note": e.note,
                "channel": e.contact.channel,
                "started_at": e.contact.started_at.isoformat(),
                "reason_code": e.contact.reason_code,
                "csat": e.contact.csat,
                "sentiment": None if e.contact.sentiment is None else str(e.contact.sentiment),
                "text": e.contact.text,
            }
            for e in evidence
        ],
    }


@transaction.atomic
def insight_publish(*, insight: Insight, publisher: User) -> InsightRevision:
    """Freeze the insight as revision n+1 (canonical JSON, SHA-256) and record `insight.published` in the outbox,
    all in one transaction. Publishing an unchanged published insight returns its current revision."""
    require(publisher, Action.PUBLISH_INSIGHT)
    insight = Insight.objects.select_for_update().get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        raise ValidationError({"status": ["This insight was withdrawn and cannot be published again."]})
    previous = insight.current_revision
    if insight.status == InsightStatus.PUBLISHED and not insight.has_unpublished_changes and previous:
        return previous
    routes = list(
        InsightRouting.objects.filter(insight=insight).select_related("department").order_by("department__slug")
    )
    departments = [route.department for route in routes]
    errors = _publish_errors(insight, departments, insight.evidence.count())
    if errors:
        raise ValidationError(errors)
    statistics_refresh(insight)
    now = timezone.now()
    revision = _revision_freeze(insight, routes=routes, publisher=publisher, now=now)
    insight.status = InsightStatus.PUBLISHED
    insight.has_unpublished_changes = False
    insight.published_at = now
    insight.current_revision = revision
    insight.save(update_fields=["statistics", "status", "has_unpublished_changes", "published_at", "current_revision"])
    _published_event_record(insight, revision=revision, previous=previous, departments=departments, publisher=publisher)
    return revision


def _revision_freeze(
    insight: Insight, *, routes: list[InsightRouting], publisher: User, now: datetime
) -> InsightRevision:
    """Write revision n+1 with its content, canonical JSON and hash, and its departments."""
    number = (insight.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
    content = insight_content(insight=insight, number=number, routes=routes)
    canonical = canonical_json(content)
    revision = InsightRevision.objects.create(
        insight=insight,
        number=number,
        content=content,
        canonical_json=canonical,
        content_hash=content_hash(canonical),
        published_at=now,
        published_by=publisher,
        title=insight.title,
        summary=insight.summary,
        category=insight.category,
        estimated_value=insight.estimated_value,
        currency=insight.currency,
        evidence_count=len(content["evidence"]),
    )
    revision.departments.set([route.department for route in routes])
    return revision


def _published_event_record(
    insight: Insight,
    *,
    revision: InsightRevision,
    previous: InsightRevision | None,
    departments: list[Department],
    publisher: User,
) -> None:
    outbox_event_record(
        kind=OutboxEvent.Kind.INSIGHT_PUBLISHED,
        insight=insight,
        revision=revision,
        payload={
            "insight_id": insight.pk,
            "revision_id": revision.pk,
            "revision_number": revision.number,
            "content_hash": revision.content_hash,
            "previous_revision_id": previous.pk if previous else None,
            "previous_revision_number": previous.number if previous else None,
            # e-mailed and posted to the departments' webhooks: profanity masked, as on their pages
            "title": profanity_mask(insight.title),
            "summary": profanity_mask(insight.summary),
            "category": insight.category,
            "estimated_value": str(insight.estimated_value),
            "currency": insight.currency,
            "departments": departments_payload(departments),
            "department_ids": [d.pk for d in departments],
            "department_slugs": [d.slug for d in departments],
            "published_by_id": publisher.pk,
            "published_at": revision.published_at.isoformat(),
        },
    )


@transaction.atomic
def insight_withdraw(*, insight: Insight, lead: User, reason: str = "") -> Insight:
    """Withdraw a published insight (lead only) and record `insight.withdrawn` in the outbox."""
    require(lead, Action.PUBLISH_INSIGHT)
    insight = Insight.objects.select_for_update(of=("self",)).select_related("current_revision").get(pk=insight.pk)
    if insight.status == InsightStatus.WITHDRAWN:
        return insight
    if insight.status != InsightStatus.PUBLISHED or insight.current_revision is None:
        raise ValidationError({"status": ["Only a published insight can be withdrawn; a draft can simply be left."]})
    revision = insight.current_revision
    departments = list(revision.departments.order_by("slug"))
    insight.status = InsightStatus.WITHDRAWN
    insight.updated_at = timezone.now()
    insight.save(update_fields=["status", "updated_at"])
    outbox_event_record(
        kind=OutboxEvent.Kind.INSIGHT_WITHDRAWN,
        insight=insight,
        revision=revision,
        payload={
            "insight_id": insight.pk,
            "revision_id": revision.pk,
            "revision_number": revision.number,
            "content_hash": revision.content_hash,
            "title": revision.title,
            "reason": (reason or "").strip(),
            "departments": departments_payload(departments),
            "department_ids": [d.pk for d in departments],
            "department_slugs": [d.slug for d in departments],
            "withdrawn_by_id": lead.pk,
            "withdrawn_at": insight.updated_at.isoformat(),
        },
    )
    return insight
