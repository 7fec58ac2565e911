"""Reads for listen-in sessions: who sees which, the evidence of a session, the executive summary."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, allowed, executive_ids
from education.models import ListenInSession
from insights.models import Contact


def listen_in_sessions_for(*, user: User) -> QuerySet[ListenInSession]:
    """Sessions the user may see: all of them for center staff and executives, their own for guests."""
    sessions = ListenInSession.objects.select_related("guest", "scheduled_by", "insight")
    if not allowed(user, Action.VIEW_EXECUTIVE):
        sessions = sessions.filter(guest=user)
    return sessions.order_by("-starts_at")


def listen_in_evidence_contacts(*, session: ListenInSession) -> QuerySet[Contact]:
    """The contacts of the session's queue during its window: the evidence of what the guest heard."""
    return Contact.objects.filter(
        queue=session.queue, started_at__gte=session.starts_at, started_at__lt=session.ends_at
    ).order_by("started_at", "id")


def listen_in_summary(*, start: datetime, end: datetime, now: datetime | None = None) -> dict:
    """For the executive dashboard: executives who listened in during [start, end), and each session's insight.

    A session counts as listened once it has started and the guest did not decline it.
    """
    now = now or timezone.now()
    sessions = (
        ListenInSession.objects.filter(starts_at__gte=start, starts_at__lt=end, starts_at__lte=now)
        .exclude(response=ListenInSession.Response.DECLINED)
        .select_related("guest", "insight")
        .order_by("-starts_at")
    )
    sessions = list(sessions)
    executives = executive_ids() if sessions else set()  # no sessions, no question to ask
    rows = []
    listened: set[int] = set()
    for session in sessions:
        is_executive = session.guest_id in executives
        if is_executive:
            listened.add(session.guest_id)
        rows.append(
            {
                "id": session.pk,
                "guest": str(session.guest),
                "guest_is_executive": is_executive,
                "starts_at": session.starts_at,
                "queue": session.queue,
                "response": session.response,
                "has_notes": bool(session.notes),
                "insights": (
                    [{"id": session.insight.pk, "title": session.insight.title, "status": session.insight.status}]
                    if session.insight_id
                    else []
                ),
            }
        )
    return {"executives_listened": len(listened), "sessions": rows}
