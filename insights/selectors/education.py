"""Reads for executive education: the center's recent figures, quiz games and leaderboards, listen-ins."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncHour
from django.utils import timezone

from accounts.models import Role, User
from accounts.policy import Action, allowed
from insights.models import Contact, ListenInSession, QuizAnswer, QuizGame
from insights.models.contacts import QUEUED_CHANNELS
from insights.quiz import SAMPLE_FIGURES, CenterFigures

RECENT_DAYS = 28


def _offered(queryset: QuerySet[Contact]) -> QuerySet[Contact]:
    """Contacts that count as offered: short abandons (dialled by mistake) do not."""
    return queryset.exclude(abandoned=True, wait_seconds__lt=settings.SHORT_ABANDON_SECONDS)


def recent_center_figures(*, queue: str | None = None, now: datetime | None = None) -> CenterFigures:
    """The center's recent volume per hour, handle time and worst-day abandonment, for the calculator and quiz.

    An adapter of its own (plain ORM on Contact) so education does not wait on the metrics work; the window is
    the last four weeks, or the four weeks up to the latest contact when the data is older than that.
    """
    now = now or timezone.now()
    queued = Contact.objects.filter(channel__in=QUEUED_CHANNELS)
    if queue:
        queued = queued.filter(queue=queue)
    latest = queued.filter(started_at__lte=now).aggregate(latest=Max("started_at"))["latest"]
    if latest is None:
        return SAMPLE_FIGURES
    end = min(now, latest + timedelta(seconds=1))
    window = _offered(queued.filter(started_at__gte=end - timedelta(days=RECENT_DAYS), started_at__lt=end))

    hourly = list(window.annotate(hour=TruncHour("started_at")).values("hour").annotate(n=Count("id")).order_by())
    if not hourly:
        return SAMPLE_FIGURES
    total = sum(row["n"] for row in hourly)
    by_hour_of_day: dict[int, list[int]] = defaultdict(list)
    for row in hourly:
        by_hour_of_day[timezone.localtime(row["hour"]).hour].append(row["n"])
    busiest_hour, counts = max(by_hour_of_day.items(), key=lambda item: (sum(item[1]) / len(item[1]), -item[0]))

    aht = window.filter(abandoned=False, handle_seconds__gt=0).aggregate(aht=Avg("handle_seconds"))["aht"]

    last_week = window.filter(started_at__gte=end - timedelta(days=7))
    days = list(
        last_week.annotate(day=TruncDate("started_at"))
        .values("day")
        .annotate(offered=Count("id"), abandoned=Count("id", filter=Q(abandoned=True)))
        .order_by()
    )
    worst = max(days, key=lambda row: (row["abandoned"] / row["offered"], row["day"]), default=None)
    return CenterFigures(
        hourly_contacts=total / len(hourly),
        busiest_hour=busiest_hour,
        busiest_hour_contacts=sum(counts) / len(counts),
        aht_seconds=float(aht) if aht else SAMPLE_FIGURES.aht_seconds,
        target_seconds=settings.SERVICE_LEVEL_SECONDS,
        abandonment_day=worst["day"] if worst else None,
        abandonment_rate=worst["abandoned"] / worst["offered"] if worst else None,
        contacts=total,
        is_sample=False,
    )


def contact_queues() -> list[str]:
    """Queue names seen on contacts, for the listen-in form."""
    return list(Contact.objects.exclude(queue="").order_by("queue").values_list("queue", flat=True).distinct()[:200])


# --- quiz -----------------------------------------------------------------------------------


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
    condition = Q(pk__in=[])
    if "executives" in groups:
        condition |= Q(memberships__role=Role.EXECUTIVE, memberships__department__isnull=True)
    if department_ids:
        condition |= Q(
            memberships__department_id__in=department_ids, memberships__role__in=[Role.MEMBER, Role.SIGNATORY]
        )
    return list(User.objects.filter(condition, is_active=True).distinct().order_by("full_name", "email"))


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


# --- listen-in ------------------------------------------------------------------------------


def listen_in_sessions_for(*, user: User) -> QuerySet[ListenInSession]:
    """Sessions the user may see: all of them for center staff and executives, their own for guests."""
    sessions = ListenInSession.objects.select_related("guest", "scheduled_by", "insight")
    if not allowed(user, Action.VIEW_EXECUTIVE):
        sessions = sessions.filter(guest=user)
    return sessions.order_by("-starts_at")


def listen_in_evidence_contacts(*, session: ListenInSession) -> QuerySet[Contact]:
    """The contacts of the session's queue during its window: the evidence of what the guest heard."""
    return Contact.objects.filter(
        queue=session.queue, started_at__gte=session.starts_at, started_at__lt=session.ends_at
    ).order_by("started_at", "id")


def listen_in_summary(*, start: datetime, end: datetime, now: datetime | None = None) -> dict:
    """For the executive dashboard: executives who listened in during [start, end), and each session's insight.

    A session counts as listened once it has started and the guest did not decline it.
    """
    now = now or timezone.now()
    sessions = (
        ListenInSession.objects.filter(starts_at__gte=start, starts_at__lt=end, starts_at__lte=now)
        .exclude(response=ListenInSession.Response.DECLINED)
        .select_related("guest", "insight")
        .order_by("-starts_at")
    )
    executive_ids = set(
        User.objects.filter(memberships__role=Role.EXECUTIVE, memberships__department__isnull=True).values_list(
            "id", flat=True
        )
    )
    rows = []
    listened: set[int] = set()
    for session in sessions:
        is_executive = session.guest_id in executive_ids
        if is_executive:
            listened.add(session.guest_id)
        rows.append(
            {
                "id": session.pk,
                "guest": str(session.guest),
                "guest_is_executive": is_executive,
                "starts_at": session.starts_at,
                "queue": session.queue,
                "response": session.response,
                "has_notes": bool(session.notes),
                "insights": (
                    [{"id": session.insight.pk, "title": session.insight.title, "status": session.insight.status}]
                    if session.insight_id
                    else []
                ),
            }
        )
    return {"executives_listened": len(listened), "sessions": rows}
