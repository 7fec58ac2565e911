"""education.selectors.listen_in: the executive summary of who listened in."""

from datetime import timedelta

from django.utils import timezone

from education.models import ListenInSession
from education.selectors import listen_in_summary
from education.services import (
    listen_in_insight_draft,
    listen_in_notes_record,
    listen_in_respond,
    listen_in_schedule,
)
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


def listened(org, *, queue="billing"):
    session = move_to_past(schedule(org, queue=queue))
    inside = [make_contact(started_at=session.starts_at + timedelta(minutes=m), queue=queue) for m in (0, 10, 59)]
    make_contact(started_at=session.starts_at + timedelta(minutes=60), queue=queue)  # just after
    make_contact(started_at=session.starts_at - timedelta(seconds=1), queue=queue)  # just before
    make_contact(started_at=session.starts_at + timedelta(minutes=5), queue="sales")  # other queue
    return session, inside


def test_summary_counts_executives_who_listened_and_lists_insights(org):
    session, _ = listened(org)
    listen_in_notes_record(session=session, user=org.executive, notes="Heard it.")
    insight = listen_in_insight_draft(session=session, user=org.executive)
    member = move_to_past(schedule(org, guest=org.marketing_member))
    declined = schedule(org, guest=org.sales_member)
    listen_in_respond(session=declined, accept=False, user=org.sales_member)
    move_to_past(declined)
    schedule(org)  # still in the future: not yet listened
    now = timezone.now()
    summary = listen_in_summary(start=now - timedelta(days=1), end=now + timedelta(days=30))
    assert summary["executives_listened"] == 1
    assert [s["id"] for s in summary["sessions"]] == [member.pk, session.pk]
    by_id = {s["id"]: s for s in summary["sessions"]}
    assert by_id[session.pk]["insights"] == [{"id": insight.pk, "title": insight.title, "status": "draft"}]
    assert by_id[member.pk]["guest_is_executive"] is False
