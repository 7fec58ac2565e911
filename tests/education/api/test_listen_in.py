"""education.api.listen_in: listen-in sessions over HTTP."""

from datetime import timedelta

from django.utils import timezone

from tests.education.education_support import make_contact


def test_listen_in_over_the_api(org, api_as, mailoutbox, django_capture_on_commit_callbacks):
    lead = api_as(org.lead)
    starts = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        created = lead.post(
            "/api/listen-ins/",
            {"guest_id": org.executive.pk, "starts_at": starts.isoformat(), "duration_minutes": 45, "queue": "billing"},
            format="json",
        )
    assert created.status_code == 201, created.json()
    assert len(mailoutbox) == 1
    pk = created.json()["id"]
    guest = api_as(org.executive)
    assert guest.post(f"/api/listen-ins/{pk}/respond/", {"answer": "accept"}, format="json").json()["response"] == (
        "accepted"
    )
    assert guest.post(f"/api/listen-ins/{pk}/notes/", {"notes": "x"}, format="json").status_code == 400
    from education.models import ListenInSession

    ListenInSession.objects.filter(pk=pk).update(starts_at=timezone.now() - timedelta(hours=2))
    make_contact(started_at=timezone.now() - timedelta(hours=2) + timedelta(minutes=3), queue="billing")
    assert (
        guest.post(f"/api/listen-ins/{pk}/notes/", {"notes": "Bills confuse people."}, format="json").status_code == 200
    )
    drafted = guest.post(f"/api/listen-ins/{pk}/draft-insight/")
    assert drafted.status_code == 201 and drafted.json()["evidence_count"] == 1
    summary = api_as(org.executive).get("/api/listen-ins/summary/").json()
    assert summary["executives_listened"] == 1
    assert api_as(org.marketing_member).get("/api/listen-ins/summary/").status_code == 403
    assert api_as(org.marketing_member).get("/api/listen-ins/").json()["results"] == []
    bad = lead.post(
        "/api/listen-ins/",
        {"guest_id": org.outsider.pk, "starts_at": starts.isoformat(), "duration_minutes": 45, "queue": "billing"},
        format="json",
    )
    assert bad.status_code == 400 and "guest" in bad.json()
