"""The quiz: computed answers, scoring, final answers (also under a race), leaderboard, figures from contacts."""

import math
import random
import threading
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from config.errors import Conflict
from education import quiz, staffing
from education.models import QuizAnswer, QuizAttempt, QuizPresentation
from education.quiz import SAMPLE_FIGURES, CenterFigures, build_questions
from education.selectors import parse_quarter, quiz_leaderboard, recent_center_figures
from education.services import quiz_answer_submit, quiz_game_start, quiz_points, quiz_question_next
from tests.education.education_support import make_contact, start_game

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


def fewest_for(traffic: float, aht: float, level: float, target: float = 20) -> int:
    """Independent of required_agents: walk up one agent at a time with the public service_level()."""
    n = math.floor(traffic) + 1
    while staffing.service_level(agents=n, traffic=traffic, aht_seconds=aht, target_seconds=target) < level:
        n += 1
    return n


def question(template: str, figures: CenterFigures = REAL_FIGURES, seed: int = 1) -> quiz.QuestionDraft:
    return quiz.TEMPLATES[template](figures, random.Random(seed))


def test_the_seed_question_uses_the_real_abandonment_and_computes_occupancy():
    q = question("occupancy_after_adding_people")
    traffic = 100 * 180 / 3600  # 5 Erlangs
    team = fewest_for(traffic, 180, 0.8)
    # By hand: at 5 Erlangs, 7 agents wait with probability 0.3241 and answer 1 − 0.3241·e^(−2·20/180) = 74 %
    # within 20 s; 8 agents answer 88 %. So the team is 8, and 3 more take occupancy from 5/8 to 5/11.
    assert team == 8
    assert q.prompt.startswith("Last Tuesday 14% of callers hung up before reaching anyone.")
    assert "add 3 people at 2 pm" in q.prompt
    assert (
        q.correct_text == f"It falls from {round(100 * traffic / team)}% to about {round(100 * traffic / (team + 3))}%"
    )
    assert q.correct_text == "It falls from 62% to about 45%"
    assert "occupancy" in q.explanation


def test_occupancy_falls_when_the_service_level_rises():
    q = question("occupancy_when_service_level_rises")
    traffic = 5.0
    low, high = fewest_for(traffic, 180, 0.8), fewest_for(traffic, 180, 0.95)
    assert high > low
    assert q.correct_text == f"It goes down, from {round(100 * traffic / low)}% to about {round(100 * traffic / high)}%"


def test_people_for_a_higher_service_level_is_computed_not_scaled():
    q = question("people_for_higher_service_level")
    assert q.correct_text == f"{fewest_for(5.0, 180, 0.9)} people"


def test_the_wait_with_one_person_fewer_is_erlang_c():
    q = question("wait_when_one_person_steps_away")
    team = fewest_for(5.0, 180, 0.8)
    wait = staffing.average_speed_of_answer(agents=team - 1, traffic=5.0, aht_seconds=180)
    assert q.correct_text == f"About {round(wait)} seconds"


def test_people_saved_by_shorter_calls():
    q = question("people_saved_by_shorter_calls")
    saved = fewest_for(5.0, 180, 0.8) - fewest_for(100 * 150 / 3600, 150, 0.8)
    expected = (
        "None: the same number of people" if saved == 0 else f"{saved} fewer {'person' if saved == 1 else 'people'}"
    )
    assert q.correct_text == expected


def test_abandonment_question_reads_the_real_day():
    q = question("abandonment_on_the_worst_day")
    assert "Tuesday 4 March" in q.prompt
    assert q.correct_text == "14 in 100"


@pytest.mark.parametrize(
    "figures",
    [
        SAMPLE_FIGURES,
        REAL_FIGURES,
        CenterFigures(hourly_contacts=2, busiest_hour=8, busiest_hour_contacts=3, aht_seconds=240, target_seconds=20),
        CenterFigures(
            hourly_contacts=4000,
            busiest_hour=10,
            busiest_hour_contacts=6000,
            aht_seconds=420,
            target_seconds=30,
            abandonment_rate=0.003,
            abandonment_day=date(2025, 1, 6),
        ),
    ],
)
@pytest.mark.parametrize("seed", range(5))
def test_every_question_has_four_distinct_choices_and_one_right_answer(figures, seed):
    for draft in build_questions(figures, count=6, seed=seed):
        assert len(draft.choices) == 4
        assert len(set(draft.choices)) == 4, draft.choices
        assert 0 <= draft.correct_choice < 4
        assert draft.explanation


def test_sample_figures_leave_out_the_abandonment_question():
    templates = {d.template for d in build_questions(SAMPLE_FIGURES, count=6, seed=1)}
    assert "abandonment_on_the_worst_day" not in templates
    assert len(templates) == 5


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


def test_the_leaderboard_ranks_by_points_then_right_answers(org):
    game = start_game(org, count=2)
    answer(org, game, org.executive, right=True)
    answer(org, game, org.executive, right=True)
    answer(org, game, org.marketing_member, right=True)
    answer(org, game, org.marketing_member, right=False)
    start, end, _ = parse_quarter(f"{game.created_at.year}-Q{(game.created_at.month - 1) // 3 + 1}")
    rows = quiz_leaderboard(start=start, end=end)
    assert [r.player_id for r in rows] == [org.executive.pk, org.marketing_member.pk]
    assert (rows[0].correct, rows[1].correct) == (2, 1)
    assert rows[0].points > rows[1].points
    earlier = start - timedelta(days=1)
    assert quiz_leaderboard(start=earlier - timedelta(days=90), end=earlier) == []


def test_quarters():
    start, end, label = parse_quarter("2025-Q4")
    assert (start.date(), end.date(), label) == (date(2025, 10, 1), date(2026, 1, 1), "2025-Q4")
    with pytest.raises(ValueError):
        parse_quarter("2025-Q5")


def test_center_figures_come_from_the_contacts(db, settings):
    settings.SHORT_ABANDON_SECONDS = 5
    tz = timezone.get_current_timezone()
    tuesday = datetime(2025, 3, 4, 14, 0, tzinfo=tz)
    monday = tuesday - timedelta(days=1)
    for i in range(8):  # Tuesday 2 pm: 8 calls, 2 abandoned after waiting, 1 short abandon (not offered)
        make_contact(started_at=tuesday + timedelta(minutes=5 * i), abandoned=i < 2, wait=90, handle=200)
    make_contact(started_at=tuesday + timedelta(minutes=50), abandoned=True, wait=2)
    for i in range(4):  # Monday 9 am: 4 calls, none abandoned
        make_contact(started_at=monday.replace(hour=9) + timedelta(minutes=10 * i), handle=400)
    make_contact(started_at=tuesday, channel="email", handle=999)  # not queued: ignored
    figures = recent_center_figures(now=tuesday + timedelta(days=2))
    assert figures.is_sample is False
    assert figures.contacts == 12
    assert figures.busiest_hour == 14
    assert figures.busiest_hour_contacts == 8
    assert figures.hourly_contacts == 6
    assert figures.aht_seconds == pytest.approx((6 * 200 + 4 * 400) / 10)
    assert figures.abandonment_day == date(2025, 3, 4)
    assert figures.abandonment_rate == pytest.approx(2 / 8)


def test_with_no_contacts_the_figures_are_the_labelled_sample(db):
    assert recent_center_figures() == SAMPLE_FIGURES
    assert recent_center_figures().is_sample
