"""The education pages, rendered by the server."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from education.models import ListenInSession, QuizAnswer
from tests.education.education_support import contacts_every, start_game


def test_calculator_is_prefilled_from_the_centers_busy_hour_and_answers_the_question(org, client):
    start = (timezone.now() - timedelta(days=1)).replace(hour=14, minute=0, second=0, microsecond=0)
    contacts_every(start=start, minutes=1, count=40, handle=240)
    client.force_login(org.executive)
    response = client.get(reverse("staffing-calculator"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["contacts"].value() == 40 and form["aht_seconds"].value() == 240
    page = response.content.decode()
    assert "<svg" in page and "polyline" in page
    assert "as service level goes up, occupancy goes down" in response.context["result"]["sentence"]


def test_calculator_reports_an_understaffed_team_and_bad_input(org, client):
    client.force_login(org.lead)
    base = {
        "contacts": 100,
        "interval_minutes": 30,
        "aht_seconds": 180,
        "target_percent": 80,
        "target_seconds": 20,
        "shrinkage_percent": 30,
    }
    page = client.get(reverse("staffing-calculator"), {**base, "agents": 8}).content.decode()
    assert "Under-staffed" in page
    response = client.get(reverse("staffing-calculator"), {**base, "contacts": 10_000_000})
    assert response.status_code == 200 and "contacts" in response.context["form"].errors


def test_the_calculator_is_not_for_people_without_a_role(org, client):
    client.force_login(org.outsider)
    assert client.get(reverse("staffing-calculator")).status_code == 403


def test_playing_a_question_shows_the_explanation_and_refuses_a_second_answer(org, client):
    game = start_game(org, count=2)
    client.force_login(org.marketing_member)
    page = client.get(reverse("quiz-play", args=[game.pk]))
    question = page.context["question"]
    assert escape(question.prompt) in page.content.decode()
    wrong = (question.correct_choice + 1) % 4
    answered = client.post(
        reverse("quiz-play", args=[game.pk]), {"question": question.pk, "choice": wrong}, follow=True
    )
    assert escape(question.explanation) in answered.content.decode()
    again = client.post(
        reverse("quiz-play", args=[game.pk]), {"question": question.pk, "choice": question.correct_choice}, follow=True
    )
    assert "answers are final" in again.content.decode()
    assert QuizAnswer.objects.get(question=question).choice == wrong


def test_a_lead_starts_a_game_from_the_page(org, client):
    client.force_login(org.lead)
    response = client.post(
        reverse("quiz-new"), {"title": "Board away-day", "groups": ["executives"], "question_count": 3}
    )
    assert response.status_code == 302
    client.force_login(org.executive)
    assert "Board away-day" in client.get(reverse("quiz")).content.decode()


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


def test_navigation_shows_the_education_sections(org, client):
    client.force_login(org.executive)
    labels = [s["label"] for s in client.get(reverse("home"), follow=True).context["nav_sections"]]
    assert {"Staffing calculator", "Quiz", "Listen-in"} <= set(labels)
    client.force_login(org.outsider)
    labels = [s["label"] for s in client.get(reverse("home")).context["nav_sections"]]
    assert "Quiz" not in labels


def test_the_lead_who_runs_a_game_sees_its_scores_instead_of_playing(org, client):
    game = start_game(org, count=1)
    client.force_login(org.lead)
    response = client.get(reverse("quiz-play", args=[game.pk]))
    assert response.status_code == 200 and "run this game" in response.content.decode()
    assert not game.attempts.exists()
    client.force_login(org.sales_member)
    assert client.get(reverse("quiz-play", args=[game.pk])).status_code == 403
