"""education.selectors.quiz: the leaderboard and quarters."""

from datetime import date, timedelta

import pytest

from education.selectors import parse_quarter, quiz_leaderboard
from education.services import quiz_answer_submit, quiz_question_next
from tests.education.education_support import start_game


def answer(org, game, player, *, right: bool):
    q = quiz_question_next(game=game, player=player)
    choice = q.correct_choice if right else (q.correct_choice + 1) % len(q.choices)
    return quiz_answer_submit(question=q, player=player, choice=choice)


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
