"""education.services.quiz: starting games, final answers (also under a race), scoring."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from core.errors import Conflict
from education.models import QuizAnswer, QuizAttempt, QuizPresentation
from education.quiz import SAMPLE_FIGURES, CenterFigures
from education.services import quiz_answer_submit, quiz_game_start, quiz_points, quiz_question_next
from tests.education.education_support import start_game

REAL_FIGURES = CenterFigures(
    hourly_contacts=60.0,
    busiest_hour=14,
    busiest_hour_contacts=100.0,
    aht_seconds=180.0,
    target_seconds=20,
    abandonment_day=date(2025, 3, 4),
    abandonment_rate=0.14,
    contacts=1000,
)


def test_a_game_stores_its_computed_questions(org):
    game = start_game(org, count=4, figures=REAL_FIGURES)
    questions = list(game.questions.all())
    assert [q.position for q in questions] == [1, 2, 3, 4]
    assert questions[0].template == "occupancy_after_adding_people"
    assert questions[0].choices[questions[0].correct_choice] == "It falls from 62% to about 45%"
    assert set(game.players.all()) == {org.executive, org.marketing_member}


def test_only_a_lead_starts_a_game(org):
    with pytest.raises(PermissionDenied):
        quiz_game_start(
            started_by=org.analyst, title="x", players=[org.executive], question_count=2, figures=SAMPLE_FIGURES
        )


def test_a_game_refuses_people_who_may_not_play(org):
    with pytest.raises(ValidationError) as caught:
        start_game(org, players=[org.executive, org.outsider])
    assert "players" in caught.value.message_dict


def answer(org, game, player, *, right: bool):
    q = quiz_question_next(game=game, player=player)
    choice = q.correct_choice if right else (q.correct_choice + 1) % len(q.choices)
    return quiz_answer_submit(question=q, player=player, choice=choice)


def test_right_answers_score_with_a_speed_bonus_and_wrong_ones_score_nothing(org):
    game = start_game(org)
    right = answer(org, game, org.executive, right=True)
    wrong = answer(org, game, org.executive, right=False)
    assert right.is_correct and 100 < right.points <= 160
    assert not wrong.is_correct and wrong.points == 0
    assert quiz_points(is_correct=True, seconds=Decimal("12.5")) == 148
    assert quiz_points(is_correct=True, seconds=Decimal("75")) == 100


def test_an_answer_cannot_be_changed_or_resubmitted(org):
    game = start_game(org)
    first = answer(org, game, org.executive, right=False)
    with pytest.raises(Conflict):
        quiz_answer_submit(question=first.question, player=org.executive, choice=first.question.correct_choice)
    stored = QuizAnswer.objects.get(attempt__player=org.executive, question=first.question)
    assert (stored.choice, stored.points) == (first.choice, 0)


def test_the_database_refuses_a_second_answer_even_past_the_service(org):
    game = start_game(org)
    first = answer(org, game, org.executive, right=False)
    with pytest.raises(IntegrityError, match="quiz_answer_once_per_question"), transaction.atomic():
        QuizAnswer.objects.create(
            attempt=first.attempt,
            question=first.question,
            choice=first.question.correct_choice,
            is_correct=True,
            seconds_taken=1,
            points=159,
        )


def test_the_database_refuses_points_for_a_wrong_answer(org):
    game = start_game(org)
    q = quiz_question_next(game=game, player=org.executive)
    attempt = QuizAttempt.objects.get(game=game, player=org.executive)
    with pytest.raises(IntegrityError, match="quiz_answer_wrong_scores_zero"), transaction.atomic():
        QuizAnswer.objects.create(attempt=attempt, question=q, choice=0, is_correct=False, seconds_taken=1, points=100)


def test_a_game_cannot_be_replayed_for_a_better_score(org):
    game = start_game(org, count=1)
    answer(org, game, org.executive, right=False)
    assert quiz_question_next(game=game, player=org.executive) is None
    with pytest.raises(IntegrityError, match="quiz_attempt_once_per_player"), transaction.atomic():
        QuizAttempt.objects.create(game=game, player=org.executive)


def test_an_unopened_question_cannot_be_answered(org):
    game = start_game(org, count=2)
    first = quiz_question_next(game=game, player=org.executive)
    second = game.questions.exclude(pk=first.pk).get()
    with pytest.raises(ValidationError) as caught:
        quiz_answer_submit(question=second, player=org.executive, choice=0)
    assert "question" in caught.value.message_dict


def test_a_choice_out_of_range_names_the_field(org):
    game = start_game(org)
    q = quiz_question_next(game=game, player=org.executive)
    with pytest.raises(ValidationError) as caught:
        quiz_answer_submit(question=q, player=org.executive, choice=4)
    assert "choice" in caught.value.message_dict


def test_people_outside_the_game_cannot_play_it(org):
    game = start_game(org)
    with pytest.raises(PermissionDenied):
        quiz_question_next(game=game, player=org.sales_member)


def test_showing_a_question_again_does_not_restart_its_clock(org):
    game = start_game(org)
    q = quiz_question_next(game=game, player=org.executive)
    shown = QuizPresentation.objects.get(question=q).shown_at
    QuizPresentation.objects.filter(question=q).update(shown_at=shown - timedelta(seconds=30))
    assert quiz_question_next(game=game, player=org.executive) == q
    assert QuizPresentation.objects.filter(question=q).count() == 1
    result = quiz_answer_submit(question=q, player=org.executive, choice=q.correct_choice)
    assert result.seconds_taken >= 30
    assert result.points <= 130


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_leave_exactly_one_answer(org):
    game = start_game(org)
    q = quiz_question_next(game=game, player=org.executive)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit(choice: int):
        try:
            barrier.wait(timeout=10)
            quiz_answer_submit(question=q, player=org.executive, choice=choice)
            outcomes.append("stored")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(c,)) for c in (q.correct_choice, (q.correct_choice + 1) % 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "stored"]
    assert QuizAnswer.objects.filter(question=q).count() == 1
