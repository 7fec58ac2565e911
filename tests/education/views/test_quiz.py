"""education.views.quiz: the quiz pages."""

from django.urls import reverse
from django.utils.html import escape

from education.models import QuizAnswer
from tests.accounts.factories import DepartmentFactory
from tests.education.education_support import start_game


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


def test_the_lead_who_runs_a_game_sees_its_scores_instead_of_playing(org, client):
    game = start_game(org, count=1)
    client.force_login(org.lead)
    response = client.get(reverse("quiz-play", args=[game.pk]))
    assert response.status_code == 200 and "run this game" in response.content.decode()
    assert not game.attempts.exists()
    client.force_login(org.sales_member)
    assert client.get(reverse("quiz-play", args=[game.pk])).status_code == 403


def test_a_refused_game_re_renders_the_form_with_the_reason_and_400(org, client):
    empty = DepartmentFactory(name="Legal")
    client.force_login(org.lead)
    response = client.post(
        reverse("quiz-new"), {"title": "Away-day", "groups": [f"department:{empty.pk}"], "question_count": 3}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == ["Play with: Choose at least one person to play."]
    assert "Play with: Choose at least one person to play." in response.content.decode()


def test_an_unreadable_quarter_is_the_sites_400_page(org, client):
    client.force_login(org.marketing_member)
    response = client.get(reverse("quiz-leaderboard"), {"quarter": "spring"})
    assert response.status_code == 400
    assert escape('Write a quarter as "2025-Q3".') in response.content.decode()


def test_an_answer_to_a_question_of_another_game_is_a_404(org, client):
    game, other = start_game(org, count=1), start_game(org, count=1)
    client.force_login(org.marketing_member)
    question = other.questions.get()
    response = client.post(reverse("quiz-play", args=[game.pk]), {"question": question.pk, "choice": 0})
    assert response.status_code == 404
