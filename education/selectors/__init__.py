"""Every non-trivial read in executive education: the center's figures, the quiz, listen-in sessions."""

from education.selectors.figures import RECENT_DAYS, contact_queues, recent_center_figures
from education.selectors.listen_in import listen_in_evidence_contacts, listen_in_sessions_for, listen_in_summary
from education.selectors.quiz import (
    LeaderboardRow,
    parse_quarter,
    quarter_bounds,
    quiz_answered_counts,
    quiz_games_for,
    quiz_group_members,
    quiz_groups,
    quiz_leaderboard,
)

__all__ = [
    "RECENT_DAYS",
    "LeaderboardRow",
    "contact_queues",
    "listen_in_evidence_contacts",
    "listen_in_sessions_for",
    "listen_in_summary",
    "parse_quarter",
    "quarter_bounds",
    "quiz_answered_counts",
    "quiz_games_for",
    "quiz_group_members",
    "quiz_groups",
    "quiz_leaderboard",
    "recent_center_figures",
]
