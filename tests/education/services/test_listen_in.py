"""education.services.listen_in: scheduling, the invitation, the guest's answer and notes, the draft insight."""

from datetime import UTC, timedelta
from email import message_from_bytes

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from education.models import ListenInSession
from education.services import (
    listen_in_insight_draft,
    listen_in_invitation_send,
    listen_in_notes_record,
    listen_in_respond,
    listen_in_schedule,
)
from insights.models import Insight, InsightEvidence, InsightStatus
from tests.education.education_support import make_contact


def schedule(org, *, guest=None, starts_in=timedelta(days=2), minutes=60, queue="billing"):
    return listen_in_schedule(
        scheduled_by=org.lead,
        guest=guest or org.executive,
        starts_at=timezone.now() + starts_in,
        duration_minutes=minutes,
        queue=queue,
    )


def move_to_past(session, *, ago=timedelta(hours=3)):
    """Sessions are scheduled in the future; tests then let time pass."""
    ListenInSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - ago)
    session.refresh_from_db()
    return session


def invitation(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(org)
    assert len(mail.outbox) == 1
    return session, mail.outbox[0]


def ics_part(message):
    parsed = message_from_bytes(message.message().as_bytes())
    parts = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    return parts[0]


def test_scheduling_emails_the_guest_an_invitation_after_commit(org, django_capture_on_commit_callbacks):
    session, message = invitation(org, django_capture_on_commit_callbacks)
    assert message.to == [org.executive.email]
    assert "billing" in message.subject
    assert reverse("listen-in-respond", args=[session.response_token]) in message.body
    session.refresh_from_db()
    assert session.invitation_sent_at is not None


def test_the_invitation_is_sent_once_even_when_the_task_runs_again(org, django_capture_on_commit_callbacks):
    session, _ = invitation(org, django_capture_on_commit_callbacks)
    assert listen_in_invitation_send(session_id=session.pk) is False
    assert len(mail.outbox) == 1


def test_the_attachment_is_a_calendar_request(org, django_capture_on_commit_callbacks):
    _, message = invitation(org, django_capture_on_commit_callbacks)
    part = ics_part(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_filename() == "listen-in.ics"


def test_the_ics_is_valid_rfc_5545(org, django_capture_on_commit_callbacks):
    session, message = invitation(org, django_capture_on_commit_callbacks)
    raw = ics_part(message).get_payload(decode=True)
    # RFC 5545 §3.1: lines end in CRLF and are folded at 75 octets.
    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar.errors == []
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] and calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert event.errors == []
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "ORGANIZER", "ATTENDEE"):
        assert required in event, required
    assert event.decoded("DTSTART") == session.starts_at.astimezone(UTC).replace(microsecond=0) or abs(
        event.decoded("DTSTART") - session.starts_at
    ) < timedelta(seconds=1)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=60)
    assert event.decoded("DTSTART").tzinfo is not None
    assert str(event["ATTENDEE"]) == f"mailto:{org.executive.email}"
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"
    assert str(event["ORGANIZER"]) == f"mailto:{org.lead.email}"
    assert str(session.calendar_uid) in str(event["UID"])
    # Round trip: what icalendar writes back parses to the same event.
    again = icalendar.Calendar.from_ical(calendar.to_ical())
    assert again.walk("VEVENT")[0]["UID"] == event["UID"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"starts_in": timedelta(hours=-1)}, "starts_at"),
        ({"minutes": 2}, "duration_minutes"),
        ({"minutes": 600}, "duration_minutes"),
        ({"queue": "  "}, "queue"),
    ],
)
def test_bad_schedules_name_the_field(org, change, field):
    with pytest.raises(ValidationError) as caught:
        schedule(org, **change)
    assert field in caught.value.message_dict
    assert not ListenInSession.objects.exists()


def test_only_executives_and_department_people_are_guests(org):
    with pytest.raises(ValidationError) as caught:
        schedule(org, guest=org.outsider)
    assert "guest" in caught.value.message_dict
    assert schedule(org, guest=org.marketing_member).guest == org.marketing_member


def test_only_a_lead_schedules(org):
    with pytest.raises(PermissionDenied):
        listen_in_schedule(
            scheduled_by=org.analyst,
            guest=org.executive,
            starts_at=timezone.now() + timedelta(days=1),
            duration_minutes=30,
            queue="billing",
        )


def test_the_guest_accepts_through_the_emailed_link_without_signing_in(org, client):
    session = schedule(org)
    url = reverse("listen-in-respond", args=[session.response_token])
    assert client.get(url).status_code == 200
    session.refresh_from_db()
    assert session.response == "pending"  # looking is not answering
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 200 and b"accepted" in response.content
    session.refresh_from_db()
    assert session.response == "accepted" and session.responded_at is not None


def test_the_guest_can_decline_signed_in(org):
    session = schedule(org)
    assert listen_in_respond(session=session, accept=False, user=org.executive).response == "declined"


def test_nobody_else_answers_for_the_guest(org, client):
    session = schedule(org)
    with pytest.raises(PermissionDenied):
        listen_in_respond(session=session, accept=True, user=org.lead)
    with pytest.raises(PermissionDenied):
        listen_in_respond(session=session, accept=True, token="not-the-token")
    assert client.get(reverse("listen-in-respond", args=["not-the-token"])).status_code == 404


def test_the_answer_cannot_change_once_the_session_started(org):
    session = move_to_past(schedule(org))
    with pytest.raises(ValidationError):
        listen_in_respond(session=session, accept=False, user=org.executive)


def listened(org, *, queue="billing"):
    session = move_to_past(schedule(org, queue=queue))
    inside = [make_contact(started_at=session.starts_at + timedelta(minutes=m), queue=queue) for m in (0, 10, 59)]
    make_contact(started_at=session.starts_at + timedelta(minutes=60), queue=queue)  # just after
    make_contact(started_at=session.starts_at - timedelta(seconds=1), queue=queue)  # just before
    make_contact(started_at=session.starts_at + timedelta(minutes=5), queue="sales")  # other queue
    return session, inside


def test_notes_become_a_draft_insight_with_the_sessions_contacts_as_evidence(org):
    session, inside = listened(org)
    listen_in_notes_record(session=session, user=org.executive, notes="Three people asked why the bill doubled.")
    insight = listen_in_insight_draft(session=session, user=org.executive)
    assert insight.status == InsightStatus.DRAFT
    assert insight.summary == "Three people asked why the bill doubled."
    assert "billing" in insight.title
    assert insight.created_by == org.executive
    assert set(InsightEvidence.objects.filter(insight=insight).values_list("contact_id", flat=True)) == {
        c.pk for c in inside
    }
    assert insight.statistics["contacts"] == 3 and insight.statistics["source"] == "listen_in"
    session.refresh_from_db()
    assert session.insight == insight


def test_a_second_click_returns_the_same_draft(org):
    session, _ = listened(org)
    listen_in_notes_record(session=session, user=org.executive, notes="Heard it.")
    first = listen_in_insight_draft(session=session, user=org.executive)
    assert listen_in_insight_draft(session=session, user=org.analyst) == first
    assert Insight.objects.count() == 1


def test_no_notes_no_insight(org):
    session, _ = listened(org)
    with pytest.raises(ValidationError) as caught:
        listen_in_insight_draft(session=session, user=org.executive)
    assert "notes" in caught.value.message_dict


def test_notes_wait_for_the_session_and_belong_to_the_guest(org):
    future = schedule(org)
    with pytest.raises(ValidationError):
        listen_in_notes_record(session=future, user=org.executive, notes="too early")
    session, _ = listened(org)
    with pytest.raises(PermissionDenied):
        listen_in_notes_record(session=session, user=org.lead, notes="not mine to write")
    listen_in_notes_record(session=session, user=org.executive, notes="Heard it.")
    with pytest.raises(PermissionDenied):
        listen_in_insight_draft(session=session, user=org.marketing_member)
