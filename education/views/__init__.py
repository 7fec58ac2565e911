"""Server-rendered pages for executive education, one module per area; routes in urls.py."""

from education.views.calculator import staffing_calculator, tradeoff_sentence
from education.views.listen_in import (
    listen_in_answer,
    listen_in_detail,
    listen_in_draft_insight,
    listen_in_list,
    listen_in_new,
    listen_in_respond,
)
from education.views.quiz import quiz_answered, quiz_game_new, quiz_home, quiz_leaderboard, quiz_play

__all__ = [
    "listen_in_answer",
    "listen_in_detail",
    "listen_in_draft_insight",
    "listen_in_list",
    "listen_in_new",
    "listen_in_respond",
    "quiz_answered",
    "quiz_game_new",
    "quiz_home",
    "quiz_leaderboard",
    "quiz_play",
    "staffing_calculator",
    "tradeoff_sentence",
]
