"""Reminders and escalation for pending sign-off requests; each step is sent once per request."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.policy import department_signatories
from attribution.models import SignoffEvent, SignoffReminder, SignoffRequest, SignoffStatus
from attribution.services.trail import signoff_event_record
from core import formats

TRAIL_KINDS = {
    SignoffReminder.Step.REMINDER: SignoffEvent.Kind.REMINDED,
    SignoffReminder.Step.ESCALATION: SignoffEvent.Kind.ESCALATED,
}


def _claim(request: SignoffRequest, step: str, recipients: list[str]) -> bool:
    """Record the step; False when another run already sent it (the unique constraint decides)."""
    try:
        with transaction.atomic():
            locked = SignoffRequest.objects.select_for_update().get(pk=request.pk)
            if locked.status != SignoffStatus.PENDING:
                return False
            SignoffReminder.objects.create(request=request, step=step, recipients=recipients)
            signoff_event_record(
                request=request,
                kind=TRAIL_KINDS[step],
                channel="email",
                detail=f"{SignoffReminder.Step(step).label}: {', '.join(recipients)}",
            )
            return True
    except IntegrityError:
        return False


def signoff_reminders_send(*, now=None) -> dict:
    now = now or timezone.now()
    sent = {"reminder": 0, "escalation": 0}
    steps = [
        (SignoffReminder.Step.REMINDER, settings.SIGNOFF_REMIND_DAYS),
        (SignoffReminder.Step.ESCALATION, settings.SIGNOFF_ESCALATE_DAYS),
    ]
    for step, days in steps:
        due = (
            SignoffRequest.objects.filter(status=SignoffStatus.PENDING, created_at__lte=now - timedelta(days=days))
            .exclude(reminders__step=step)
            .select_related("department__executive_sponsor", "insight")
        )
        for request in due:
            if step == SignoffReminder.Step.REMINDER:
                recipients = sorted(
                    department_signatories(department=request.department).values_list("email", flat=True)
                )
                subject = f"Sign-off pending: {request.insight.title}"
            else:
                sponsor = request.department.executive_sponsor
                recipients = [sponsor.email] if sponsor else []
                subject = f"Escalation: {request.department.name} has not answered “{request.insight.title}”"
            if not recipients or not _claim(request, step, recipients):
                continue
            send_mail(
                subject,
                f"The sign-off request for “{request.insight.title}” (r{request.revision.number}) is pending since "
                f"{formats.date(request.created_at)} and due {formats.date(request.due_on)}.",
                None,
                recipients,
            )
            sent[step] += 1
    return sent
