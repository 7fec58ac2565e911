"""Demo sign-offs: signed, pinky-sworn, declined and pending requests, with actions. Idempotent."""

import hashlib
import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Membership, Role, User
from attribution.models import ActionCommitment, SignoffRequest, SignoffStatus
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import (
    signoff_decline,
    signoff_pinky_swear,
    signoff_requests_open_for_event,
    signoff_sign,
)
from insights.models import Insight, InsightRevision, OutboxEvent

DEMO_SOURCE = "demo-signoffs"


def _person(department: Department, role: str) -> User | None:
    m = Membership.objects.filter(department=department, role=role).select_related("user").first()
    return m.user if m else None


def _minimal_revision() -> InsightRevision | None:
    departments = list(Department.objects.filter(is_contact_center=False).order_by("name")[:4])
    author = User.objects.filter(memberships__role=Role.LEAD).first() or User.objects.first()
    if not departments or author is None:
        return None
    insight, _ = Insight.objects.get_or_create(
        title="Customers call twice about the same bill",
        defaults={
            "summary": f"Demo insight ({DEMO_SOURCE}): one in five billing calls is a repeat within 7 days.",
            "status": "published",
            "created_by": author,
            "published_at": timezone.now(),
            "has_unpublished_changes": False,
        },
    )
    insight.departments.set(departments)
    content = {"title": insight.title, "summary": insight.summary, "source": DEMO_SOURCE}
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    revision, _ = InsightRevision.objects.get_or_create(
        insight=insight,
        number=1,
        defaults={
            "content": content,
            "canonical_json": canonical,
            "content_hash": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            "published_by": author,
        },
    )
    return revision


def seed_signoffs() -> int:
    """Open requests for published revisions (creating a minimal one if none), then answer some of them."""
    revisions = list(InsightRevision.objects.select_related("insight").order_by("insight_id", "-number"))
    if not revisions:
        revision = _minimal_revision()
        revisions = [revision] if revision else []
    latest = {}
    for revision in revisions:
        latest.setdefault(revision.insight_id, revision)
    with transaction.atomic():
        for revision in latest.values():
            event = OutboxEvent.objects.filter(kind="insight.published", revision=revision).first()
            if event is None:
                event = OutboxEvent(
                    kind="insight.published",
                    insight=revision.insight,
                    revision=revision,
                    payload={
                        "insight_id": revision.insight_id,
                        "revision_id": revision.pk,
                        "department_ids": list(revision.insight.departments.values_list("id", flat=True)),
                    },
                )
                event.save()
            signoff_requests_open_for_event(event=event)
    outcomes = ["signed", "pinky_sworn", "declined", "pending"]
    pending = list(SignoffRequest.objects.filter(status=SignoffStatus.PENDING).select_related("department", "revision"))
    if SignoffRequest.objects.exclude(status__in=[SignoffStatus.PENDING, SignoffStatus.SUPERSEDED]).exists():
        return SignoffRequest.objects.count()  # already answered some: leave them be
    for request, outcome in zip(pending, outcomes, strict=False):
        signatory = _person(request.department, Role.SIGNATORY)
        member = _person(request.department, Role.MEMBER) or signatory
        if signatory is None:
            continue
        meta = {"ip_address": "198.51.100.7", "user_agent": "Demo browser"}
        if outcome == "signed":
            terms = credit_agreement_for_signing(department=request.department)
            signoff_sign(
                user=signatory,
                request_id=request.pk,
                typed_name=signatory.full_name or signatory.email,
                consent=True,
                content_hash=request.revision.content_hash,
                terms_hash=terms.terms_hash,
                **meta,
            )
        elif outcome == "pinky_sworn":
            signoff_pinky_swear(user=member, request_id=request.pk, content_hash=request.revision.content_hash, **meta)
        elif outcome == "declined":
            signoff_decline(user=signatory, request_id=request.pk, reason="Not a priority this quarter.", **meta)
        if outcome in ("signed", "pinky_sworn", "pending"):
            today = timezone.localdate()
            ActionCommitment.objects.get_or_create(
                request=request,
                description="Rewrite the bill explanation and measure repeat calls.",
                defaults={
                    "department": request.department,
                    "owner": member,
                    "due_on": today + timedelta(days=21 if outcome != "pending" else -2),
                    "created_by": signatory,
                },
            )
    return SignoffRequest.objects.count()
