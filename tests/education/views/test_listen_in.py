"""education.views.listen_in: the listen-in pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from education.models import ListenInSession


def test_a_lead_schedules_a_listen_in_from_the_page(org, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(org.lead)
    starts = timezone.localtime() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("listen-in-new"),
            {
                "guest": org.executive.pk,
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "duration_minutes": 30,
                "queue": "billing",
            },
        )
    assert response.status_code == 302, response.context["form"].errors
    session = ListenInSession.objects.get()
    assert session.guest == org.executive and len(mailoutbox) == 1
    client.force_login(org.executive)
    assert "billing" in client.get(reverse("listen-in")).content.decode()
    assert client.get(reverse("listen-in-detail", args=[session.pk])).status_code == 200


def test_a_session_in_the_past_is_refused_beside_its_date_with_400(org, client):
    client.force_login(org.lead)
    starts = timezone.localtime() - timedelta(days=1)
    response = client.post(
        reverse("listen-in-new"),
        {
            "guest": org.executive.pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 30,
            "queue": "billing",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {"starts_at": ["The session must start in the future."]}
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_starts_at_error"><li>The session must start in the future.</li></ul>' in page
    assert not ListenInSession.objects.exists()
