"""Demo data for executive education: a played quiz game and a past listen-in session with its draft insight."""

import random
from datetime import timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from education.models import ListenInSession, QuizGame, QuizPresentation
from education.selectors import quiz_group_members, quiz_groups, recent_center_figures
from education.services import (
    listen_in_insight_draft,
    listen_in_notes_record,
    quiz_answer_submit,
    quiz_game_start,
    quiz_question_next,
)
from insights.models import Contact
from insights.models.contacts import QUEUED_CHANNELS
from insights.services.metrics_rollup import contact_metrics_rollup_recount

SOURCE = "demo-education"
QUEUE = "billing"
GAME_TITLE = "Demo: how a contact center works"
NOTES = (
    "Four of the callers I heard were confused by the new bill layout: they could not find the due date and "
    "thought they had been charged twice. One was ready to cancel. The agents explained it patiently every time — "
    "a clearer bill would have saved all of those calls."
)
REASONS = ["billing_question", "double_charge", "payment_failed", "plan_change", "cancel"]


def _contact(external_id: str, started_at, rng: random.Random, *, queue: str = QUEUE) -> Contact:
    abandoned = rng.random() < 0.12
    return Contact(
        source=SOURCE,
        external_id=external_id,
        channel="call" if rng.random() < 0.8 else "chat",
        started_at=started_at,
        queue=queue,
        wait_seconds=rng.randint(40, 240) if abandoned else rng.randint(0, 90),
        handle_seconds=0 if abandoned else rng.randint(150, 520),
        abandoned=abandoned,
        reason_code=rng.choice(REASONS),
        text="" if abandoned else "Customer asked about the new bill layout.",
    )


def _ensure_recent_volume(now) -> int:
    """A week of calls, 8 am to 6 pm, when the center has hardly any recent contacts (only then)."""
    recent = Contact.objects.filter(channel__in=QUEUED_CHANNELS, started_at__gte=now - timedelta(days=28))
    if recent.count() >= 100 or Contact.objects.filter(source=SOURCE, external_id__startswith="week-").exists():
        return 0
    rng = random.Random(9)
    rows = []
    today = timezone.localtime(now).replace(minute=0, second=0, microsecond=0)
    for day in range(1, 8):
        for hour in range(8, 18):
            start = (today - timedelta(days=day)).replace(hour=hour)
            busy = 1.6 if hour in (10, 11, 14) else 1.0
            for n in range(int(rng.randint(14, 22) * busy)):
                rows.append(_contact(f"week-{day}-{hour}-{n}", start + timedelta(seconds=rng.randint(0, 3599)), rng))
    Contact.objects.bulk_create(rows, ignore_conflicts=True)
    moments = [c.started_at for c in rows]
    contact_metrics_rollup_recount(first=min(moments), last=max(moments))
    return len(rows)


def _play(game: QuizGame, player: User, rng: random.Random) -> None:
    while (question := quiz_question_next(game=game, player=player)) is not None:
        # Pretend the player took a while to think: move the question's clock back.
        QuizPresentation.objects.filter(attempt__game=game, attempt__player=player, question=question).update(
            shown_at=timezone.now() - timedelta(seconds=rng.randint(6, 70))
        )
        right = rng.random() < 0.65
        choice = question.correct_choice if right else (question.correct_choice + 1) % len(question.choices)
        quiz_answer_submit(question=question, player=player, choice=choice)


def _seed_game(lead: User) -> QuizGame:
    game = QuizGame.objects.filter(title=GAME_TITLE).first()
    if game is not None:
        return game
    groups = [key for key, _ in quiz_groups()]
    players = quiz_group_members(groups=groups)
    game = quiz_game_start(
        started_by=lead,
        title=GAME_TITLE,
        players=players,
        question_count=5,
        figures=recent_center_figures(),
        group_label="Executives and every department",
        seed=2024,
    )
    rng = random.Random(5)
    for email in ("exec@demo.local", "marketing.member@demo.local", "sales.signatory@demo.local"):
        player = next((p for p in players if p.email == email), None)
        if player is not None:
            _play(game, player, rng)
    return game


def _seed_listen_in(lead: User, executive: User) -> ListenInSession:
    session = ListenInSession.objects.filter(guest=executive, queue=QUEUE, notes__gt="").first()
    if session is None:
        starts_at = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) - timedelta(days=3)
        session = ListenInSession.objects.create(
            guest=executive,
            scheduled_by=lead,
            starts_at=starts_at,
            duration_minutes=60,
            queue=QUEUE,
            response=ListenInSession.Response.ACCEPTED,
            responded_at=starts_at - timedelta(days=2),
            invitation_sent_at=starts_at - timedelta(days=4),
        )
    in_window = Contact.objects.filter(queue=QUEUE, started_at__gte=session.starts_at, started_at__lt=session.ends_at)
    if in_window.count() < 6:
        rng = random.Random(session.pk)
        Contact.objects.bulk_create(
            [
                _contact(f"listen-in-{session.pk}-{n}", session.starts_at + timedelta(minutes=5 * n + 1), rng)
                for n in range(10)
            ],
            ignore_conflicts=True,
        )
        contact_metrics_rollup_recount(first=session.starts_at, last=session.ends_at)
    if not session.notes:
        session = listen_in_notes_record(session=session, user=executive, notes=NOTES)
    if session.insight_id is None:
        listen_in_insight_draft(session=session, user=executive)
    return session


@transaction.atomic
def seed_education() -> dict:
    """Idempotent: a played quiz game and a past listen-in session whose notes became a draft insight."""
    lead = User.objects.get(email="lead@demo.local")
    executive = User.objects.get(email="exec@demo.local")
    now = timezone.now()
    added = _ensure_recent_volume(now)
    session = _seed_listen_in(lead, executive)
    game = _seed_game(lead)
    answered = game.attempts.aggregate(n=Count("answers"))["n"]
    return {"contacts_added": added, "listen_in": session.pk, "game": game.pk, "answers": answered}
