"""Every write in executive education: the quiz and listen-in sessions, one module each."""

from education.services.listen_in import (
    listen_in_calendar,
    listen_in_insight_draft,
    listen_in_invitation_send,
    listen_in_notes_record,
    listen_in_respond,
    listen_in_schedule,
)
from education.services.quiz import (
    CORRECT_POINTS,
    MAX_QUESTIONS,
    SPEED_BONUS_SECONDS,
    quiz_answer_submit,
    quiz_game_start,
    quiz_points,
    quiz_question_next,
)

__all__ = [
    "CORRECT_POINTS",
    "MAX_QUESTIONS",
    "SPEED_BONUS_SECONDS",
    "listen_in_calendar",
    "listen_in_insight_draft",
    "listen_in_invitation_send",
    "listen_in_notes_record",
    "listen_in_respond",
    "listen_in_schedule",
    "quiz_answer_submit",
    "quiz_game_start",
    "quiz_points",
    "quiz_question_next",
]
