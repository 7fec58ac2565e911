"""The seed's escalation ladder beyond reminders: a decline is told, with its reason, to the department's
executive sponsor and the center's leads (through the notification outbox), and the trail says so."""

from django.conf import settings

from accounts.policy import center_leads
from attribution.models import SignoffEvent, SignoffRecord
from attribution.services.trail import signoff_event_record
from core.models import OutboxEvent
from core.outbox import outbox_event_record


def _told(department) -> tuple[list, bool]:
    """Who hears of the department's decline: its executive sponsor (first, when active) and the center's leads."""
    sponsor = department.executive_sponsor
    people = [sponsor] if sponsor and sponsor.is_active else []
    return people + [lead for lead in center_leads() if lead not in people], bool(people)


def signoff_decline_recipients(*, department) -> list[str]:
    """The addresses a decline by `department` is e-mailed to."""
    return sorted({p.email for p in _told(department)[0]})


def signoff_decline_escalate(*, record: SignoffRecord) -> list[str]:
    """Queue the e-mail about `record` (a decline) in the caller's transaction; returns who it goes to."""
    request = record.request
    department = request.department
    people, has_sponsor = _told(department)
    recipients = sorted({p.email for p in people})
    if not recipients:
        return []
    title = request.revision.title
    link = f"{settings.SITE_URL.rstrip('/')}/signoffs/requests/{request.pk}/"
    outbox_event_record(
        kind=OutboxEvent.Kind.SIGNOFF_DECLINED,
        insight=request.insight,
        revision=request.revision,
        payload={
            "department_id": department.pk,
            "request_id": request.pk,
            "record_id": record.pk,
            "recipient_ids": sorted(p.pk for p in people),
            "subject": f"{department.name} declined “{title}”",
            "body": (
                f"{record.signer.get_full_name() or record.signer.email} declined, for {department.name}, the "
                f"insight “{title}” (revision {request.revision.number}).\n\nTheir reason:\n{record.reason}\n\n"
                f"An informal acknowledgement (pinky swear) is still possible, and the request stays open for a "
                f"formal signature afterwards.\n\n{link}\n"
            ),
        },
    )
    roles = ["executive sponsor"] if has_sponsor else []
    roles += ["center lead"] if len(people) > len(roles) else []
    signoff_event_record(
        request=request,
        kind=SignoffEvent.Kind.ESCALATED,
        channel="email",
        detail=f"Decline and its reason e-mailed to the {' and the '.join(roles)}: {', '.join(recipients)}",
        record=record,
    )
    return recipients
