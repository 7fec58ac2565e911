"""Writes for listen-in sessions: scheduling and inviting, the guest's answer and notes, the insight they feed."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from email.mime.text import MIMEText

import icalendar
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, allowed, require
from core import formats
from core.queue import enqueue_on_commit
from core.typed_text import scrub
from education.models import ListenInSession
from insights.models import Insight, InsightEvidence, InsightStatus


@transaction.atomic
def listen_in_schedule(
    *, scheduled_by: User, guest: User, starts_at: datetime, duration_minutes: int, queue: str
) -> ListenInSession:
    """Schedule a listen-in for an executive or department member; the invitation goes out after commit."""
    require(scheduled_by, Action.SCHEDULE_LISTEN_IN)
    errors: dict[str, list[str]] = {}
    if guest is None or not guest.is_active or not allowed(guest, Action.ATTEND_LISTEN_IN):
        errors["guest"] = ["Invite an executive or a member of a department."]
    elif guest.pk == scheduled_by.pk:
        errors["guest"] = ["You cannot invite yourself."]
    if starts_at is None or timezone.is_naive(starts_at):
        errors["starts_at"] = ["Give a date and time with a time zone."]
    elif starts_at <= timezone.now():
        errors["starts_at"] = ["The session must start in the future."]
    if isinstance(duration_minutes, bool) or not isinstance(duration_minutes, int) or not 5 <= duration_minutes <= 480:
        errors["duration_minutes"] = ["Between 5 and 480 minutes."]
    queue = (queue or "").strip()
    if not queue:
        errors["queue"] = ["Name the queue the guest will listen to."]
    elif len(queue) > 80:
        errors["queue"] = ["At most 80 characters."]
    if errors:
        raise ValidationError(errors)
    session = ListenInSession(
        guest=guest, scheduled_by=scheduled_by, starts_at=starts_at, duration_minutes=duration_minutes, queue=queue
    )
    session.full_clean()
    session.save()
    from education.tasks import listen_in_send_invitation

    enqueue_on_commit(listen_in_send_invitation, session.pk)
    return session


def listen_in_calendar(*, session: ListenInSession) -> bytes:
    """The session as an RFC 5545 invitation (METHOD:REQUEST) the guest's calendar can accept or decline."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Center Stage//Listen-in sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"{session.calendar_uid}@center-stage")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"Listen in: {session.queue} queue")
    event.add(
        "description",
        f"Put on a headset and hear customers first-hand on the {session.queue} queue for "
        f"{session.duration_minutes} minutes. Afterwards, write down what you heard.\n\n"
        f"Accept or decline: {_respond_url(session)}",
    )
    event.add("location", f"Contact center — {session.queue} queue")
    event.add("sequence", 0)
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = icalendar.vCalAddress(f"mailto:{session.scheduled_by.email}")
    organizer.params["cn"] = icalendar.vText(str(session.scheduled_by))
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{session.guest.email}")
    attendee.params["cn"] = icalendar.vText(str(session.guest))
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    event.add("url", _respond_url(session))
    calendar.add_component(event)
    return calendar.to_ical()


def _respond_url(session: ListenInSession) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("listen-in-respond", args=[session.response_token])


@transaction.atomic
def listen_in_invitation_send(*, session_id: int) -> bool:
    """E-mail the guest the invitation with its .ics; once only (True when this call sent it)."""
    session = (
        ListenInSession.objects.select_for_update(of=("self",))
        .select_related("guest", "scheduled_by")
        .filter(pk=session_id)
        .first()
    )
    if session is None or session.invitation_sent_at is not None:
        return False
    local_start = timezone.localtime(session.starts_at)
    message = EmailMessage(
        subject=f"Listen in on the {session.queue} queue, {local_start:%A} {formats.datetime(session.starts_at)}",
        body=(
            f"Hello {session.guest.get_short_name()},\n\n"
            f"{session.scheduled_by} has invited you to listen in on customer contacts on the {session.queue} queue "
            f"on {local_start:%A} {formats.datetime(session.starts_at)} for "
            f"{session.duration_minutes} minutes.\n\n"
            f"Accept or decline here: {_respond_url(session)}\n"
            "The attached invitation adds it to your calendar.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[session.guest.email],
        reply_to=[session.scheduled_by.email],
    )
    invitation = MIMEText(listen_in_calendar(session=session).decode("utf-8"), "calendar", "utf-8")
    invitation.set_param("method", "REQUEST")
    invitation.add_header("Content-Disposition", "attachment", filename="listen-in.ics")
    message.attach(invitation)
    message.send()
    session.invitation_sent_at = timezone.now()
    session.save(update_fields=["invitation_sent_at"])
    return True


@transaction.atomic
def listen_in_respond(
    *, session: ListenInSession, accept: bool, user: User | None = None, token: str | None = None
) -> ListenInSession:
    """The guest accepts or declines (by the e-mailed token, or signed in); they may change it until it starts."""
    session = ListenInSession.objects.select_for_update().get(pk=session.pk)
    by_token = token is not None and token == session.response_token
    by_guest = user is not None and user.is_authenticated and user.pk == session.guest_id
    if not (by_token or by_guest):
        raise PermissionDenied("Only the invited guest can answer this invitation.")
    if session.starts_at <= timezone.now():
        raise ValidationError({"response": ["The session has already started; the answer can no longer change."]})
    session.response = ListenInSession.Response.ACCEPTED if accept else ListenInSession.Response.DECLINED
    session.responded_at = timezone.now()
    session.full_clean()
    session.save(update_fields=["response", "responded_at"])
    return session


@transaction.atomic
def listen_in_notes_record(*, session: ListenInSession, user: User, notes: str) -> ListenInSession:
    """The guest writes down what they heard, once the session has started."""
    session = ListenInSession.objects.select_for_update().get(pk=session.pk)
    if user.pk != session.guest_id:
        raise PermissionDenied("Only the guest records what they heard.")
    if session.starts_at > timezone.now():
        raise ValidationError({"notes": ["Record what you heard after the session has started."]})
    if session.response == ListenInSession.Response.DECLINED:
        raise ValidationError({"notes": ["This session was declined."]})
    notes = scrub((notes or "").strip())
    if not notes:
        raise ValidationError({"notes": ["Write down what you heard."]})
    if len(notes) > 20000:
        raise ValidationError({"notes": ["At most 20,000 characters."]})
    session.notes = notes
    session.notes_recorded_at = timezone.now()
    if session.response == ListenInSession.Response.PENDING:
        # Writing notes is the clearest answer there is.
        session.response = ListenInSession.Response.ACCEPTED
        session.responded_at = session.notes_recorded_at
    session.save(update_fields=["notes", "notes_recorded_at", "response", "responded_at"])
    return session


@transaction.atomic
def listen_in_insight_draft(*, session: ListenInSession, user: User) -> Insight:
    """Turn the guest's notes into a draft insight whose evidence is the queue's contacts during the session.

    One insight per session: a second click returns the same draft.
    LEAD: swap the creation below for insights.services.insights.insight_create once it is merged.
    """
    from education.selectors import listen_in_evidence_contacts

    session = (
        ListenInSession.objects.select_for_update(of=("self",)).select_related("guest", "insight").get(pk=session.pk)
    )
    if user.pk != session.guest_id and not allowed(user, Action.DRAFT_INSIGHT):
        raise PermissionDenied("Only the guest or the center's staff can draft an insight from these notes.")
    if session.insight_id:
        return session.insight
    if not session.notes:
        raise ValidationError({"notes": ["Record what you heard first."]})
    contacts = listen_in_evidence_contacts(session=session)
    stats = contacts.aggregate(
        contacts=Count("id"),
        abandoned=Count("id", filter=Q(abandoned=True)),
        average_wait_seconds=Avg("wait_seconds"),
        average_handle_seconds=Avg("handle_seconds"),
    )
    stats = {k: (round(float(v), 1) if isinstance(v, float | Decimal) else v) for k, v in stats.items()}
    local_start = timezone.localtime(session.starts_at)
    now = timezone.now()
    insight = Insight.objects.create(
        title=f"What {session.guest} heard on the {session.queue} queue, {formats.date(local_start)}"[:200],
        summary=session.notes,
        status=InsightStatus.DRAFT,
        statistics={
            "source": "listen_in",
            "listen_in_session": session.pk,
            "window_start": session.starts_at.isoformat(),
            "window_end": session.ends_at.isoformat(),
            "queue": session.queue,
            **stats,
        },
        created_by=user,
        created_at=now,
        updated_at=now,
    )
    InsightEvidence.objects.bulk_create(
        InsightEvidence(insight=insight, contact_id=contact_id, note="Heard during the listen-in session")
        for contact_id in contacts.values_list("id", flat=True)
    )
    session.insight = insight
    session.save(update_fields=["insight"])
    return insight
