"""Reads for the quiz: quarters, the groups a game is for, games and their leaderboards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.policy import Action, allowed, group_members
from education.models import QuizAnswer, QuizGame


def quarter_bounds(day: date) -> tuple[datetime, datetime, str]:
    """Start and end (aware, exclusive) of the calendar quarter holding `day`, and its label ("2025-Q3")."""
    quarter = (day.month - 1) // 3
    start = date(day.year, quarter * 3 + 1, 1)
    end = date(day.year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, datetime.min.time(), tzinfo=tz),
        datetime.combine(end, datetime.min.time(), tzinfo=tz),
        f"{day.year}-Q{quarter + 1}",
    )


def parse_quarter(label: str) -> tuple[datetime, datetime, str]:
    """ "2025-Q3" -> its bounds; raises ValueError for anything else."""
    year, _, number = label.upper().partition("-Q")
    quarter = int(number)
    if not 1 <= quarter <= 4:
        raise ValueError(label)
    return quarter_bounds(date(int(year), quarter * 3 - 2, 1))


def quiz_groups() -> list[tuple[str, str]]:
    """Groups a lead can start a game for: executives, and each non-center department."""
    from accounts.models import Department

    groups = [("executives", "Executives")]
    groups += [
        (f"department:{d.pk}", d.name) for d in Department.objects.filter(is_contact_center=False).order_by("name")
    ]
    return groups


def quiz_group_members(*, groups: list[str]) -> list[User]:
    """People in the chosen groups ("executives", "department:<id>") who may play."""
    department_ids = [int(g.split(":", 1)[1]) for g in groups if g.startswith("department:")]
    members = group_members(executives="executives" in groups, department_ids=department_ids)
    return list(members.order_by("full_name", "email"))


def quiz_games_for(*, user: User) -> QuerySet[QuizGame]:
    """Games the user plays in (all games for leads who run them), with their own progress."""
    games = QuizGame.objects.annotate(
        question_count=Count("questions", distinct=True),
        player_count=Count("players", distinct=True),
    )
    if not allowed(user, Action.RUN_GAME):
        games = games.filter(players=user)
    return games.order_by("-created_at")


def quiz_answered_counts(*, user: User, game_ids: list[int]) -> dict[int, int]:
    """How many questions the user has answered in each game."""
    rows = (
        QuizAnswer.objects.filter(attempt__player=user, attempt__game_id__in=game_ids)
        .values("attempt__game_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["attempt__game_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class LeaderboardRow:
    rank: int
    player_id: int
    name: str
    points: int
    correct: int
    answered: int
    seconds: float


def quiz_leaderboard(*, start: datetime, end: datetime, game: QuizGame | None = None) -> list[LeaderboardRow]:
    """Players ranked by points, then right answers, then total time, over games started in [start, end)."""
    answers = QuizAnswer.objects.filter(attempt__game__created_at__gte=start, attempt__game__created_at__lt=end)
    if game is not None:
        answers = answers.filter(attempt__game=game)
    rows = (
        answers.values("attempt__player_id", "attempt__player__full_name", "attempt__player__email")
        .annotate(
            points=Sum("points"),
            correct=Count("id", filter=Q(is_correct=True)),
            answered=Count("id"),
            seconds=Sum("seconds_taken"),
        )
        .order_by("-points", "-correct", "seconds", "attempt__player__full_name")
    )
    return [
        LeaderboardRow(
            rank=index,
            player_id=row["attempt__player_id"],
            name=row["attempt__player__full_name"] or row["attempt__player__email"],
            points=row["points"] or 0,
            correct=row["correct"],
            answered=row["answered"],
            seconds=float(row["seconds"] or 0),
        )
        for index, row in enumerate(rows, start=1)
    ]
