"""Demo sign-offs: signed, pinky-sworn, declined and pending requests, with actions. Idempotent.

Each department signs its first insight, declines the second of three, and leaves the last open (informally
promised by one department, with a slipped action at another), so the executive's partnership table for the
current quarter shows every kind of answer, real days to sign and actions on time below 100% somewhere.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Role, User
from accounts.selectors import department_members
from attribution.models import ActionCommitment, SignoffRequest, SignoffStatus
from attribution.services.agreements import credit_agreement_for_signing
from attribution.services.signoffs import (
    SIGNOFF_DUE_DAYS,
    action_commitment_set_status,
    signoff_decline,
    signoff_pinky_swear,
    signoff_requests_open_for_event,
    signoff_sign,
)
from core.hashing import canonical_json, content_hash
from core.models import OutboxEvent
from insights.models import Insight, InsightRevision

DEMO_SOURCE = "demo-signoffs"


def _person(department: Department, role: str) -> User | None:
    return department_members(department=department, roles=[role]).order_by("pk").first()


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
    canonical = canonical_json(content).decode("utf-8")
    revision, _ = InsightRevision.objects.get_or_create(
        insight=insight,
        number=1,
        defaults={
            "content": content,
            "canonical_json": canonical,
            "content_hash": content_hash(content),
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
    if SignoffRequest.objects.exclude(status__in=[SignoffStatus.PENDING, SignoffStatus.SUPERSEDED]).exists():
        return SignoffRequest.objects.count()  # already answered some: leave them be
    pending = list(
        SignoffRequest.objects.filter(status=SignoffStatus.PENDING)
        .select_related("department", "revision", "insight")
        .order_by("department__slug", "insight_id")
    )
    by_department: dict[int, list[SignoffRequest]] = {}
    for request in pending:
        by_department.setdefault(request.department_id, []).append(request)
    for index, requests in enumerate(by_department.values()):
        for position, request in enumerate(requests):
            _answer(request, _plan(index, position, len(requests)))
    return SignoffRequest.objects.count()


def _plan(index: int, position: int, count: int) -> dict:
    """What the department does with its `position`-th request, and how many days ago it came in.

    Each department signs its first insight (so every department has secured credit to show) and, with three,
    declines the second; the last stays open, one department pinky-swears it, one has let an action slip.
    The ledger demo builds its improvements on the same insights and keeps these answers.
    """
    if position == 0:
        return {"outcome": "signed", "days_ago": 3 + 2 * index, "action": "done"}
    if position == 1 and count > 2:
        return {"outcome": "declined", "days_ago": 12 + index, "action": None}
    if index % 4 == 1:
        return {"outcome": "pinky_sworn", "days_ago": 8, "action": "open"}
    if index % 4 == 3:
        return {"outcome": "pending", "days_ago": 20, "action": "late"}
    return {"outcome": "pending", "days_ago": 2 + index, "action": None}


def _received(days_ago: int):
    """`days_ago` days before now, but never before the current quarter began, so the demo's current quarter
    always holds its requests; the answers are given now (a record's time is the server's, and immutable)."""
    now = timezone.now()
    today = timezone.localdate()
    quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    floor = timezone.make_aware(datetime.combine(quarter_start, time(9, 0)))
    return max(now - timedelta(days=days_ago, hours=3), min(floor, now))


def _answer(request: SignoffRequest, plan: dict) -> None:
    signatory = _person(request.department, Role.SIGNATORY)
    member = _person(request.department, Role.MEMBER) or signatory
    if signatory is None:
        return
    # Date the request as received days ago (requests are mutable; records are not), so days to sign are real.
    received = _received(plan["days_ago"])
    SignoffRequest.objects.filter(pk=request.pk).update(
        created_at=received, due_on=timezone.localtime(received).date() + timedelta(days=SIGNOFF_DUE_DAYS)
    )
    meta = {"ip_address": "198.51.100.7", "user_agent": "Demo browser"}
    outcome = plan["outcome"]
    if outcome == "signed":
        terms = credit_agreement_for_signing(department=request.department)
        signoff_sign(
            user=signatory,
            request_id=request.pk,
            typed_name=signatory.full_name or signatory.email,
            consent=True,
            content_hash=request.revision.content_hash,
            terms_hash=terms.terms_hash,
            authenticated_at=timezone.now(),  # seeded as signed just after signing in
            **meta,
        )
    elif outcome == "pinky_sworn":
        signoff_pinky_swear(user=member, request_id=request.pk, content_hash=request.revision.content_hash, **meta)
    elif outcome == "declined":
        signoff_decline(user=signatory, request_id=request.pk, reason="Not a priority this quarter.", **meta)
    if plan["action"] is None:
        return
    today = timezone.localdate()
    action, _ = ActionCommitment.objects.get_or_create(
        request=request,
        description=f"Act on “{request.insight.title}” and measure the calls it saves.",
        defaults={
            "department": request.department,
            "owner": member,
            "due_on": today + timedelta(days=-2 if plan["action"] == "late" else 21),
            "created_by": signatory,
            "created_at": received if plan["action"] == "late" else timezone.now(),
        },
    )
    if plan["action"] == "done":
        action_commitment_set_status(user=member, action_id=action.pk, status=ActionCommitment.Status.DONE)
